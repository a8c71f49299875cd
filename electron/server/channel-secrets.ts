/**
 * Alert channel secrets for the headless host, kept like its exchange keys: an environment
 * variable VIGIL_CHANNEL_<CHANNEL>_SECRET, or a JSON file only its owner may read (mode 0600).
 * A file anyone else can read is refused, with the fix.
 */
import { readFile, stat } from 'node:fs/promises'
import { CHANNEL_IDS, type ChannelId } from '../../shared/channels'
import type { ChannelSecretStore } from '../engine/alerts'
import { writePrivateFile } from '../host'

/** The environment variable that holds a channel's secret. */
export function channelSecretVariable(channel: ChannelId): string {
  return `VIGIL_CHANNEL_${channel.toUpperCase()}_SECRET`
}

type SecretFile = Partial<Record<ChannelId, string>>

/** Channel secrets from the environment or a 0600 file; the environment wins. */
export class ServerChannelSecrets implements ChannelSecretStore {
  constructor(
    private readonly file: string,
    private readonly env: Readonly<Record<string, string | undefined>> = process.env,
    private readonly platform: NodeJS.Platform = process.platform,
  ) {}

  async get(channel: ChannelId): Promise<string | null> {
    return this.env[channelSecretVariable(channel)] || ((await this.read())[channel] ?? null)
  }

  async set(channel: ChannelId, secret: string): Promise<void> {
    this.writable(channel)
    const secrets = await this.read()
    secrets[channel] = secret
    await writePrivateFile(this.file, JSON.stringify(secrets, null, 2) + '\n')
  }

  async delete(channel: ChannelId): Promise<void> {
    this.writable(channel)
    const secrets = await this.read()
    if (!(channel in secrets)) return
    delete secrets[channel]
    await writePrivateFile(this.file, JSON.stringify(secrets, null, 2) + '\n')
  }

  async source(channel: ChannelId): Promise<string | null> {
    const variable = channelSecretVariable(channel)
    if (this.env[variable]) return `environment variable ${variable}`
    return (await this.read())[channel] ? `file ${this.file}` : null
  }

  describe(): string {
    return `the file ${this.file} (readable only by you, mode 0600), or environment variables VIGIL_CHANNEL_<CHANNEL>_SECRET`
  }

  private writable(channel: ChannelId): void {
    const variable = channelSecretVariable(channel)
    if (this.env[variable])
      throw new Error(
        `This secret comes from the environment variable ${variable}; change or unset it there and restart the server.`,
      )
  }

  private async read(): Promise<SecretFile> {
    let info
    try {
      info = await stat(this.file)
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return {}
      throw error
    }
    if (this.platform !== 'win32' && (info.mode & 0o077) !== 0)
      throw new Error(
        `The file ${this.file} can be read by other users; run "chmod 600 ${this.file}". Until then Vigil will not read channel secrets from it.`,
      )
    let parsed: unknown
    try {
      parsed = JSON.parse(await readFile(this.file, 'utf8'))
    } catch {
      throw new Error(
        `The file ${this.file} is not valid JSON; fix it or remove it and store the secrets again.`,
      )
    }
    const secrets: SecretFile = {}
    if (typeof parsed === 'object' && parsed !== null)
      for (const id of CHANNEL_IDS) {
        const value = (parsed as Record<string, unknown>)[id]
        if (typeof value === 'string' && value) secrets[id] = value
      }
    return secrets
  }
}
