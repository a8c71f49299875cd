/**
 * Health checks: one round measures every part the trader relies on and says OK, WARN or FAIL
 * for each, with the measured value and its threshold; the round is HEALTHY, DEGRADED (some
 * warn) or CRITICAL (some fail). The measurements come through probes, so a test can make
 * any of them bad.
 */
import { performance } from 'node:perf_hooks'
import type {
  HealthCheck,
  HealthLevel,
  HealthReport,
  HealthStatus,
  MarketSymbol,
} from '../../../shared/types'
import type { Broker } from '../brokers'
import { dec, usd, type Decimal } from '../core'

/** Where a check turns WARN and FAIL (above these; disk space: below). */
export const HEALTH_THRESHOLDS = {
  brokerLatencyMs: { warn: 1_000, fail: 5_000 },
  /** Cash at the broker against the ledger, USD. */
  balanceDrift: { warn: 0.01, fail: 1 },
  /** Quote age as a share of the account's freshness limit. */
  quoteAge: { warn: 0.5, fail: 1 },
  /**
   * Quotes that keep coming with the same bid, ask and last for this long are frozen: FAIL
   * on the simulated market (it moves every second), WARN on a live feed (markets go quiet).
   */
  frozenAfterMs: 30_000,
  diskFreeBytes: { warn: 5 * 2 ** 30, fail: 2 ** 30 },
  rssBytes: { warn: 1.5 * 2 ** 30, fail: 3 * 2 ** 30 },
  eventLoopLagMs: { warn: 100, fail: 500 },
} as const

/** An account as the health checks see it. */
export interface HealthAccount {
  readonly accountId: string
  readonly name: string
  readonly kind: 'paper' | 'exchange'
  /** Why it is not connected, or null when it is. */
  readonly problem: string | null
  readonly broker: Broker
  readonly quoteAsset: string
  /** The ledger's cash now, and whether an order of the account awaits the broker's answer. */
  ledger(): { readonly cash: Decimal; readonly orderAtBroker: boolean }
}

/** Broker reads a round makes to find one without an order in flight, at most. */
const BALANCE_READS = 3

/** A quote the account trades on, with the freshness limit that applies. */
export interface HealthQuote {
  readonly symbol: MarketSymbol
  readonly source: string
  readonly ts: number
  readonly maxAgeMs: number
  /** How long bid, ask and last have stayed exactly the same, ms. */
  readonly unchangedMs: number
}

/** What one round measures. */
export interface HealthProbes {
  now(): number
  accounts(): readonly HealthAccount[]
  quotes(): readonly HealthQuote[]
  /** Re-folds the journal on disk and compares it with the ledger; null when it matches. */
  tracker(): Promise<{ mismatch: string | null; records: number }>
  diskFreeBytes(): Promise<number>
  memory(): { rss: number; heapUsed: number }
  /** The event loop's p99 delay since the last round, ms. */
  eventLoopLagMs(): number
  /** Why the journal cannot be written, or null. */
  journalFailure(): string | null
  /** Why the last state snapshot could not be written, or null when it was. */
  snapshotFailure?(): string | null
}

const mb = (bytes: number): number => Math.round(bytes / 2 ** 20)
/** GiB to one decimal: the disk check's value and its message say the same number. */
const gbValue = (bytes: number): number => Math.round((bytes / 2 ** 30) * 10) / 10
const gb = (bytes: number): string => `${gbValue(bytes).toFixed(1)} GB`

/** A level from a value that is bad when high (or low, with `lowIsBad`). */
function levelOf(value: number, t: { warn: number; fail: number }, lowIsBad = false): HealthLevel {
  if (lowIsBad) return value < t.fail ? 'FAIL' : value < t.warn ? 'WARN' : 'OK'
  return value > t.fail ? 'FAIL' : value > t.warn ? 'WARN' : 'OK'
}

/** The round's overall status. */
export function overall(checks: readonly HealthCheck[]): HealthStatus {
  if (checks.some((c) => c.level === 'FAIL')) return 'CRITICAL'
  if (checks.some((c) => c.level === 'WARN')) return 'DEGRADED'
  return 'HEALTHY'
}

