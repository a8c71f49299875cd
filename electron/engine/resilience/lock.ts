/**
 * One process owns a data folder, for certain: an OS-level exclusive lock on `vigil.lock`
 * (an open-file-description lock on Linux, flock on macOS, LockFileEx on Windows, through
 * fs-native-extensions). A second instance is refused with a clear message naming the owner.
 *
 * Why this is safe where a pid file was not: taking the lock is one kernel operation that at
 * most one open file can win, and the kernel drops it when the owner's descriptor closes,
 * including when the process dies (SIGKILL, crash, power loss). So there is no stale lock to
 * take over and no window between "the owner is dead" and "the lock is mine". The pid written
 * into the file (with its start time, so a reused pid is not mistaken for it) is only there
 * for the error message. The file is never deleted: a starter
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

/**
 * Who holds the lock, for the message: the pid the file names, only when that process is
 * still the one that wrote it. The file may still hold a previous owner's record while the
 * new owner is between taking the lock and writing its own, and that pid may have been given
 * to an unrelated process since; naming it would send the trader to stop the wrong program.
 */
function readOwner(fd: number): number | null {
  const buffer = Buffer.alloc(128)
  const length = fs.readSync(fd, buffer, 0, buffer.length, 0)
  const [pidText = '', ...started] = buffer.subarray(0, length).toString('utf8').trim().split(' ')
  const pid = Number(pidText)
  if (!/^\d+$/.test(pidText) || pid <= 0 || !running(pid)) return null
  const now = processIdentity(pid)
  // Where the system tells when a process started, a record without that (an older build's)
  // cannot be told from a reused pid, so it is not reported either.
  if (now === null) return pid
  return started.join(' ') === now ? pid : null
}

/**
 * What tells one process from a later one with the same pid: the boot and the moment the
 * process started in it (Linux's /proc, in clock ticks since boot). Null where there is none.
 */
function processIdentity(pid: number): string | null {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8')
    // Field 22 is the start time; fields are counted after the command name, which is in
    // parentheses and may itself hold spaces.
    const startTicks = stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19]
    const boot = fs.readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim()
    return startTicks && /^\d+$/.test(startTicks) ? `${startTicks} ${boot}` : null
  } catch {
    return null
  }
}

/** The text an owner writes: its pid, then what tells it from a later process with that pid. */
function ownerRecord(): string {
  const identity = processIdentity(process.pid)
  return identity === null ? String(process.pid) : `${process.pid} ${identity}`
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
    fs.writeSync(fd, ownerRecord(), 0)
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
