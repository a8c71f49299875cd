/**
 * The expected slippage of a marketable order, against the arrival mid, as a sum of parts
 * that are each visible (costs-and-validation.md §1.10, quant.md §4.1):
 *
 *   halfSpread = a · spread / 2
 *   volatility = c_lat · σ_1m · √(latency / 1 min) · 10⁴          σ_1m = ATR% / 100 / 1.6
 *   bookWalk   = (VWAP of the walk − touch) / mid · 10⁴            (0 when the touch holds it all)
 *   impact     = Y · σ_D · √(Q / V) · 10⁴                          σ_D from the longer ATR, V = 24 h volume
 *   timeOfDay  = impact · (activity^(−e) − 1)                      V at this hour is V · activity
 *   regime     = impact · activity^(−e) · (m − 1)                  m = ATR / longer ATR, clamped
 *
 * Book walk and square-root law are added, not chosen between: the paper exchange walks the
 * book and then moves every fill by Y·σ·√(Q/V) (brokers/book-walk.ts), and §1.10 sums them.
 * What switches with size is the walk: exact when the order fits in the visible book; for a
 * larger order it prices what is visible and the rest at the last visible level (a floor), and
 * the square-root term is the one that grows with the depth the book does not show.
 *
 * Pure and synchronous: no clock, no I/O. Bad input gives `{ ok: false, reason }`, never a
 * throw or a NaN.
 */
import type { CostEstimate, CostPart, CostRegime } from '../../../../shared/costs'
import {
  DEFAULT_SLIPPAGE_COEFFICIENTS,
  coefficientsProblem,
  type SlippageCoefficients,
} from './coefficients'
import { naiveSlippageBps } from './naive'

/** One price level, as numbers. */
export interface CostBookLevel {
  readonly price: number
  readonly size: number
}

/** The market features the model reads. */
export interface SlippageFeatures {
  /** The quoted spread now, bps of the mid. */
  readonly spreadBps: number
  /** ATR of one-minute candles as a percent of price (TA-Lib NATR); null before it exists. */
  readonly atrPercent: number | null
  /** The ATR's longer average, percent; null or absent: the regime is taken as normal. */
  readonly longAtrPercent?: number | null
  /** The visible levels of the side the order takes (asks for a buy, bids for a sell), best first. */
  readonly levels: readonly CostBookLevel[] | null
  /** Base units traded in the last 24 hours. */
  readonly dayVolume: number
  /** This hour of the week's activity over the week's average (1 = average); absent: 1. */
  readonly activity?: number
  /** Time from intent to match, ms; absent: the coefficients' latencyMs. */
  readonly latencyMs?: number
}

/** The order. */
export interface SlippageOrder {
  readonly side: 'buy' | 'sell'
  /** Base units, > 0. */
  readonly quantity: number
  /** The arrival mid, > 0. */
  readonly price: number
}

const BPS = 10_000
const MINUTES_PER_DAY = 1440
const MINUTE_MS = 60_000

function unavailable(reason: string): CostEstimate {
  return { ok: false, reason: `No cost estimate: ${reason}.` }
}

function bad(x: unknown): boolean {
  return typeof x !== 'number' || !Number.isFinite(x)
}

/** Why the order or features cannot be estimated, or null. */
function inputProblem(order: SlippageOrder, f: SlippageFeatures): string | null {
  if (order.side !== 'buy' && order.side !== 'sell')
    return `the side must be buy or sell; got ${String(order.side)}`
  if (bad(order.quantity) || !(order.quantity > 0))
    return `the quantity must be a number above 0; got ${String(order.quantity)}`
  if (bad(order.price) || !(order.price > 0))
    return `the arrival price must be a number above 0; got ${String(order.price)}`
  if (bad(f.spreadBps) || f.spreadBps < 0)
    return `the spread must be a number of bps ≥ 0; got ${String(f.spreadBps)}`
  if (f.atrPercent === null) return 'no ATR yet (it needs 15 one-minute candles)'
  if (bad(f.atrPercent) || f.atrPercent < 0)
    return `the ATR must be a percent ≥ 0; got ${String(f.atrPercent)}`
  const long = f.longAtrPercent
  if (long !== undefined && long !== null && (bad(long) || long < 0))
    return `the longer ATR must be a percent ≥ 0; got ${String(long)}`
  if (bad(f.dayVolume) || !(f.dayVolume > 0))
    return `the 24-hour volume must be above 0; got ${String(f.dayVolume)}`
  if (f.activity !== undefined && (bad(f.activity) || !(f.activity > 0)))
    return `the hour's activity factor must be above 0; got ${String(f.activity)}`
  if (f.latencyMs !== undefined && (bad(f.latencyMs) || f.latencyMs < 0))
    return `the latency must be a number of ms ≥ 0; got ${String(f.latencyMs)}`
  if (f.levels === null || f.levels.length === 0)
    return `no order book on the ${order.side === 'buy' ? 'ask' : 'bid'} side`
  for (const level of f.levels)
    if (bad(level.price) || !(level.price > 0) || bad(level.size) || level.size < 0)
      return `a book level is not a positive price with a size ≥ 0 (${String(level.price)} × ${String(level.size)})`
  return null
}