async function brokerChecks(a: HealthAccount): Promise<HealthCheck[]> {
  const T = HEALTH_THRESHOLDS
  const label = `Broker of ${a.name}`
  const threshold = `warn above ${T.brokerLatencyMs.warn.toLocaleString('en-US')} ms, fail above ${T.brokerLatencyMs.fail.toLocaleString('en-US')} ms`
  if (a.problem !== null) {
    const level: HealthLevel = a.kind === 'paper' ? 'FAIL' : 'WARN'
    return [
      {
        name: 'broker',
        label,
        accountId: a.accountId,
        level,
        value: null,
        unit: 'ms',
        threshold,
        message: `Not connected: ${a.problem}.`,
      },
    ]
  }
  // The broker's balance and the ledger describe the same moment only when no order of the
  // account was at the broker, or folded, while the broker was read: then the ledger did not
  // move across the call. A read that met an order in flight is made again, a few times.
  let ms: number | null = null
  let held: Readonly<Record<string, string>> | null = null
  let cash: Decimal | null = null
  for (let read = 0; read < BALANCE_READS && cash === null; read++) {
    const before = a.ledger()
    const t0 = performance.now()
    try {
      held = await a.broker.balances(a.accountId)
    } catch (error) {
      return [
        {
          name: 'broker',
          label,
          accountId: a.accountId,
          level: 'FAIL',
          value: null,
          unit: 'ms',
          threshold,
          message: `The broker did not answer: ${(error as Error).message}`,
        },
      ]
    }
    ms ??= Math.round(performance.now() - t0)
    const after = a.ledger()
    if (!before.orderAtBroker && !after.orderAtBroker && before.cash.equals(after.cash))
      cash = after.cash
  }
  const balanceLabel = `Balance of ${a.name}`
  const driftThreshold = `warn above ${usd(dec(T.balanceDrift.warn))}, fail above ${usd(dec(T.balanceDrift.fail))}`
  const brokerCheck: HealthCheck = {
    name: 'broker',
    label,
    accountId: a.accountId,
    level: levelOf(ms!, T.brokerLatencyMs),
    value: ms,
    unit: 'ms',
    threshold,
    message: `Answered in ${ms} ms.`,
  }
  if (cash === null)
    return [
      brokerCheck,
      {
        name: 'balance_sync',
        label: balanceLabel,
        accountId: a.accountId,
        level: 'OK',
        value: null,
        unit: a.quoteAsset,
        threshold: driftThreshold,
        message: `Not compared this round: an order of ${a.name} was in flight at each of ${BALANCE_READS} reads of the broker; the next round compares again.`,
      },
    ]
  const brokerCash = dec(held![a.quoteAsset] ?? '0')
  const drift = brokerCash.minus(cash).abs()
  const driftLevel = levelOf(drift.toNumber(), T.balanceDrift)
  return [
    brokerCheck,
    {
      name: 'balance_sync',
      label: balanceLabel,
      accountId: a.accountId,
      level: driftLevel,
      value: drift.toNumber(),
      unit: a.quoteAsset,
      threshold: driftThreshold,
      message:
        driftLevel === 'OK'
          ? `Ledger and broker agree: ${usd(cash)}.`
          : `Ledger has ${usd(cash)}, the broker ${usd(brokerCash)}: ${usd(drift)} apart.`,
    },
  ]
}

