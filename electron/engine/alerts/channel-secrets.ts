/**
 * Where the secret of an alert channel (a bot token, a webhook's key) is kept. The engine never
 * stores one: each host brings its own store, as it does for exchange keys (Electron: the OS key
 * store; server: an environment variable or a file only its owner may read).
 */
import type { ChannelId } from '../../../shared/channels'

/** A host's store of channel secrets. */
export interface ChannelSecretStore {
  /** The channel's secret, or null. Never send it to the console, the journal or a log. */
  get(channel: ChannelId): Promise<string | null>
  /** Stores (or replaces) the secret; throws an Error saying why it cannot. */
  set(channel: ChannelId, secret: string): Promise<void>
  /** Forgets the secret; throws an Error saying why it cannot. */
  delete(channel: ChannelId): Promise<void>
  /** Where the channel's secret comes from, in words, or null when none is stored. */
  source(channel: ChannelId): Promise<string | null>
  /** Where secrets are kept, in words a trader understands. */
  describe(): string
}

/** A store kept in memory only (tests, and a rehearsal's scratch engine). */
export class MemoryChannelSecrets implements ChannelSecretStore {
  private readonly secrets = new Map<ChannelId, string>()

  async get(channel: ChannelId): Promise<string | null> {
    return this.secrets.get(channel) ?? null
  }

  async set(channel: ChannelId, secret: string): Promise<void> {
    this.secrets.set(channel, secret)
  }

  async delete(channel: ChannelId): Promise<void> {
    this.secrets.delete(channel)
  }

  async source(channel: ChannelId): Promise<string | null> {
    return this.secrets.has(channel) ? 'memory (until Vigil stops)' : null
  }

  describe(): string {
    return 'in memory only, until Vigil stops'
  }
}
