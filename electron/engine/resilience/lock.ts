/**
 * One process owns a data folder: a lock file with the owner's pid. A second instance is
 * refused with a clear message; a lock left by a process that no longer runs is taken over.
 */
import fs from 'node:fs'
import path from 'node:path'

/** Another running process holds the data folder. */
export class DataDirLockedError extends Error {
  constructor(dir: string, pid: number) {
    super(
      `Another Vigil (process ${pid}) is already using the data folder ${dir}. Stop it first, or start this one with a different --data-dir.`,
    )
    this.name = 'DataDirLockedError'
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM'
  }
}

/** Takes the lock of `dir`; returns its release function. */
export function lockDataDir(dir: string): () => void {
  const file = path.join(dir, 'vigil.lock')
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = fs.openSync(file, 'wx', 0o600)
      fs.writeSync(fd, String(process.pid))
      fs.fsyncSync(fd)
      fs.closeSync(fd)
      return () => {
        try {
          if (fs.readFileSync(file, 'utf8') === String(process.pid)) fs.unlinkSync(file)
        } catch {
          // Already gone: nothing to release.
        }
      }
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error
      const pid = Number.parseInt(fs.readFileSync(file, 'utf8'), 10)
      if (Number.isInteger(pid) && pid > 0 && pid !== process.pid && alive(pid))
        throw new DataDirLockedError(dir, pid)
      if (pid === process.pid) throw new DataDirLockedError(dir, pid)
      fs.unlinkSync(file)
    }
  }
  throw new Error(`Could not take the lock on ${dir}`)
}
