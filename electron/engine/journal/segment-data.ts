/**
 * Where a segment's data ends. The segment being written is preallocated: zeros are written
 * ahead of its last line, so that an append writes inside the file's size and its fdatasync has
 * no file size to commit. A stored line never holds a zero byte (JSON escapes control
 * characters), so a segment's data is its bytes before the first zero; a crash, or a reader
 * that looks while the journal runs, finds zeros after the last line. A sealed segment is
 * trimmed to its data, and so is the live one on close; journals written before preallocation
 * have no zeros at all.
 */
import { closeSync, fstatSync, openSync, readSync } from 'node:fs'

/** The index of the first zero byte of `buf` in [from, to), or `to`: where the data ends. */
export function dataEnd(buf: Uint8Array, from = 0, to = buf.length): number {
  const at = buf.indexOf(0, from)
  return at === -1 || at >= to ? to : at
}

const BLOCK = 1 << 16
const ZEROS = Buffer.alloc(BLOCK)

/** Whether every byte of `buf` in [from, to) is zero. */
export function allZero(buf: Uint8Array, from = 0, to = buf.length): boolean {
  for (let at = from; at < to; at += BLOCK) {
    const end = Math.min(to, at + BLOCK)
    if (Buffer.compare(buf.subarray(at, end), ZEROS.subarray(0, end - at)) !== 0) return false
  }
  return true
}

/**
 * The size of a segment file's data: its size less the zeros at its end, read back from the
 * end a block at a time (the zeros ahead are a few megabytes at most).
 */
export function segmentDataSize(file: string): number {
  const fd = openSync(file, 'r')
  try {
    let end = fstatSync(fd).size
    const buf = Buffer.allocUnsafe(BLOCK)
    while (end > 0) {
      const from = Math.max(0, end - BLOCK)
      const read = readSync(fd, buf, 0, end - from, from)
      if (read < end - from) return end
      if (allZero(buf, 0, read)) {
        end = from
        continue
      }
      let last = read - 1
      while (buf[last] === 0) last -= 1
      return from + last + 1
    }
    return 0
  } finally {
    closeSync(fd)
  }
}
