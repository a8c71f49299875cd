/**
 * The Roadmap screen's rehearsal: one at a time, in its own scratch folder under the data
 * folder's rehearsals/, on its own engine (its own journal: the trader's is never touched),
 * with its progress published on the engine's bus each simulated day, and a way to stop it.
 */
import { rm } from 'node:fs/promises'
import path from 'node:path'
import { err, ok, type Result } from '../../../shared/result'
import { SYMBOLS } from '../../../shared/types'
import type { RehearsalProgress } from '../../../shared/validation'
import { rehearsalsDir, type Clock, type EventBus, type Handlers } from '../core'
import { STRATEGIES } from '../signals'
import { writeRehearsalFiles } from './output'
import type { RehearsalOptions, RehearsalReport } from './rehearsal'

/** What the runner works with. */
export interface RehearsalRunnerDeps {
  /** The trader's clock: names each rehearsal's folder. */
  readonly clock: Clock
  /** The trader's data folder: rehearsals go under its rehearsals/ folder. */
  readonly dataDir: string
  readonly bus: EventBus
  /** Runs one rehearsal (the root passes rehearseOn bound to its createEngine). */
  readonly rehearse: (options: RehearsalOptions) => Promise<RehearsalReport>
}

/** The one rehearsal running now. */
interface Running {
  progress: RehearsalProgress
  readonly abort: AbortController
  readonly done: Promise<RehearsalProgress>
}

export class RehearsalRunner {
  private running: Running | null = null
  private last: RehearsalProgress | null = null

  constructor(private readonly deps: RehearsalRunnerDeps) {}

  /** The rehearsal commands. */
  handlers(): Handlers<'validation:rehearse' | 'validation:rehearse-stop'> {
    return {
      'validation:rehearse': ({ days, seed, strategy }) => this.start(days, seed, strategy),
      'validation:rehearse-stop': () => this.stop(),
    }
  }

  /** Starts a rehearsal; answers at once with state 'running'. */
  start(days: number, seed: number, strategy?: string): Result<RehearsalProgress> {
    const known = STRATEGIES.map((s) => s.id)
    const strategyId = strategy ?? (known[0] as string)
    if (!known.includes(strategyId))
      return err(
        'INVALID_INPUT',
        `strategy: there is no strategy "${strategyId}"; the strategies are ${known.join(', ')}.`,
      )
    if (this.running) {
      const { day, days: of } = this.running.progress
      return err(
        'CONFLICT',
        `A rehearsal is running (day ${day} of ${of}); stop it or wait for it to end before starting another.`,
      )
    }
    const stamp = new Date(this.deps.clock.now()).toISOString().replace(/[:.]/g, '-')
    const outDir = path.join(rehearsalsDir(this.deps.dataDir), `${stamp}-seed-${seed}`)
    const abort = new AbortController()
    const running: Running = {
      progress: {
        state: 'running',
        day: 0,
        days,
        message: `Rehearsing ${days} day${days === 1 ? '' : 's'} of the plan (seed ${seed}, ${strategyId}): starting.`,
        outDir: null,
      },
      abort,
      done: this.run({ days, seed, strategyId, outDir }, abort.signal),
    }
    this.running = running
    this.publish(running.progress)
    return ok(running.progress)
  }

  /** Stops the running rehearsal at its next minute; answers once it has stopped. */
  async stop(): Promise<Result<RehearsalProgress>> {
    const running = this.running
    if (!running)
      return this.last
        ? ok(this.last)
        : err('NOT_FOUND', 'No rehearsal is running; start one from the Roadmap screen.')
    running.abort.abort()
    return ok(await running.done)
  }

  /** Stops a running rehearsal and waits for it (the engine is closing). */
  async close(): Promise<void> {
    const running = this.running
    if (!running) return
    running.abort.abort()
    await running.done
  }

  private async run(
    setup: { days: number; seed: number; strategyId: string; outDir: string },
    signal: AbortSignal,
  ): Promise<RehearsalProgress> {
    const { days, seed, strategyId, outDir } = setup
    // Its own scratch folder: its own journal, lock and snapshot, removed when it ends.
    const dataDir = path.join(outDir, 'data')
    let end: RehearsalProgress
    try {
      const report = await this.deps.rehearse({
        dataDir,
        days,
        seed,
        symbols: SYMBOLS,
        strategyId,
        signal,
        onProgress: (day) => this.progress(day, days),
      })
      await writeRehearsalFiles(outDir, { days, seed, strategyId, symbols: SYMBOLS }, report)
      end = {
        state: report.state,
        day: report.daysRun,
        days,
        message: endMessage(report, days),
        outDir,
      }
    } catch (error) {
      end = {
        state: 'failed',
        day: this.running?.progress.day ?? 0,
        days,
        message: `The rehearsal failed: ${(error as Error).message}`,
        outDir: null,
      }
    } finally {
      await rm(dataDir, { recursive: true, force: true }).catch(() => undefined)
    }
    this.running = null
    this.last = end
    this.publish(end)
    return end
  }

  private progress(day: number, days: number): void {
    if (!this.running) return
    this.running.progress = {
      ...this.running.progress,
      day,
      message: `Rehearsing day ${day + 1 > days ? days : day + 1} of ${days}: ${day} done.`,
    }
    this.publish(this.running.progress)
  }

  private publish(progress: RehearsalProgress): void {
    this.deps.bus.publish({ type: 'validation:rehearsal', payload: progress })
  }
}

/** Where the plan got to, in words. */
function endMessage(report: RehearsalReport, days: number): string {
  const phase = report.validation?.phase
  const where =
    phase === 'complete' ? 'the plan is complete' : `the plan is in phase ${phase ?? '–'}`
  const blocked = report.signOffs.filter((s) => !s.signedOff)
  const why = blocked
    .map(
      (s) => ` Phase ${s.phase} could not be signed off on day ${s.day}: ${s.blockers.join('; ')}.`,
    )
    .join('')
  return report.state === 'stopped'
    ? `Stopped after day ${report.daysRun} of ${days}; the report shows those days (${where}).${why}`
    : `Done: ${days} days rehearsed, ${where}.${why}`
}
