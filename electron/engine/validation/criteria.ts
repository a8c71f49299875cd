/**
 * A phase's criteria, measured over a window of the plan's days from the plan fold's day
 * counts, the enrolled accounts' equity at each day's close and the heartbeats' uptime. Each
 * criterion has its value, target, verdict, sample and (where a sample decides it) its 95 %
 * interval, and its value at the end of each day of the window for the sparkline.
 *
 * Verdicts are honest: a criterion measured on a sample passes or fails only when its interval
 * lies wholly on one side of the target; otherwise there is not enough data to say.
 */
import {
  CRITERIA,
  CRITERION_IDS,
  type CriterionId,
  type CriterionResult,
  type Interval,
  type Verdict,
} from '../../../shared/validation'
import { meanInterval, minTrackRecordDays, sharpeWithInterval, wilson } from './intervals'
import { daysBetween, newDay, type DayCounts, type Recovery } from './plan-days'

/** Fewest fills with a band before the slippage criterion says anything. */
export const MIN_BANDED_FILLS = 10

/** What a window of the plan is measured from. */
export interface WindowInput {
  /** First and last local day of the window (YYYY-MM-DD), and its plan day numbers. */
  readonly fromDate: string
  readonly toDate: string
  readonly firstPlanDay: number
  /** The window's start and end instants (end: now, or when the phase ended). */
  readonly fromTs: number
  readonly toTs: number
  readonly days: ReadonlyMap<string, DayCounts>
  /** Recoveries measured (the window's are picked by day). */
  readonly recoveries: readonly Recovery[]
  /** The enrolled accounts' summed equity at each day's close, by local day. */
  readonly equity: ReadonlyMap<string, number>
  /** Their initial capital, USD (0 when unknown). */
  readonly capital: number
  /** Net PnL of round trips since the plan's first day, by local day (for total profit). */
  readonly planPnl: number
  /** The heartbeats' uptime over [from, to): a share, or null when nothing elapsed. */
  readonly uptime: (from: number, to: number) => number | null
  /** The end instant of a local day. */
  readonly endOf: (date: string) => number
}

/**
 * Running totals from the window's first day to the day being looked at: the days' counts
 * added up (health failures of every kind as one), and what the recoveries and closes say.
 */
interface Totals extends Omit<DayCounts, 'health'> {
  days: number
  health: number
  recovered: number
  notRecovered: number
  worstRecoveryMs: number | null
  equity: number[]
  date: string
  endTs: number
}

interface Measured {
  value: number | null
  n: number
  unit: string
  interval: Interval | null
}

