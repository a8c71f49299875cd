/**
 * One process owns a data folder, for certain: an OS-level exclusive lock on `vigil.lock`
 * (an open-file-description lock on Linux, flock on macOS, LockFileEx on Windows, through
 * fs-native-extensions). A second instance is refused with a clear message naming the owner.
 *
 * Why this is safe where a pid file was not: taking the lock is one kernel operation that at
 * most one open file can win, and the kernel drops it when the owner's descriptor closes,
 * including when the process dies (SIGKILL, crash, power loss). So there is no stale lock to
 * take over and no window between "the owner is dead" and "the lock is mine". The pid written
 * into the file is only there for the error message. The file is never deleted: a starter
 * that opened it just before a delete would lock an orphaned file while another created and
 * locked a new one, and both would think they own the folder.
 */
import fs from 'node:fs'
import { tryLock, unlock } from 'fs-native-extensions'
import { lockFile } from '../core'

// The OS lock covers one byte past the pid text, not the text itself: a Windows lock also
// blocks reads of the bytes it covers, and a refused starter reads the owner's pid.
const LOCK_OFFSET = 4096
const LOCK_LENGTH = 1

/** Another running process holds the data folder. */
export class DataDirLockedError extends Error {
  constructor(dir: string, pid: number | null) {
    super(
      `Another Vigil${pid === null ? '' : ` (process ${pid})`} is already using the data folder ${dir}. Stop it first, or start this one with a different --data-dir.`,
    )
    this.name = 'DataDirLockedError'
  }
}

function readOwner(fd: number): number | null {
  const buffer = Buffer.alloc(32)
  const length = fs.readSync(fd, buffer, 0, buffer.length, 0)
  const pid = Number.parseInt(buffer.subarray(0, length).toString('utf8'), 10)
  // Empty or a previous owner's pid while the owner is between taking the lock and writing
  // its own: a pid that names no running process is not reported.
  return Number.isInteger(pid) && pid > 0 && running(pid) ? pid : null
}

function running(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM'
  }
}

function lockOnce(fd: number): boolean {
  try {
    return tryLock(fd, LOCK_OFFSET, LOCK_LENGTH)
  } catch (error) {
    // Windows reports a held lock as a lock violation rather than EAGAIN.
    const code = (error as NodeJS.ErrnoException).code
    if (code === 'EBUSY' || code === 'EACCES' || code === 'EWOULDBLOCK') return false
    throw error
  }
}

function sameFile(fd: number, file: string): boolean {
  try {
    const held = fs.fstatSync(fd)
    const named = fs.statSync(file)
    return held.ino === named.ino && held.dev === named.dev
  } catch {
    return false
  }
}

/** Takes the lock of `dir`, or throws DataDirLockedError; returns its release function. */
export function lockDataDir(dir: string): () => void {
  const file = lockFile(dir)
  // A lock file replaced under us (by hand, or by a build that still deleted it) is locked
  // again by its new name; more than a few replacements in a row is not a race but a fault.
  for (let attempt = 0; attempt < 5; attempt++) {
    const fd = fs.openSync(file, fs.constants.O_RDWR | fs.constants.O_CREAT, 0o600)
    let owned = false
    try {
      if (!lockOnce(fd)) throw new DataDirLockedError(dir, readOwner(fd))
      if (!sameFile(fd, file)) continue
      owned = true
    } finally {
      if (!owned) fs.closeSync(fd)
    }
    // Explicit, whatever the umask or the mode an older build left on the file.
    fs.fchmodSync(fd, 0o600)
    fs.ftruncateSync(fd, 0)
    fs.writeSync(fd, String(process.pid), 0)
    fs.fsyncSync(fd)
    let released = false
    return () => {
      if (released) return
      released = true
      try {
        fs.ftruncateSync(fd, 0)
        unlock(fd, LOCK_OFFSET, LOCK_LENGTH)
      } finally {
        // Closing the descriptor drops the lock in any case.
        fs.closeSync(fd)
      }
    }
  }
  throw new Error(
    `The lock file ${file} kept being replaced while Vigil was starting; start Vigil again.`,
  )
}
