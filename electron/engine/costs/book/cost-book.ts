/**
 * The cost book: a fold of the journal that follows every order with an expected cost from its
 * intent to its end, and keeps, per account, what the Costs screen and the validation plan read:
 * - the newest WINDOW ended orders that filled, each with its actual cost against the arrival
 *   mid and the model (order-cost.ts), its miss in the model's own σ (z) and the CUSUM after it;
 * - the live alarm: a one-sided CUSUM on z (k ½, h from the "execution costs degraded" rule,
 *   5 by default), with the order where the latest rise began;
 * - the calibration window of taker fills (the model's spread coefficient and impact prefactor
 *   fitted from them) and a bounded history of its fits.
 * Orders without an estimate (journaled before the model, or a resting limit) are not followed.
 * Nothing here grows with history: orders in flight, and fixed-size windows.
 */
import type { EngineEvent } from '../../../../shared/contract'
import type { CostPoint, OrderCostEstimate } from '../../../../shared/costs'
import type { AlertLog } from '../../alerts'
import type { Fold, JournalRecord } from '../../journal'
import { CalibrationWindow, type CalibrationWindowState } from '../calibration/window'
import { orderCost, orderCostProblem, type CostedFill } from '../actual/order-cost'
import { CUSUM_DEFAULTS } from '../stats/cusum'

/** Ended orders kept per account (as many as the calibration window and the ledger keep). */
export const COST_WINDOW = 1_000
/** A fit goes into the history every this many usable fills. */
export const CALIBRATION_HISTORY_EVERY = 25
/** Fits kept in the history. */
const HISTORY_KEEP = 200
/** The band is the model's 10 % and 90 % points: its width is 2 × 1.2816 σ. */
export const BAND_Z = 1.2816
/** Below this σ (bps) a miss is measured against this σ: a 0.01 bps band is not a promise. */
export const MIN_SCALE_BPS = 0.5

/** The model's σ of an order's cost, from its band (the 10 % and 90 % points), bps. */
export function bandScaleBps(lowBps: number, highBps: number): number {
  return Math.max(MIN_SCALE_BPS, (highBps - lowBps) / (2 * BAND_Z))
}

type Estimated = Extract<OrderCostEstimate, { mid: number }>

interface Following {
  readonly orderId: string
  readonly seq: number
  readonly ts: number
  readonly accountId: string
  readonly symbol: string
  readonly side: 'buy' | 'sell'
  readonly quantity: number
  readonly estimate: Estimated
  readonly fills: CostedFill[]
  /** Every fill was a taker's (calibration takes only those). */
  taker: boolean
}

/** The CUSUM of an account, as kept. */
export interface CusumState {
  s: number
  active: boolean
  episodes: number
  alarmSeq: number | null
  alarmTs: number | null
  changeSeq: number | null
  changeTs: number | null
  /** The first order after S was last 0: where a rise begins. */
  riseSeq: number | null
  riseTs: number | null
}

/** A past fit of the calibration. */
export interface FitPoint {
  readonly ts: number
  readonly fills: number
  readonly spread: { readonly value: number; readonly se: number }
  readonly impact: { readonly value: number; readonly se: number }
}

interface AccountCosts {
  /** Ended orders that filled, oldest first, at most COST_WINDOW (the intent's ts in `intentTs`). */
  points: (CostPoint & { readonly intentTs: number })[]
  cusum: CusumState
  calibration: CalibrationWindow
  /** Usable fills added to the calibration since the start. */
  calibrated: number
  history: FitPoint[]
}

/** What the snapshot keeps. */
export interface CostBookState {
  readonly following: readonly Following[]
  readonly accounts: readonly {
    readonly accountId: string
    readonly points: AccountCosts['points']
    readonly cusum: CusumState
    readonly calibration: CalibrationWindowState
    readonly calibrated: number
    readonly history: readonly FitPoint[]
  }[]
}

