/**
 * DIR/server.json: how a script (or a trader who lost the printed link) finds the running
 * server. It holds the access token, so only its owner may read it.
 */
import { readFile, rm } from 'node:fs/promises'
import { serverFile } from '../engine/core'
import { writePrivateFile } from '../host'

/** What server.json holds. */
export interface ServerFile {
  readonly port: number
  readonly token: string
  readonly pid: number
  readonly url: string
}

/** Writes server.json atomically, readable and writable by its owner only (0600). */
export async function writeServerFile(dataDir: string, info: ServerFile): Promise<string> {
  const file = serverFile(dataDir)
  await writePrivateFile(file, JSON.stringify(info, null, 2) + '\n')
  return file
}

/** What server.json says, or null when there is none (or it cannot be read). */
export async function readServerFile(dataDir: string): Promise<ServerFile | null> {
  try {
    return JSON.parse(await readFile(serverFile(dataDir), 'utf8')) as ServerFile
  } catch {
    return null
  }
}

/** Removes server.json if it still describes this server. */
export async function removeServerFile(dataDir: string, token: string): Promise<void> {
  const current = await readServerFile(dataDir)
  if (current && current.token !== token) return
  await rm(serverFile(dataDir), { force: true })
}
