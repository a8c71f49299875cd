/**
 * The journal's file layer: a segment open for writing at given positions. A small group is
 * written and fdatasynced synchronously (a trip through Node's thread pool costs more than the
 * disk does for a few records); a large group, and the zeros written ahead of the data, go
 * through the thread pool so the event loop is not held up by a long fdatasync.
 */
import fs from 'node:fs'
import path from 'node:path'
import { PRIVATE_FILE_MODE } from '../core'

/** A segment file open for writing: the operations the journal writes through. */
export interface JournalFile {
  /** Writes bytes at `position`; returns how many the disk took, which may be fewer. */
  write(buffer: Uint8Array, offset: number, length: number, position: number): number
  datasync(): void
  truncate(length: number): void
  size(): number
  close(): void
  /**
   * Writes zeros over [position, position + length) and fdatasyncs them, off the main thread;
   * resolves false, writing nothing, when the disk is short of space. A file layer without it
   * gets no preallocation.
   */
  preallocate?(position: number, length: number): Promise<boolean>
  /**
   * Writes every byte of `bytes` at `position`, then fdatasyncs when `sync`, off the main
   * thread. A file layer without it writes every group synchronously.
   */
  writeDurable?(bytes: Buffer, position: number, sync: boolean): Promise<void>
}

/** How the journal opens a segment for writing: the disk by default, a fake disk in tests. */
export interface JournalFiles {
  open(file: string): JournalFile
}

const write = (fd: number, buffer: Buffer, offset: number, length: number, position: number) =>
  new Promise<number>((resolve, reject) =>
    fs.write(fd, buffer, offset, length, position, (error, n) =>
      error ? reject(error) : resolve(n),
    ),
  )
const fdatasync = (fd: number) =>
  new Promise<void>((resolve, reject) =>
    fs.fdatasync(fd, (error) => (error ? reject(error) : resolve())),
  )

/** Writes all of `bytes` at `position` through the thread pool, again after a short write. */
async function writeAllAsync(fd: number, bytes: Buffer, position: number): Promise<void> {
  let done = 0
  while (done < bytes.length) {
    const n = await write(fd, bytes, done, bytes.length - done, position + done)
    if (!(n > 0))
      throw new Error(
        `the disk took none of the last ${bytes.length - done} of ${bytes.length} bytes`,
      )
    done += n
  }
}

/** Zeros written ahead, a piece at a time: shared, they are never written to. */
const ZEROS = Buffer.alloc(1 << 20)

/**
 * No zeros are written ahead on a disk with less room than this (the health check's failing
 * level): there the journal takes no space before it needs it, and a full disk refuses its
 * appends as soon as anything else's.
 */
export const ZEROS_MIN_FREE_BYTES = 2 ** 30

const freeBytes = (dir: string) =>
  new Promise<number>((resolve, reject) =>
    fs.statfs(dir, (error, stats) => (error ? reject(error) : resolve(stats.bavail * stats.bsize))),
  )

/** The real disk. */
export const diskFiles: JournalFiles = {
  open(file) {
    // Read-write, not append: with O_APPEND the kernel ignores the position of a write.
    const fd = fs.openSync(file, fs.constants.O_RDWR | fs.constants.O_CREAT, PRIVATE_FILE_MODE)
    return {
      write: (buffer, offset, length, position) =>
        fs.writeSync(fd, buffer, offset, length, position),
      datasync: () => fs.fdatasyncSync(fd),
      truncate: (length) => fs.ftruncateSync(fd, length),
      size: () => fs.fstatSync(fd).size,
      close: () => fs.closeSync(fd),
      preallocate: async (position, length) => {
        if ((await freeBytes(path.dirname(file))) < ZEROS_MIN_FREE_BYTES + length) return false
        for (let at = 0; at < length; at += ZEROS.length)
          await writeAllAsync(
            fd,
            ZEROS.subarray(0, Math.min(ZEROS.length, length - at)),
            position + at,
          )
        await fdatasync(fd)
        return true
      },
      writeDurable: async (bytes, position, sync) => {
        await writeAllAsync(fd, bytes, position)
        if (sync) await fdatasync(fd)
      },
    }
  },
}

/**
 * Writes every byte of `bytes` at `position`: a write may take only part of what it is given
 * (a nearly full disk does that), so the rest is written again until all is on disk.
 */
export function writeAll(fh: JournalFile, bytes: Buffer, position: number): void {
  let done = 0
  while (done < bytes.length) {
    const bytesWritten = fh.write(bytes, done, bytes.length - done, position + done)
    // A write that takes nothing would loop forever: the disk will take no more.
    if (!(bytesWritten > 0))
      throw new Error(
        `the disk took none of the last ${bytes.length - done} of ${bytes.length} bytes`,
      )
    done += bytesWritten
  }
}