const nextDate = (date: string): string =>
  new Date(Date.parse(`${date}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10)

function returnsOf(equity: readonly number[]): number[] {
  const out: number[] = []
  for (let i = 1; i < equity.length; i++) {
    const before = equity[i - 1]!
    if (before > 0) out.push(equity[i]! / before - 1)
  }
  return out
}

function maxDrawdown(equity: readonly number[]): number | null {
  if (equity.length === 0) return null
  let peak = -Infinity
  let worst = 0
  for (const e of equity) {
    if (e > peak) peak = e
    if (peak > 0) worst = Math.max(worst, (peak - e) / peak)
  }
  return worst
}

function measure(id: CriterionId, t: Totals, w: WindowInput): Measured {
  const count = (value: number, n: number, unit: string): Measured => ({
    value: n === 0 ? null : value,
    n,
    unit,
    interval: null,
  })
  switch (id) {
    case 'integrity_violations':
      return count(t.violations, t.verified, 'orders verified')
    case 'tracker_failures':
      return count(t.trackerFailures, t.verified, 'orders verified')
    case 'balance_sync_errors':
      return count(t.syncErrors, t.days, 'days')
    case 'critical_failures':
      return count(t.violations + t.trackerFailures + t.crashes, t.days, 'days')
    case 'health_check_failures':
      return count(t.health, t.days, 'days')
    case 'trades_tracked':
      return count(
        Math.min(1, (t.verified - t.trackerFailures) / Math.max(1, t.filled)),
        t.filled,
        'filled orders',
      )
    case 'slippage_in_model':
      return {
        value: t.banded === 0 ? null : t.inBand / t.banded,
        n: t.banded,
        unit: 'fills with a model band',
        interval: wilson(t.inBand, t.banded),
      }
    case 'failure_recovered':
      return {
        value: t.recovered,
        n: t.recovered + t.notRecovered,
        unit: 'recoveries',
        interval: null,
      }
    case 'recovery_time':
      return count(
        t.notRecovered > 0 ? Infinity : (t.worstRecoveryMs ?? 0) / 60_000,
        t.recovered + t.notRecovered,
        'recoveries',
      )
    case 'max_drawdown':
      return count(maxDrawdown(t.equity) ?? 0, t.equity.length, 'daily closes')
    case 'uptime': {
      const value = w.uptime(w.fromTs, Math.min(t.endTs, w.toTs))
      return { value, n: t.days, unit: 'days', interval: null }
    }
    case 'total_trades':
      return { value: t.trades, n: t.trades, unit: 'round trips', interval: null }
    case 'win_rate':
      return {
        value: t.trades === 0 ? null : t.wins / t.trades,
        n: t.trades,
        unit: 'round trips',
        interval: wilson(t.wins, t.trades),
      }
    case 'avg_profit':
      return {
        value: t.trades === 0 ? null : t.pnl / t.trades,
        n: t.trades,
        unit: 'round trips',
        interval: meanInterval(t.trades, t.pnl, t.pnlSq),
      }
    case 'sharpe': {
      const returns = returnsOf(t.equity)
      const s = sharpeWithInterval(returns)
      return {
        value: s?.value ?? null,
        n: returns.length,
        unit: 'daily returns',
        interval: s?.interval ?? null,
      }
    }
    case 'total_profit':
      return count(w.capital > 0 ? w.planPnl / w.capital : 0, w.capital > 0 ? 1 : 0, 'plan')
  }
}

const meets = (op: string, value: number, target: number): boolean =>
  op === '<='
    ? value <= target
    : op === '>='
      ? value >= target
      : op === '<'
        ? value < target
        : value > target

/** The verdict and its words. */
function judge(
  id: CriterionId,
  target: number,
  m: Measured,
  t: Totals,
): { verdict: Verdict; note: string } {
  const def = CRITERIA[id]
  const sample = `${m.n} ${m.unit}`
  if (id === 'failure_recovered') {
    return (m.value ?? 0) >= target
      ? { verdict: 'pass', note: `${m.value} recovered (${sample}).` }
      : {
          verdict: 'fail',
          note: `${m.value ?? 0} recovered of ${target} needed: run a drill on the Drills screen.`,
        }
  }
  if (m.value === null)
    return { verdict: 'not_enough_data', note: `Nothing to measure yet (${sample}).` }
  if (id === 'recovery_time' && !Number.isFinite(m.value))
    return {
      verdict: 'fail',
      note: `${t.notRecovered} of ${m.n} recoveries did not recover in time.`,
    }
  if (id === 'slippage_in_model') {
    if (m.n < MIN_BANDED_FILLS)
      return {
        verdict: 'not_enough_data',
        note: `${sample}: at least ${MIN_BANDED_FILLS} are needed before the share inside the band means anything.`,
      }
    const high = m.interval!.high
    return high >= target
      ? {
          verdict: 'pass',
          note: `${pct(m.value)} inside the model's band; its 95 % interval reaches ${pct(target)}.`,
        }
      : {
          verdict: 'fail',
          note: `Only ${pct(m.value)} inside the model's band (95 % interval up to ${pct(high)}): fills are worse than the model predicts.`,
        }
  }
  if (m.interval && def.group === 'profit') {
    const { low, high } = m.interval
    const passSide = def.op === '>' || def.op === '>=' ? low : high
    const failSide = def.op === '>' || def.op === '>=' ? high : low
    if (meets(def.op, passSide, target))
      return { verdict: 'pass', note: `The whole 95 % interval meets the target (${sample}).` }
    if (!meets(def.op, failSide, target))
      return { verdict: 'fail', note: `The whole 95 % interval misses the target (${sample}).` }
    return { verdict: 'not_enough_data', note: tooSmall(id, m, target, sample) }
  }
  if (
    def.group === 'profit' &&
    m.interval === null &&
    (id === 'win_rate' || id === 'avg_profit' || id === 'sharpe')
  )
    return { verdict: 'not_enough_data', note: `Too few to say anything (${sample}).` }
  return meets(def.op, m.value, target)
    ? { verdict: 'pass', note: `Measured over ${sample}.` }
    : { verdict: 'fail', note: `Misses the target, measured over ${sample}.` }
}

