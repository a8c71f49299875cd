/**
 * One owner per data folder: real processes running the real lock code race for a folder
 * whose lock file names a dead process, and exactly one of them wins every time. The starters
 * are started once and race trial after trial: each is told to lock at the same moment, so the
 * race is as tight as it gets (a process start would spread them over milliseconds).
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import readline from 'node:readline'
import { afterEach, describe, expect, it } from 'vitest'
import { lockFile } from '../../../electron/engine/core'
import { DataDirLockedError, lockDataDir } from '../../../electron/engine/resilience'

const STARTER = path.resolve('test/kit/lock-starter.ts')
const TRIALS = 50
const STARTERS = 8

interface Starter {
  readonly child: ChildProcess
  /** The next line it prints. */
  line(): Promise<string>
  /** Closes its stdin (it releases what it holds) and resolves once it has exited. */
  stop(): Promise<void>
}

const running: Starter[] = []
const dirs: string[] = []

afterEach(async () => {
  await Promise.all(running.splice(0).map((s) => s.stop()))
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true })
})

function folder(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'vigil-lock-'))
  dirs.push(dir)
  return dir
}

async function starter(): Promise<Starter> {
  const child = spawn(process.execPath, ['--import', 'tsx', STARTER], {
    stdio: ['pipe', 'pipe', 'inherit'],
  })
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
  const queue: string[] = []
  const waiting: ((line: string) => void)[] = []
  readline.createInterface({ input: child.stdout! }).on('line', (line) => {
    const next = waiting.shift()
    if (next) next(line)
    else queue.push(line)
  })
  const s: Starter = {
    child,
    line: () => {
      const ready = queue.shift()
      return ready !== undefined ? Promise.resolve(ready) : new Promise((r) => waiting.push(r))
    },
    stop: () => {
      if (child.exitCode === null && child.signalCode === null) child.stdin?.end()
      return exited
    },
  }
  running.push(s)
  expect(await s.line()).toBe('ready')
  return s
}

/** Has the starter try to lock `dir`; resolves with its answer. */
async function lock(s: Starter, dir: string): Promise<string> {
  s.child.stdin?.write(`lock ${dir}\n`)
  return s.line()
}

/** A pid that named a process a moment ago and names none now. */
function deadPid(): number {
  const done = spawnSync(process.execPath, ['-e', '0'])
  return done.pid as number
}

describe('the data-folder lock', () => {
  it(`gives a stale lock to exactly one of ${STARTERS} starters, ${TRIALS} times in a row`, async () => {
    const starters = await Promise.all(Array.from({ length: STARTERS }, () => starter()))
    const problems: string[] = []
    for (let trial = 0; trial < TRIALS; trial++) {
      const dir = folder()
      // As a crashed owner of an older build left it: its pid, readable by everyone.
      writeFileSync(lockFile(dir), String(deadPid()), { mode: 0o644 })
      for (const s of starters) s.child.stdin?.write(`lock ${dir}\n`)
      const answers = await Promise.all(starters.map((s) => s.line()))
      const winners = answers.filter((a) => a.startsWith('won '))
      const winner = winners[0]?.slice('won '.length)
      // A refusal names the winner, or nobody while the winner is still writing its pid.
      const wrong = answers.filter(
        (a) =>
          !a.startsWith('won ') &&
          !(
            /^refused Another Vigil( \(process \d+\))? is already using/.test(a) &&
            [undefined, winner].includes(/process (\d+)/.exec(a)?.[1])
          ),
      )
      if (winners.length !== 1 || wrong.length > 0)
        problems.push(`trial ${trial}: ${winners.length} owners; ${answers.join(' | ')}`)
      for (const s of starters) s.child.stdin?.write('release\n')
      for (const s of starters) expect(await s.line()).toBe('released')
    }
    expect(problems).toEqual([])
  }, 600_000)

  it('refuses while a live process holds the folder, naming it', async () => {
    const dir = folder()
    const holder = await starter()
    expect(await lock(holder, dir)).toBe(`won ${holder.child.pid}`)
    expect(() => lockDataDir(dir)).toThrow(DataDirLockedError)
    expect(() => lockDataDir(dir)).toThrow(
      `Another Vigil (process ${holder.child.pid}) is already using the data folder ${dir}.`,
    )
  }, 60_000)

  // Where the system tells when a process started (Linux's /proc), a pid given to another
  // process since the record was written is told apart from the owner that wrote it.
  it.runIf(existsSync('/proc/self/stat'))(
    'does not name a process that was given the pid of the one that wrote the lock file',
    async () => {
      const dir = folder()
      const holder = await starter()
      expect(await lock(holder, dir)).toBe(`won ${holder.child.pid}`)
      const record = readFileSync(lockFile(dir), 'utf8')
      expect(record.startsWith(`${holder.child.pid} `)).toBe(true)
      // As a crashed owner's record reads once its pid names another live process (this one).
      writeFileSync(lockFile(dir), record.replace(/^\d+/, String(process.pid)))
      expect(() => lockDataDir(dir)).toThrow(new DataDirLockedError(dir, null).message)
    },
    60_000,
  )

  it('is free again once its owner releases it', async () => {
    const dir = folder()
    const release = lockDataDir(dir)
    expect(() => lockDataDir(dir)).toThrow(`(process ${process.pid})`)
    release()
    const next = await starter()
    expect(await lock(next, dir)).toBe(`won ${next.child.pid}`)
  }, 60_000)

  it('is free again once its owner is killed with SIGKILL', async () => {
    const dir = folder()
    const holder = await starter()
    expect(await lock(holder, dir)).toBe(`won ${holder.child.pid}`)
    expect(() => lockDataDir(dir)).toThrow(DataDirLockedError)
    const exited = new Promise((resolve) => holder.child.once('exit', resolve))
    holder.child.kill('SIGKILL')
    await exited
    const release = lockDataDir(dir)
    release()
  }, 60_000)
})