/** Runs one round of every check. */
export async function runHealthRound(probes: HealthProbes): Promise<HealthReport> {
  const T = HEALTH_THRESHOLDS
  const t0 = performance.now()
  const ts = probes.now()
  const checks: HealthCheck[] = []

  const journalFailure = probes.journalFailure()
  checks.push({
    name: 'journal',
    label: 'Audit journal',
    accountId: null,
    level: journalFailure === null ? 'OK' : 'FAIL',
    value: null,
    unit: '',
    threshold: 'every record written and fsynced',
    message: journalFailure === null ? 'Writable.' : `Cannot be written: ${journalFailure}`,
  })

  // WARN, not FAIL: the journal still holds every record, so trading is safe; what suffers is
  // how fast the next start is, and the disk behind it needs looking at.
  const snapshotFailure = probes.snapshotFailure?.() ?? null
  checks.push({
    name: 'snapshot',
    label: 'State snapshot',
    accountId: null,
    level: snapshotFailure === null ? 'OK' : 'WARN',
    value: null,
    unit: '',
    threshold: 'the last snapshot written whole',
    message:
      snapshotFailure === null
        ? 'The last snapshot was written.'
        : `The last snapshot could not be written: ${snapshotFailure}. The journal still holds everything; a restart replays more of it until a snapshot succeeds.`,
  })

  const tracker = await probes.tracker()
  checks.push({
    name: 'tracker',
    label: 'Position tracker',
    accountId: null,
    level: tracker.mismatch === null ? 'OK' : 'FAIL',
    value: tracker.records,
    unit: tracker.records === 1 ? 'record' : 'records',
    threshold: 'the ledger equals the fold of the journal on disk',
    message:
      tracker.mismatch === null
        ? `The ledger equals the fold of the journal (${tracker.records.toLocaleString('en-US')} ${tracker.records === 1 ? 'record' : 'records'}).`
        : `The ledger differs from the journal: ${tracker.mismatch}`,
  })

  for (const account of probes.accounts()) checks.push(...(await brokerChecks(account)))

  // Quote ages from the time the quotes are read (the broker checks above take a while).
  const readAt = probes.now()
  for (const q of probes.quotes()) {
    const age = readAt - q.ts
    const level = q.ts <= 0 ? 'FAIL' : levelOf(age / q.maxAgeMs, T.quoteAge)
    if (level === 'OK' && q.unchangedMs > T.frozenAfterMs) {
      checks.push({
        name: 'market_data',
        label: `Prices ${q.symbol} (${q.source})`,
        accountId: null,
        level: q.source === 'simulator' ? 'FAIL' : 'WARN',
        value: Math.round(q.unchangedMs),
        unit: 'ms',
        threshold: `unchanged for at most ${T.frozenAfterMs / 1000} s`,
        message: `Quotes keep coming but the price has not moved for ${(q.unchangedMs / 1000).toFixed(0)} s: the feed looks frozen.`,
      })
      continue
    }
    checks.push({
      name: 'market_data',
      label: `Prices ${q.symbol} (${q.source})`,
      accountId: null,
      level,
      value: q.ts <= 0 ? null : Math.round(age),
      unit: 'ms',
      threshold: `warn above ${(q.maxAgeMs * T.quoteAge.warn) / 1000} s, fail above ${q.maxAgeMs / 1000} s`,
      message: q.ts <= 0 ? 'No price yet.' : `Last price ${(age / 1000).toFixed(1)} s old.`,
    })
  }

  const free = await probes.diskFreeBytes()
  checks.push({
    name: 'disk_space',
    label: 'Free disk space (data folder)',
    accountId: null,
    level: levelOf(free, T.diskFreeBytes, true),
    value: gbValue(free),
    unit: 'GB',
    threshold: `warn below ${gb(T.diskFreeBytes.warn)}, fail below ${gb(T.diskFreeBytes.fail)}`,
    message: `${gb(free)} free.`,
  })

  const memory = probes.memory()
  checks.push({
    name: 'memory',
    label: 'Memory (process)',
    accountId: null,
    level: levelOf(memory.rss, T.rssBytes),
    value: mb(memory.rss),
    unit: 'MB',
    threshold: `warn above ${gb(T.rssBytes.warn)}, fail above ${gb(T.rssBytes.fail)}`,
    message: `${mb(memory.rss)} MB resident, ${mb(memory.heapUsed)} MB of JavaScript heap in use.`,
  })

  const lag = probes.eventLoopLagMs()
  checks.push({
    name: 'event_loop',
    label: 'Event-loop lag',
    accountId: null,
    level: levelOf(lag, T.eventLoopLagMs),
    value: Math.round(lag),
    unit: 'ms',
    threshold: `warn above ${T.eventLoopLagMs.warn} ms, fail above ${T.eventLoopLagMs.fail} ms (p99)`,
    message: `p99 delay ${lag.toFixed(1)} ms since the last round.`,
  })

  return { ts, status: overall(checks), checks, durationMs: performance.now() - t0 }
}
