/**
 * `npm run bench`: every benchmark, a table on stdout and bench-results/bench.json.
 * `npm run bench -- NAME...` runs only the named groups (startup, recovery, ui, gate, orders,
 * journal, verify, lowdb, scroll, market, rehearsal, health, performance, live-performance, report, records,
 * snapshot, costs, calibration, costs-screen, validation); lowdb takes several minutes.
 */
import path from 'node:path'
import { benchAuditScroll } from './audit-scroll.bench'
import { benchCalibration } from './calibration.bench'
import { benchCostEstimate } from './cost-estimate.bench'
import { benchCostsScreen } from './costs-screen.bench'
import { report, type BenchResult } from './harness'
import { benchHealth } from './health.bench'
import { benchJournalAppend } from './journal-append.bench'
import { benchLivePerformance } from './live-performance.bench'
import { benchLowdbComparison } from './lowdb-compare.bench'
import { benchMarket } from './market.bench'
import { benchGate, benchOrderPath } from './order-path.bench'
import { benchPerformance } from './performance.bench'
import { benchRecordSize } from './record-size.bench'
import { benchRecovery } from './recovery.bench'
import { benchReport } from './report.bench'
import { benchSnapshotSize } from './snapshot-size.bench'
import { benchRehearsal } from './rehearsal.bench'
import { benchRestToUi } from './rest-to-ui.bench'
import { benchStartup } from './startup.bench'
import { benchValidation } from './validation.bench'
import { benchVerifyAudit } from './verify-audit.bench'

const groups: Record<string, () => BenchResult[] | Promise<BenchResult[]>> = {
  startup: benchStartup,
  recovery: benchRecovery,
  ui: benchRestToUi,
  gate: benchGate,
  orders: benchOrderPath,
  journal: benchJournalAppend,
  verify: benchVerifyAudit,
  lowdb: benchLowdbComparison,
  scroll: benchAuditScroll,
  market: benchMarket,
  rehearsal: benchRehearsal,
  health: benchHealth,
  performance: benchPerformance,
  'live-performance': benchLivePerformance,
  report: benchReport,
  records: benchRecordSize,
  snapshot: benchSnapshotSize,
  calibration: benchCalibration,
  costs: benchCostEstimate,
  'costs-screen': benchCostsScreen,
  validation: benchValidation,
}

const wanted = process.argv.slice(2)
const unknown = wanted.filter((name) => !(name in groups))
if (unknown.length > 0) {
  console.error(`Unknown benchmark ${unknown.join(', ')}. Known: ${Object.keys(groups).join(', ')}`)
  process.exit(2)
}
// The engine's timers are unref'd (systemClock): without this, the process would quietly exit
// while an engine closes, waiting on one of them, before any result is printed.
const keepAlive = setInterval(() => undefined, 60_000)
const results: BenchResult[] = []
for (const [name, run] of Object.entries(groups)) {
  if (wanted.length > 0 && !wanted.includes(name)) continue
  console.error(`running ${name}…`)
  results.push(...(await run()))
}
clearInterval(keepAlive)
const file = wanted.length > 0 ? `bench-${wanted.join('-')}.json` : 'bench.json'
report(results, path.resolve('bench-results', file))
