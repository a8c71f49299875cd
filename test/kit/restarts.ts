/**
 * Engines stopped and started again on one data folder, cleanly or as a crash would leave it.
 * A crash is modelled by copying the data folder while the engine runs (its files exactly as
 * a SIGKILL would leave them: what was written is there, nothing else) and starting a second
 * engine on the copy; the first is then closed only so the test leaves nothing behind.
 */
import { cpSync, rmSync } from 'node:fs'
import path from 'node:path'
import type { Engine } from '../../electron/engine'
import { cleanup, tempDir, testEngine } from './engine'
import type { FakeClock } from './fake-clock'

type Overrides = NonNullable<Parameters<typeof testEngine>[1]>

/** The engines and folders of one test file; `dispose` in afterEach. */
export class Restarts {
  private readonly dirs: string[] = []
  private readonly running = new Set<Engine>()

  /** A new empty data folder, removed by `dispose`. */
  fresh(): string {
    const dir = tempDir()
    this.dirs.push(dir)
    return dir
  }

  /** Starts an engine on `dir` with `clock` (and any other test-engine options). */
  async start(dir: string, clock: FakeClock, overrides: Overrides = {}): Promise<Engine> {
    const { engine } = await testEngine(dir, { clock, ...overrides })
    this.running.add(engine)
    return engine
  }

  /** A clean stop: the engine flushes the journal and writes its snapshot. */
  async stop(engine: Engine): Promise<void> {
    this.running.delete(engine)
    await engine.close()
  }

  /** The data folder as a SIGKILL would leave it now; returns the copy to start on. */
  async crash(engine: Engine, dir: string): Promise<string> {
    await engine.idle()
    const copy = this.fresh()
    cpSync(dir, copy, { recursive: true })
    // The lock names this (living) test process; a crashed owner's lock would name a dead one.
    rmSync(path.join(copy, 'vigil.lock'), { force: true })
    await this.stop(engine)
    return copy
  }

  /** Closes every engine still running and removes every folder. */
  async dispose(): Promise<void> {
    await Promise.all([...this.running].map((e) => e.close()))
    this.running.clear()
    this.dirs.splice(0).forEach(cleanup)
  }
}
