/** Hand-made Costs figures for the renderer tests: a summary, its points, and the fees view. */
import type { CostGroupView, CostPoint, CostSummary } from '../../../shared/costs'
import type { AccountFees, FeeTotals, FeesView } from '../../../shared/fees'

export const T0 = Date.parse('2026-11-20T10:00:00Z')
const ACCOUNT = 'paper-main'

/** Order `i` (seq 10·i): expected 1 + i/10 bps, band ±1 bps, actual as given. */
export function point(i: number, actualBps: number, cusum: number | null = 0): CostPoint {
  const expected = 1 + i / 10
  return {
    seq: 10 * i,
    ts: T0 + i * 60_000,
    orderId: `ord-${i}`,
    accountId: ACCOUNT,
    symbol: i % 2 === 0 ? 'BTC-USD' : 'ETH-USD',
    side: 'buy',
    notionalUsd: 650,
    hour: 9,
    expectedBps: expected,
    lowBps: expected - 1,
    highBps: expected + 1,
    regime: 'normal',
    actualBps,
    vsExpectedBps: actualBps - expected,
    z: (actualBps - expected) / 0.78,
    cusum,
    feesUsd: 3.9,
    shortfallUsd: 3.9 + (actualBps / 10_000) * 650,
    shortfallBps: 60 + actualBps,
  }
}

function group(key: string, overrides: Partial<CostGroupView> = {}): CostGroupView {
  return {
    key,
    orders: 12,
    filled: 12,
    medianArrivalBps: 2.4,
    meanArrivalBps: 2.6,
    meanExpectedBps: 1.7,
    medianVsExpectedBps: 0.8,
    shortfallUsd: 48.2,
    shortfallBps: 61.5,
    ...overrides,
  }
}

/** 24 orders; the last ones cost well above the model and the alarm is on since order 21. */
export function degradedSummary(): CostSummary {
  const points = Array.from({ length: 24 }, (_, i) => {
    const late = i >= 16
    const expected = 1 + i / 10
    const actual = late ? expected + 2.5 : expected + (i % 3 === 0 ? 1.4 : 0.2)
    const cusum = late ? Math.min(9, (i - 15) * 1.2) : 0
    return point(i, actual, cusum)
  })
  return {
    accountId: ACCOUNT,
    window: 500,
    points,
    bySymbol: [group('BTC-USD'), group('ETH-USD', { medianVsExpectedBps: 1.9 })],
    bySize: [group('$100–$1k', { orders: 24, filled: 24 })],
    byHour: [group('9', { orders: 24, filled: 24 })],
    byRegime: [group('normal', { orders: 24, filled: 24 })],
    tests: {
      verdict: 'degraded',
      words: ['the last 8 fills cost more than the 16 before them'],
      n: 24,
      minFills: 20,
      bias: { p: 0.0123, medianMissBps: 1.1 },
      recentVsBaseline: { p: 0.0004, recent: 30, baseline: 24 },
      medianRatio: { median: 1.62, low: 1.2, high: 2.05, n: 22, excluded: 2 },
    },
    alarms: [
      {
        accountId: ACCOUNT,
        k: 0.5,
        h: 5,
        statistic: 9,
        active: true,
        episodes: 1,
        alarmSeq: 200,
        alarmTs: T0 + 20 * 60_000,
        changeSeq: 160,
        changeTs: T0 + 16 * 60_000,
      },
    ],
    calibration: {
      status: 'fitted',
      fills: 42,
      minFills: 30,
      spread: { value: 0.85, se: 0.12 },
      impact: { value: 0.91, se: 0.2 },
      prior: { spread: 1, impact: 0.7 },
      inUse: {
        source: 'prior',
        spread: 1,
        impact: 0.7,
        reason:
          'Y is not yet known well enough (0.91 ± 0.20; used once within 25 %): the model keeps its defaults',
      },
      history: [
        { ts: T0, fills: 30, spread: { value: 0.8, se: 0.2 }, impact: { value: 1.1, se: 0.3 } },
        {
          ts: T0 + 3_600_000,
          fills: 40,
          spread: { value: 0.85, se: 0.12 },
          impact: { value: 0.91, se: 0.2 },
        },
      ],
    },
    validation: {
      inBand: { inside: 14, total: 24, share: 14 / 24 },
      bandCoverage: 0.8,
      biasP: 0.0123,
      verdict: 'degraded',
    },
  }
}

/** A fresh account: no order filled, no test, no fit. */
export function emptySummary(): CostSummary {
  return {
    accountId: ACCOUNT,
    window: 500,
    points: [],
    bySymbol: [],
    bySize: [],
    byHour: [],
    byRegime: [],
    tests: {
      verdict: 'not-enough-fills',
      words: ['not enough fills: 0 of the 20 a test needs; no p-value is given'],
      n: 0,
      minFills: 20,
      bias: null,
      recentVsBaseline: null,
      medianRatio: null,
    },
    alarms: [],
    calibration: {
      status: 'not-enough-fills',
      fills: 0,
      minFills: 30,
      prior: { spread: 1, impact: 0.7 },
      inUse: {
        source: 'prior',
        spread: 1,
        impact: 0.7,
        reason: 'no calibration yet: the model uses its defaults',
      },
      reason: 'Not enough fills: 0 usable taker fills, the fit needs 30',
      history: [],
    },
    validation: { inBand: null, bandCoverage: 0.8, biasP: null, verdict: 'not-enough-fills' },
  }
}

function totals(fills: number, rate: string, published: string): FeeTotals {
  return {
    fills,
    notional: '15600',
    fees: '93.6',
    publishedFees: '93.6',
    effectiveRate: rate,
    publishedRate: published,
  }
}

/** The fee analyzer's view: tier 1 of Coinbase Advanced, $6,400 short of tier 2, one change. */
export function feesView(accountId = ACCOUNT): FeesView {
  const account: AccountFees = {
    accountId,
    accountName: 'Paper',
    quoteAsset: 'USD',
    schedule: {
      id: 'coinbase-advanced-2022-09-20',
      venue: 'Coinbase Advanced',
      effective: '2022-09-20',
      dateBasis: 'effective',
      source: "Coinbase's fee page",
      sourceUrl: 'https://example.test',
      volumeAsset: 'USD',
      knownBelow: null,
      notes: [],
    },
    noSchedule: null,
    volume30d: '3600',
    tier: { index: 0, name: null, from: '0', makerRate: '0.004', takerRate: '0.006' },
    next: {
      tier: { index: 1, name: null, from: '10000', makerRate: '0.0025', takerRate: '0.004' },
      volumeNeeded: '6400',
    },
    analysis: {
      fills: [],
      all: totals(24, '0.0061', '0.006'),
      maker: totals(6, '0.004', '0.004'),
      taker: totals(18, '0.0065', '0.006'),
      unknownLiquidity: 0,
      makerShare: '0.25',
      rebates: { fills: 0, amount: '0' },
      discounts: { fills: 0, saved: '0' },
      unconverted: { fills: 0, reasons: [] },
      beyondSchedule: 0,
      excess: '1.56',
      excessShare: '0.0167',
    },
    windowFills: 24,
    tierChanges: [
      {
        ts: T0 + 7_200_000,
        scheduleId: 'coinbase-advanced-2022-09-20',
        direction: 'down',
        old: 1,
        new: 0,
        oldFrom: '10000',
        newFrom: '0',
        volume30d: '9800',
      },
    ],
    exchange: { kind: 'paper', note: 'The paper exchange charges its schedule exactly.' },
  }
  return { from: T0 - 30 * 86_400_000, to: T0, accounts: [account] }
}
