/**
 * The bots' API token: one long-lived secret in DIR/api-token (0600), made on the first start
 * and kept across restarts until the trader rotates it, so a restart never locks a bot out.
 * A browser never holds it: the console signs in with a one-time link and a session of its own.
 */
import { randomBytes } from 'node:crypto'
import { readFile } from 'node:fs/promises'
import { apiTokenFile } from '../engine/core'
import { writePrivateFile } from '../host'

const TOKEN_SHAPE = /^[0-9a-f]{64}$/

/** A fresh 256-bit secret, as 64 hex characters. */
export function createSecret(): string {
  return randomBytes(32).toString('hex')
}

/** The token in DIR/api-token, or null when there is none. Throws when the file is not one. */
export async function readApiToken(dataDir: string): Promise<string | null> {
  const file = apiTokenFile(dataDir)
  let text: string
  try {
    text = await readFile(file, 'utf8')
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null
    throw error
  }
  const token = text.trim()
  if (!TOKEN_SHAPE.test(token)) {
    throw new Error(
      `${file} does not hold an API token (64 hex characters). Run "vigil token rotate" to write a new one; bots then need the new token.`,
    )
  }
  return token
}

/** The token bots use: the one kept in the data folder, or a new one written there first. */
export async function loadApiToken(dataDir: string): Promise<string> {
  return (await readApiToken(dataDir)) ?? (await writeApiToken(dataDir))
}

/** Writes a new token (0600, on disk before it is returned) and returns it. */
export async function writeApiToken(dataDir: string): Promise<string> {
  const token = createSecret()
  await writePrivateFile(apiTokenFile(dataDir), token + '\n')
  return token
}