const newCusum = (): CusumState => ({
  s: 0,
  active: false,
  episodes: 0,
  alarmSeq: null,
  alarmTs: null,
  changeSeq: null,
  changeTs: null,
  riseSeq: null,
  riseTs: null,
})

/** The decision interval h of the rule (5 when the alert log has none). */
export function costAlarmH(alerts: AlertLog | undefined): number {
  const rule = alerts?.rules.find((r) => r.id === 'execution_costs')
  return rule && rule.threshold > 0 ? rule.threshold : CUSUM_DEFAULTS.h
}

export class CostBook {
  private readonly following = new Map<string, Following>()
  private readonly accounts = new Map<string, AccountCosts>()

  /** The accounts followed, and their costs. */
  account(accountId: string): Readonly<AccountCosts> | undefined {
    return this.accounts.get(accountId)
  }

  accountIds(): string[] {
    return [...this.accounts.keys()]
  }

  /** Folds one record in; the events it publishes (an alarm that went on or off). */
  apply(record: JournalRecord, alerts: AlertLog | undefined): EngineEvent[] {
    switch (record.type) {
      case 'order.intent': {
        const p = record.payload
        const e = p.expectedCost
        if (!e || !('mid' in e)) return []
        this.following.set(p.orderId, {
          orderId: p.orderId,
          seq: record.seq,
          ts: record.ts,
          accountId: p.accountId,
          symbol: p.symbol,
          side: p.side,
          quantity: Number(p.quantity),
          estimate: e,
          fills: [],
          taker: true,
        })
        return []
      }
      case 'order.fill': {
        const f = this.following.get(record.payload.orderId)
        if (!f) return []
        const p = record.payload
        // A fee in another currency is not a dollar figure: it is left out here, and the fee
        // analyzer converts it at the fill's time.
        const fee = p.feeAsset === 'USD' ? Number(p.fee) : 0
        f.fills.push({ quantity: Number(p.quantity), price: Number(p.price), fee, ts: p.ts })
        if (p.liquidity !== 'taker') f.taker = false
        return []
      }
      case 'order.closed': {
        const f = this.following.get(record.payload.orderId)
        if (!f) return []
        this.following.delete(record.payload.orderId)
        return this.ended(f, record.ts, costAlarmH(alerts))
      }
      default:
        return []
    }
  }

  private ended(f: Following, ts: number, h: number): EngineEvent[] {
    if (f.fills.length === 0) return []
    const order = {
      side: f.side,
      quantity: f.quantity,
      arrivalMid: f.estimate.mid,
      expectedBps: f.estimate.bps,
      fills: f.fills,
      closeMid: null,
    }
    if (orderCostProblem(order) !== null) return []
    const cost = orderCost(order)
    const acc = this.accountOf(f.accountId)
    const scale = bandScaleBps(f.estimate.lowBps, f.estimate.highBps)
    const actual = cost.arrivalBps as number
    const z = (actual - f.estimate.bps) / scale
    const before = acc.cusum.active
    this.step(acc.cusum, z, f.seq, ts, h)
    acc.points.push({
      seq: f.seq,
      ts,
      intentTs: f.ts,
      orderId: f.orderId,
      accountId: f.accountId,
      symbol: f.symbol,
      side: f.side,
      notionalUsd: cost.filledQuantity * f.estimate.mid,
      hour: 0,
      expectedBps: f.estimate.bps,
      lowBps: f.estimate.lowBps,
      highBps: f.estimate.highBps,
      regime: f.estimate.regime,
      actualBps: actual,
      vsExpectedBps: cost.vsExpectedBps,
      z,
      cusum: acc.cusum.s,
      feesUsd: cost.feesUsd,
      shortfallUsd: cost.shortfallUsd,
      shortfallBps: cost.shortfallBps,
    })
    if (acc.points.length > COST_WINDOW) acc.points.shift()
    this.calibrate(acc, f, cost.averagePrice as number, ts)
    if (acc.cusum.active === before) return []
    const alarm = { accountId: f.accountId, active: acc.cusum.active, ...alarmOf(acc.cusum, h) }
    return [{ type: 'costs:alarm', payload: alarm }]
  }