/** The walk of the visible levels: its cost past the touch, bps of the mid, and what was visible. */
export function walkCostBps(
  side: 'buy' | 'sell',
  quantity: number,
  mid: number,
  levels: readonly CostBookLevel[],
): { bps: number; visible: number; fits: boolean } {
  const touch = (levels[0] as CostBookLevel).price
  let left = quantity
  let paid = 0
  let visible = 0
  let last = touch
  for (const level of levels) {
    visible += level.size
    if (left <= 0 || level.size <= 0) continue
    const take = left < level.size ? left : level.size
    paid += take * level.price
    left -= take
    last = level.price
  }
  const fits = left <= 0
  // Beyond the visible book: the rest at the last visible level, a floor on the walk.
  if (!fits) paid += left * (levels.at(-1) as CostBookLevel).price
  else if (last === touch) return { bps: 0, visible, fits }
  const vwap = paid / quantity
  const past = side === 'buy' ? vwap - touch : touch - vwap
  return { bps: (past / mid) * BPS, visible, fits }
}

function fmt(x: number, digits = 2): string {
  return x.toFixed(digits)
}

/**
 * The expected cost of taking `order.quantity` now, with its band and parts, and the seed's
 * naive figure beside it. Coefficients default to DEFAULT_SLIPPAGE_COEFFICIENTS.
 */
export function estimateSlippage(
  order: SlippageOrder,
  features: SlippageFeatures,
  coefficients: SlippageCoefficients = DEFAULT_SLIPPAGE_COEFFICIENTS,
): CostEstimate {
  if (coefficients !== DEFAULT_SLIPPAGE_COEFFICIENTS) {
    const problem = coefficientsProblem(coefficients)
    if (problem !== null) return unavailable(problem)
  }
  const problem = inputProblem(order, features)
  if (problem !== null) return unavailable(problem)
  const c = coefficients
  const { side, quantity: q, price: mid } = order
  const levels = features.levels as readonly CostBookLevel[]
  const atr = features.atrPercent as number
  const usdPerBps = (q * mid) / BPS
  const part = (bps: number, basis: string): CostPart => ({ bps, usd: bps * usdPerBps, basis })

  const halfSpread = (c.spread * features.spreadBps) / 2

  const sigmaMinute = atr / 100 / c.rangeToSigma
  const latencyMs = features.latencyMs ?? c.latencyMs
  const flightSd = sigmaMinute * Math.sqrt(latencyMs / MINUTE_MS) * BPS
  const volatility = c.latency * flightSd

  const walk = walkCostBps(side, q, mid, levels)

  const long = features.longAtrPercent
  const hasLong = long !== undefined && long !== null && long > 0
  const baseAtr = hasLong ? long : atr
  const sigmaDay = (baseAtr / 100 / c.rangeToSigma) * Math.sqrt(MINUTES_PER_DAY)
  const participation = q / features.dayVolume
  const impactPerY = sigmaDay * Math.sqrt(participation) * BPS
  const impact = c.impact * impactPerY

  const activity = features.activity ?? 1
  const hourFactor = Math.pow(activity, -c.timeOfDay)
  const timeOfDay = impact * (hourFactor - 1)

  const ratio = hasLong ? atr / long : 1
  const regime: CostRegime =
    ratio < c.calmBelow ? 'calm' : ratio > c.volatileAbove ? 'volatile' : 'normal'
  const m = ratio < c.regimeMin ? c.regimeMin : ratio > c.regimeMax ? c.regimeMax : ratio
  const regimeBps = impact * hourFactor * (m - 1)

  const bps = halfSpread + volatility + walk.bps + impact + timeOfDay + regimeBps
  const impactAll = impact + timeOfDay + regimeBps
  const spreadOfY = c.impact > 0 ? (c.impactSd / c.impact) * impactAll : c.impactSd * impactPerY
  const half = spreadOfY + c.bandZ * flightSd
  const lowBps = bps - half
  const highBps = bps + half
  const naiveBps = naiveSlippageBps({
    orderUsd: q * mid,
    atrFraction: atr / 100,
    volume24hUsd: features.dayVolume * mid,
  })
  const sideName = side === 'buy' ? 'ask' : 'bid'
  return {
    ok: true,
    arrivalMid: mid,
    bps,
    usd: bps * usdPerBps,
    band: { lowBps, highBps, lowUsd: lowBps * usdPerBps, highUsd: highBps * usdPerBps },
    parts: {
      halfSpread: part(halfSpread, `spread ${fmt(features.spreadBps)} bps`),
      volatility: part(
        volatility,
        `ATR ${fmt(atr, 3)} %, σ ${fmt(flightSd)} bps over ${Math.round(latencyMs)} ms`,
      ),
      bookWalk: part(
        walk.bps,
        walk.fits
          ? `fits in the ${sideName}s shown (${fmt(walk.visible, 4)} visible)`
          : `larger than the ${fmt(walk.visible, 4)} visible on the ${sideName} side: the rest priced at the last level`,
      ),
      impact: part(
        impact,
        `Y ${fmt(c.impact)} · σ ${fmt(sigmaDay * 100)} %/day · √(${participation.toExponential(2)} of 24 h volume)`,
      ),
      timeOfDay: part(timeOfDay, `activity ×${fmt(activity)} of average`),
      regime: part(
        regimeBps,
        hasLong
          ? `${regime}: ATR ${fmt(ratio)}× its longer average`
          : 'normal: no longer average of the ATR yet',
      ),
    },
    sizeMethod: walk.fits ? 'book-walk' : 'beyond-book',
    visibleQuantity: walk.visible,
    participation,
    spreadBps: features.spreadBps,
    dailyVolatility: sigmaDay,
    regime,
    naiveBps,
  }
}
