/**
 * `vigil report --date YYYY-MM-DD [--data-dir DIR] [--time-zone TZ]`: the daily performance
 * report of one local day, from the data folder's journal, written to DIR/reports/ as JSON, CSV
 * and a self-contained HTML file. Read-only on the journal, so it runs beside the console.
 */
import path from 'node:path'
import { DEFAULT_REPORT_SETTINGS, type ReportSettings } from '../../shared/performance'
import { isTimeZone, reportsDir as reportsDirOf } from '../engine/core'
import { buildDailyReport, isIsoDate, reportInputFromJournal, saveReport } from '../engine/reports'
import { parseCommandLine, resolveDataDir } from './args'
import { EXIT, UsageError, type CliCommand } from './cli-io'
import { JournalNotFoundError, locateJournal } from './journal-folder'

/** The `report` command. */
export const reportCommand: CliCommand = {
  summary: 'Make the daily performance report of a day (JSON, CSV and HTML in DIR/reports)',
  usage: `vigil report --date YYYY-MM-DD [--data-dir DIR] [--time-zone TZ] [--baseline FROM:TO]

  --date DATE          The local day to report on, e.g. 2026-01-05
  --data-dir DIR       The data folder (default $VIGIL_DATA_DIR, else ~/.vigil)
  --time-zone TZ       The time zone days are counted in, e.g. Europe/Paris (default: this
                       computer's, ${Intl.DateTimeFormat().resolvedOptions().timeZone})
  --baseline FROM:TO   Compare with these days (YYYY-MM-DD:YYYY-MM-DD) instead of the first
                       30 days of trading
  -h, --help           Show this help

Writes DIR/reports/DATE.json, DATE.csv and DATE.html (replacing an earlier report of that day)
and prints their paths. Targets: win rate >= 50 %, average profit per trade >= $2, max
drawdown <= 20 %, Sharpe >= 1.0. Exit codes: 0 written, 2 a usage mistake or a date, zone or
folder that cannot be used, 1 a journal that cannot be read.`,
  async run(args, context) {
    const { flags } = parseCommandLine(
      args,
      {
        date: { type: 'string' },
        'data-dir': { type: 'string' },
        'time-zone': { type: 'string' },
        baseline: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
      0,
    )
    if (flags.help) {
      context.out(`Usage: ${this.usage}`)
      return EXIT.ok
    }
    if (flags.date === undefined) throw new UsageError('--date YYYY-MM-DD is required.')
    const refuse = (message: string) => {
      context.err(`vigil report: ${message}`)
      return EXIT.usage
    }
    const date = String(flags.date)
    if (!isIsoDate(date))
      return refuse(`--date must be a calendar date written YYYY-MM-DD; got "${date}".`)
    const timeZone =
      flags['time-zone'] === undefined
        ? Intl.DateTimeFormat().resolvedOptions().timeZone
        : String(flags['time-zone'])
    if (!isTimeZone(timeZone))
      return refuse(
        `--time-zone must be a time zone such as Europe/Paris or UTC; got "${timeZone}".`,
      )
    let settings: ReportSettings = DEFAULT_REPORT_SETTINGS
    if (flags.baseline !== undefined) {
      const [from = '', to = '', extra] = String(flags.baseline).split(':')
      if (extra !== undefined || !isIsoDate(from) || !isIsoDate(to) || from > to)
        return refuse(
          `--baseline must be two dates FROM:TO, the first not after the second, e.g. 2026-01-01:2026-01-30; got "${String(flags.baseline)}".`,
        )
      settings = { ...settings, baseline: { from, to } }
    }

    const dataDir = resolveDataDir(flags['data-dir'], context.env, context.homeDir)
    let location
    try {
      location = locateJournal(dataDir)
    } catch (error) {
      if (error instanceof JournalNotFoundError) return refuse(error.message)
      throw error
    }
    const input = await reportInputFromJournal(location.journalDir, date, {
      timeZone,
      generatedAt: Date.now(),
      settings,
    })
    const report = buildDailyReport(input)
    const reportsDir = reportsDirOf(location.dataDir ?? dataDir)
    const info = await saveReport(reportsDir, report)
    context.err(report.headline)
    for (const file of [info.files.json, info.files.csv, info.files.html])
      context.out(path.join(reportsDir, file))
    return EXIT.ok
  },
}
