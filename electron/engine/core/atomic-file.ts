/**
 * Small state files written whole or not at all: a unique temp file (0600), every byte written,
 * fsync, rename over the target, fsync of the folder. Synchronous, for the few files whose
 * write must be on disk before the caller goes on (an exchange's book before its answer).
 */
import { randomBytes } from 'node:crypto'
import { closeSync, fsyncSync, openSync, renameSync, rmSync, writeSync } from 'node:fs'
import path from 'node:path'

/** Replaces `file` with `text` atomically; with `durable`, on disk before it returns. */
export function writeFileAtomicSync(file: string, text: string, durable: boolean): void {
  const dir = path.dirname(file)
  const temp = path.join(
    dir,
    `.${path.basename(file)}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`,
  )
  const bytes = Buffer.from(text)
  try {
    const fd = openSync(temp, 'wx', 0o600)
    try {
      let written = 0
      while (written < bytes.length) written += writeSync(fd, bytes, written)
      if (durable) fsyncSync(fd)
    } finally {
      closeSync(fd)
    }
    renameSync(temp, file)
  } catch (error) {
    rmSync(temp, { force: true })
    throw error
  }
  if (!durable) return
  const fd = openSync(dir, 'r')
  try {
    fsyncSync(fd)
  } finally {
    closeSync(fd)
  }
}
