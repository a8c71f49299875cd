/**
 * A disk that fills up, for the journal's file layer: the files are real, but the disk takes
 * only `free` more bytes, and near the end it takes less than it is given in one write (as a
 * nearly full file system does) before it refuses with ENOSPC.
 */
import { closeSync, fdatasyncSync, fstatSync, ftruncateSync, openSync, writeSync } from 'node:fs'
import type { JournalFile, JournalFiles } from '../../electron/engine/journal'

/** A file layer with a byte budget, counting every write it is asked for. */
export class FullDisk implements JournalFiles {
  /** Write calls made, including refused ones. */
  writes = 0
  /** Bytes the disk still takes. */
  free: number

  /**
   * @param free bytes the disk takes before it is full (Infinity: never full)
   * @param chunk the most one write takes (a short write when smaller than what it is given)
   */
  constructor(
    free = Number.POSITIVE_INFINITY,
    readonly chunk = Number.POSITIVE_INFINITY,
  ) {
    this.free = free
  }

  open(file: string): JournalFile {
    const fd = openSync(file, 'a', 0o600)
    return {
      // Opened for appending, the position is the end: this layer writes no zeros ahead.
      write: (buffer, offset, length) => {
        this.writes += 1
        const n = Math.min(length, this.chunk, this.free)
        if (n <= 0) {
          const error = new Error(`ENOSPC: no space left on device, write`) as NodeJS.ErrnoException
          error.code = 'ENOSPC'
          throw error
        }
        const bytesWritten = writeSync(fd, buffer, offset, n)
        this.free -= bytesWritten
        return bytesWritten
      },
      datasync: () => fdatasyncSync(fd),
      truncate: (length) => {
        const before = fstatSync(fd).size
        ftruncateSync(fd, length)
        this.free += before - length
      },
      size: () => fstatSync(fd).size,
      close: () => closeSync(fd),
    }
  }
}