  /** One CUSUM step: S = max(0, S + z − k); an alarm when S first passes h in an episode. */
  private step(c: CusumState, z: number, seq: number, ts: number, h: number): void {
    const k = CUSUM_DEFAULTS.k
    if (c.s === 0) {
      c.riseSeq = seq
      c.riseTs = ts
    }
    c.s = Math.max(0, c.s + z - k)
    if (c.s === 0) {
      c.active = false
      return
    }
    if (!c.active && c.s > h) {
      c.active = true
      c.episodes++
      c.alarmSeq = seq
      c.alarmTs = ts
      c.changeSeq = c.riseSeq
      c.changeTs = c.riseTs
    }
  }

  private calibrate(acc: AccountCosts, f: Following, averagePrice: number, ts: number): void {
    const inputs = f.estimate.inputs
    if (!inputs || !f.taker) return
    const added = acc.calibration.add({
      side: f.side,
      arrivalMid: f.estimate.mid,
      fillPrice: averagePrice,
      halfSpreadBps: inputs.spreadBps / 2,
      dailyVolatility: inputs.dailyVolatility,
      participation: inputs.participation,
      walkBps: f.estimate.parts.bookWalk,
      liquidity: 'taker',
    })
    if (!added.added) return
    acc.calibrated++
    if (acc.calibrated % CALIBRATION_HISTORY_EVERY !== 0) return
    const fit = acc.calibration.fit()
    if (fit.status !== 'fitted') return
    acc.history.push({
      ts,
      fills: fit.fills,
      spread: { value: fit.spread.value, se: fit.spread.standardError },
      impact: { value: fit.impact.value, se: fit.impact.standardError },
    })
    if (acc.history.length > HISTORY_KEEP) acc.history.shift()
  }

  private accountOf(accountId: string): AccountCosts {
    let acc = this.accounts.get(accountId)
    if (!acc) {
      acc = {
        points: [],
        cusum: newCusum(),
        calibration: new CalibrationWindow(),
        calibrated: 0,
        history: [],
      }
      this.accounts.set(accountId, acc)
    }
    return acc
  }

  toState(): CostBookState {
    return {
      following: [...this.following.values()],
      accounts: [...this.accounts].map(([accountId, a]) => ({
        accountId,
        points: a.points,
        cusum: a.cusum,
        calibration: a.calibration.toState(),
        calibrated: a.calibrated,
        history: a.history,
      })),
    }
  }

  static fromState(state: CostBookState | undefined): CostBook {
    const book = new CostBook()
    for (const f of state?.following ?? [])
      book.following.set(f.orderId, { ...f, fills: [...f.fills] })
    for (const a of state?.accounts ?? [])
      book.accounts.set(a.accountId, {
        points: [...a.points],
        cusum: { ...a.cusum },
        calibration: CalibrationWindow.fromState(a.calibration),
        calibrated: a.calibrated,
        history: [...a.history],
      })
    return book
  }
}

/** The alarm's figures as the event and the summary give them. */
export function alarmOf(c: CusumState, h: number) {
  return {
    k: CUSUM_DEFAULTS.k,
    h,
    statistic: c.s,
    episodes: c.episodes,
    alarmSeq: c.alarmSeq,
    alarmTs: c.alarmTs,
    changeSeq: c.changeSeq,
    changeTs: c.changeTs,
  }
}

/** The cost book as a fold; it reads the alert rules (registered before it) for h. */
export const costBookFold: Fold<CostBook, CostBookState> = {
  fromState: (state) => CostBook.fromState(state),
  toState: (book) => book.toState(),
  apply: (book, record, earlier) => book.apply(record, earlier.alerts as AlertLog | undefined),
}