const pct = (v: number): string => `${(v * 100).toFixed(1)} %`

function tooSmall(id: CriterionId, m: Measured, target: number, sample: string): string {
  const base = `The 95 % interval includes the target: ${sample} cannot tell.`
  if (id === 'sharpe' && m.value !== null) {
    const days = minTrackRecordDays(m.value)
    return Number.isFinite(days)
      ? `${base} At a Sharpe of ${m.value.toFixed(2)}, about ${Math.ceil(days)} days of returns are needed to show any edge at 95 %.`
      : `${base} A Sharpe of ${m.value.toFixed(2)} shows no edge however long the record.`
  }
  if (id === 'win_rate' && m.value !== null && m.value !== target) {
    // The round trips a test against the target needs to tell this far from it, at 95 %.
    const p = m.value
    const needed = Math.ceil((1.96 ** 2 * target * (1 - target)) / (p - target) ** 2)
    return `${base} At ${pct(p)}, about ${needed} round trips would tell it from ${pct(target)}.`
  }
  return base
}

/** Measures `targets` over a window: every criterion with its value, verdict and history. */
export function measureWindow(
  targets: Readonly<Partial<Record<CriterionId, number>>>,
  w: WindowInput,
): CriterionResult[] {
  const ids = CRITERION_IDS.filter((id) => targets[id] !== undefined)
  const history = new Map<CriterionId, { day: number; value: number | null }[]>(
    ids.map((id) => [id, []]),
  )
  const t: Totals = {
    ...newDay(),
    days: 0,
    health: 0,
    recovered: 0,
    notRecovered: 0,
    worstRecoveryMs: null,
    equity: [],
    date: w.fromDate,
    endTs: w.fromTs,
  }
  const before = [...w.equity.keys()]
    .filter((d) => d < w.fromDate)
    .sort()
    .at(-1)
  if (before !== undefined) t.equity.push(w.equity.get(before)!)
  let last: Totals = t
  const span = daysBetween(w.fromDate, w.toDate)
  for (let i = 0, date = w.fromDate; i <= span; i++, date = nextDate(date)) {
    add(t, w, date)
    for (const id of ids) {
      const m = measure(id, t, w)
      history.get(id)!.push({
        day: w.firstPlanDay + i,
        value: m.value !== null && Number.isFinite(m.value) ? m.value : null,
      })
    }
    last = t
  }
  return ids.map((id) => {
    const def = CRITERIA[id]
    const target = targets[id]!
    const m = measure(id, last, w)
    const { verdict, note } = judge(id, target, m, last)
    return {
      id,
      label: def.label,
      group: def.group,
      gating: def.gating,
      unit: def.unit,
      op: def.op,
      target,
      value: m.value !== null && Number.isFinite(m.value) ? m.value : null,
      verdict,
      sample: { n: m.n, unit: m.unit },
      interval: m.interval,
      note,
      history: history.get(id)!,
    }
  })
}

function add(t: Totals, w: WindowInput, date: string): void {
  t.days++
  t.date = date
  t.endTs = Math.min(w.endOf(date), w.toTs)
  const c = w.days.get(date)
  if (c) {
    t.verified += c.verified
    t.violations += c.violations
    t.trackerFailures += c.trackerFailures
    t.filled += c.filled
    t.syncErrors += c.syncErrors
    t.trades += c.trades
    t.wins += c.wins
    t.pnl += c.pnl
    t.pnlSq += c.pnlSq
    t.banded += c.banded
    t.inBand += c.inBand
    t.crashes += c.crashes
    for (const k in c.health) t.health += c.health[k]!
  }
  for (const r of w.recoveries) {
    if (r.day !== date || r.ts < w.fromTs || r.ts > w.toTs) continue
    if (!r.recovered) t.notRecovered++
    else {
      t.recovered++
      if (r.ms !== null) t.worstRecoveryMs = Math.max(t.worstRecoveryMs ?? 0, r.ms)
    }
  }
  const e = w.equity.get(date)
  if (e !== undefined) t.equity.push(e)
}
