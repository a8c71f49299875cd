/**
 * Small files only their owner may read: what a host keeps beside the data folder (API keys,
 * its own address and token), written whole or not at all.
 */
import { randomBytes } from 'node:crypto'
import { chmod, mkdir, open, rename } from 'node:fs/promises'
import path from 'node:path'

/**
 * Writes a file only its owner can read or write (0600), atomically: a fresh temp file created
 * with that mode, synced, then renamed over the target.
 */
export async function writePrivateFile(file: string, data: string | Buffer): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true, mode: 0o700 })
  const temp = `${file}.${randomBytes(6).toString('hex')}.tmp`
  const handle = await open(temp, 'wx', 0o600)
  try {
    await handle.writeFile(data)
    await handle.sync()
  } finally {
    await handle.close()
  }
  await chmod(temp, 0o600)
  await rename(temp, file)
}
