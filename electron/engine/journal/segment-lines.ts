/**
 * Segment files and the lines in them: their names (one UTC day each), the folder's list, and
 * a group's lines as they are stored. Also the few file operations open and the writer share.
 */
import { promises as fsp } from 'node:fs'
import fs from 'node:fs'
import { HASH_FIELD } from './chain'

const SEGMENT_PATTERN = /^\d{4}-\d{2}-\d{2}\.jsonl$/
/** A line's end. */
export const NEWLINE = 0x0a
/**
 * A stored line's bytes beyond its body's: `,"hash":"<64 hex>"}` in place of the body's closing
 * brace, then a newline (which pays back the brace).
 */
export const LINE_EXTRA = HASH_FIELD.length + 64 + 2

let lastDay = Number.NaN
let lastName = ''

/** The segment file name (UTC day) for a timestamp. */
export function segmentName(ts: number): string {
  const day = Math.floor(ts / 86_400_000)
  if (day !== lastDay) {
    lastName = `${new Date(day * 86_400_000).toISOString().slice(0, 10)}.jsonl`
    lastDay = day
  }
  return lastName
}

/** The segment files of a journal folder, oldest first. */
export function listSegments(dir: string): string[] {
  return fs
    .readdirSync(dir)
    .filter((f) => SEGMENT_PATTERN.test(f))
    .sort()
}

/**
 * The stored lines of a group: each body with its closing brace replaced by the hash field,
 * as `sealLine` builds it, written straight into one buffer.
 */
export function sealLines(bodies: readonly string[], hashes: readonly string[]): Buffer {
  let chars = 0
  for (const body of bodies) chars += body.length
  // UTF-8 takes at most 3 bytes per UTF-16 unit; the hash field adds 76 bytes and a newline.
  const buf = Buffer.allocUnsafe(chars * 3 + bodies.length * (HASH_FIELD.length + 64 + 3))
  let offset = 0
  for (let i = 0; i < bodies.length; i++) {
    // Every body ends with "}", one byte: step back over it.
    offset += buf.write(bodies[i] as string, offset) - 1
    offset += buf.write(HASH_FIELD, offset, 'latin1')
    offset += buf.write(hashes[i] as string, offset, 'latin1')
    offset += buf.write('"}\n', offset, 'latin1')
  }
  return buf.subarray(0, offset)
}

/** Cuts a file to `length` bytes, durably. */
export async function trim(file: string, length: number): Promise<void> {
  const fh = await fsp.open(file, 'r+')
  try {
    await fh.truncate(length)
    await fh.datasync()
  } finally {
    await fh.close()
  }
}

/** The bytes of a file from `offset` to its end. */
export async function readFrom(file: string, offset: number): Promise<Buffer> {
  if (offset === 0) return fsp.readFile(file)
  const fh = await fsp.open(file, 'r')
  try {
    const buf = Buffer.alloc(Math.max(0, (await fh.stat()).size - offset))
    let done = 0
    while (done < buf.length) {
      const { bytesRead } = await fh.read(buf, done, buf.length - done, offset + done)
      if (bytesRead === 0) break
      done += bytesRead
    }
    return buf.subarray(0, done)
  } finally {
    await fh.close()
  }
}

/** fsyncs a folder so a new or renamed file in it survives a crash. */
export function syncDirNow(dir: string): void {
  const fd = fs.openSync(dir, 'r')
  try {
    fs.fsyncSync(fd)
  } finally {
    fs.closeSync(fd)
  }
}

/** fsyncs a folder so a new or renamed file in it survives a crash. */
export async function syncDir(dir: string): Promise<void> {
  const fh = await fsp.open(dir, 'r')
  try {
    await fh.sync()
  } finally {
    await fh.close()
  }
}
