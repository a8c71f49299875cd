/**
 * Daily reports: made from the journal on disk (the same fold `vigil report` does), saved in
 * DIR/reports, and made automatically at the set local time for the day before.
 */
import type { ReportInfo, ReportSettings } from '../../../shared/performance'
import { err, ok, type Result } from '../../../shared/result'
import {
  journalDir,
  localDate,
  reportsDir,
  startOfLocalDay,
  type Clock,
  type EventBus,
  type Handlers,
} from '../core'
import type { Journal, Recorder } from '../journal'
import type { Ledger } from '../ledger'
import { buildDailyReport } from './build'
import { reportInputFromJournal } from './journal-input'
import { listReports, readReport, saveReport } from './store'

/** What the report service works with. */
export interface ReportServiceDeps {
  readonly clock: Clock
  readonly timeZone: string
  readonly dataDir: string
  readonly journal: Journal
  readonly recorder: Recorder
  readonly ledger: Ledger
  readonly bus: EventBus
  /** The settings in force, as folded from the journal. */
  readonly settings: { readonly settings: ReportSettings }
}

/** Makes, lists and schedules the daily reports. */
export class ReportService {
  private readonly dir: string
  private making: Promise<Result<ReportInfo>> | null = null

  private constructor(
    private readonly deps: ReportServiceDeps,
    private list: ReportInfo[],
  ) {
    this.dir = reportsDir(deps.dataDir)
  }

  /** Lists the reports made so far. */
  static async open(deps: ReportServiceDeps): Promise<ReportService> {
    const list = await listReports(reportsDir(deps.dataDir)).catch(() => [])
    return new ReportService(deps, list)
  }

  /** The reports made, newest first. */
  reports(): ReportInfo[] {
    return this.list
  }

  /** How reports are made now. */
  settings(): ReportSettings {
    return this.deps.settings.settings
  }

  /** At the set time each day, the report of the day before, once. */
  schedule(): void {
    const { clock, timeZone, ledger } = this.deps
    const now = clock.now()
    const yesterday = localDate(startOfLocalDay(now, timeZone) - 1, timeZone)
    const [h, m] = this.deps.settings.settings.time.split(':').map(Number) as [number, number]
    const due = startOfLocalDay(now, timeZone) + (h * 60 + m) * 60_000
    const firstDay = Math.min(...ledger.listAccounts().map((a) => a.createdAt))
    if (
      now >= due &&
      startOfLocalDay(now, timeZone) > firstDay &&
      !this.list.some((r) => r.date === yesterday)
    )
      void this.make(yesterday)
  }

  /** Waits for a report being made. */
  async idle(): Promise<void> {
    await this.making
  }

  /** The report commands. */
  handlers(): Handlers<
    'reports:list' | 'reports:generate' | 'reports:get' | 'reports:update-settings'
  > {
    const { settings, recorder } = this.deps
    return {
      'reports:list': () => ok(this.list),
      'reports:generate': ({ date }) => this.make(date),
      'reports:get': async ({ date }) => {
        const saved = await readReport(this.dir, date)
        return saved
          ? ok({ info: saved.info, html: saved.html })
          : err(
              'NOT_FOUND',
              `No report for ${date}. Generate it first (reports are made each day at ${settings.settings.time} for the day before).`,
            )
      },
      'reports:update-settings': async (change) => {
        const next: ReportSettings = { ...settings.settings, ...change }
        if (JSON.stringify(next) !== JSON.stringify(settings.settings))
          await recorder.commit('reports.settings', next)
        return ok(next)
      },
    }
  }

  /** Makes one day's report (one at a time). */
  private make(date: string): Promise<Result<ReportInfo>> {
    return (this.making ??= (async (): Promise<Result<ReportInfo>> => {
      const { clock, timeZone, journal, dataDir, bus } = this.deps
      if (date > localDate(clock.now(), timeZone))
        return err('INVALID_INPUT', `${date} has not begun yet; a report covers a day up to now.`)
      try {
        await journal.flush()
        const input = await reportInputFromJournal(journalDir(dataDir), date, {
          timeZone,
          generatedAt: clock.now(),
          settings: this.deps.settings.settings,
        })
        const info = await saveReport(this.dir, buildDailyReport(input))
        this.list = [info, ...this.list.filter((r) => r.date !== date)].sort((a, b) =>
          b.date.localeCompare(a.date),
        )
        bus.publish({ type: 'reports:created', payload: info })
        return ok(info)
      } catch (error) {
        return err(
          'INTERNAL',
          `Vigil could not make the report of ${date}: ${(error as Error).message}`,
        )
      }
    })().finally(() => (this.making = null)))
  }
}
