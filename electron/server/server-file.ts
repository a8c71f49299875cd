/**
 * DIR/server.json: how a script (or a trader who lost the printed link) finds the running
 * server. It holds the access token, so only its owner may read it.
 */
import { randomBytes } from 'node:crypto'
import { chmod, mkdir, open, readFile, rename, rm } from 'node:fs/promises'
import path from 'node:path'

/** What server.json holds. */
export interface ServerFile {
  readonly port: number
  readonly token: string
  readonly pid: number
  readonly url: string
}

/** The path of server.json in a data folder. */
export function serverFilePath(dataDir: string): string {
  return path.join(dataDir, 'server.json')
}

/** Writes server.json atomically, readable and writable by its owner only (0600). */
export async function writeServerFile(dataDir: string, info: ServerFile): Promise<string> {
  await mkdir(dataDir, { recursive: true, mode: 0o700 })
  const file = serverFilePath(dataDir)
  // A fresh temp file created with mode 0600 never exists with wider permissions, even briefly.
  const temp = `${file}.${randomBytes(6).toString('hex')}.tmp`
  const handle = await open(temp, 'wx', 0o600)
  try {
    await handle.writeFile(JSON.stringify(info, null, 2) + '\n')
    await handle.sync()
  } finally {
    await handle.close()
  }
  // The umask cannot widen 0600, but chmod makes the mode certain on every platform.
  await chmod(temp, 0o600)
  await rename(temp, file)
  return file
}

/** Reads server.json, or null if it is missing or unreadable. */
export async function readServerFile(dataDir: string): Promise<ServerFile | null> {
  try {
    return JSON.parse(await readFile(serverFilePath(dataDir), 'utf8')) as ServerFile
  } catch {
    return null
  }
}

/** Removes server.json if it still describes this server. */
export async function removeServerFile(dataDir: string, token: string): Promise<void> {
  const current = await readServerFile(dataDir)
  if (current && current.token !== token) return
  await rm(serverFilePath(dataDir), { force: true })
}
