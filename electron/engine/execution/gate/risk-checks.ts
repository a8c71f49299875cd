/**
 * The account's risk limits and the circuit breaker's word. Orders that only reduce risk
 * (sales of what is held) stay allowed past the loss and drawdown limits, so a trader over
 * them can still get out.
 */
import {
  EXACT_ZERO,
  abs,
  cmp,
  exactText,
  minus,
  parseExact,
  plus,
  times,
  toExact,
  type Exact,
} from '../../core'
import type { GateRule } from './context'
import { unknownValues } from './context'

const HUNDRED: Exact = { n: 100n, scale: 0 }

/** Realized loss since the start of the trader's local day. */
export const dailyLoss: GateRule = {
  name: 'daily_loss',
  check: ({ input, limits: L, reducing }) => {
    const realized = toExact(input.realizedToday)
    const loss = realized.n < 0n ? abs(realized) : EXACT_ZERO
    return {
      code: reducing || cmp(loss, L.maxDailyLoss) < 0 ? 'OK' : 'DAILY_LOSS_LIMIT',
      values: { loss: exactText(loss), max: exactText(L.maxDailyLoss) },
    }
  },
}

/** Drawdown % = (peak − equity) / peak × 100, compared without dividing. */
export const drawdown: GateRule = {
  name: 'drawdown',
  check: ({ input, limits: L, reducing }) => {
    const peak = toExact(input.peakEquity)
    const equity = toExact(input.equity)
    const fallen = minus(peak, equity)
    const within =
      reducing || peak.n <= 0n || cmp(times(fallen, HUNDRED), times(peak, L.maxDrawdownPct)) < 0
    return {
      code: within ? 'OK' : 'DRAWDOWN_LIMIT',
      values: {
        equity: exactText(equity),
        peak: exactText(peak),
        max: input.limits.maxDrawdownPct,
      },
    }
  },
}

/** The value of everything held after the order (only buys add to it). */
export const exposure: GateRule = {
  name: 'exposure',
  check: ({ buy, exposureNow, notional, limits: L }) => {
    const after = buy ? plus(exposureNow, notional) : exposureNow
    return {
      code: !buy || cmp(after, L.maxExposure) <= 0 ? 'OK' : 'EXPOSURE_LIMIT',
      values: { after: exactText(after), max: exactText(L.maxExposure) },
    }
  },
}

/** Orders sent in the last minute. */
export const orderRate: GateRule = {
  name: 'order_rate',
  check: ({ input }) => {
    const count = input.ordersLastMinute
    const max = input.limits.maxOrdersPerMinute
    return { code: count < max ? 'OK' : 'RATE_LIMIT', values: { count, max } }
  },
}

/**
 * The trading state: HALTED allows nothing, REDUCE_ONLY only sales of what is held, and
 * RECOVERING orders up to a share of the maximum order size.
 */
export const tradingState: GateRule = {
  name: 'trading_state',
  check: (ctx) => {
    const { input, reducing, ready, limits: L } = ctx
    const state = input.tradingState
    if (state === 'HALTED') return { code: 'TRADING_HALTED' }
    if (state === 'REDUCE_ONLY' && !reducing)
      return { code: 'REDUCE_ONLY', values: { held: ctx.heldText } }
    if (state !== 'RECOVERING' || reducing) return { code: 'OK', values: { state } }
    if (!ready) return { code: 'NOT_EVALUATED', values: unknownValues(ctx) }
    // After a trip, size comes back in steps: orders up to a share of the maximum order size.
    const share = input.recoveryFraction ?? 1
    const cap = times(L.maxOrder, parseExact(String(share))!)
    const values = { state, share, cap: exactText(cap), value: exactText(ctx.notional) }
    return cmp(ctx.notional, cap) <= 0
      ? { code: 'OK', values }
      : { code: 'RECOVERY_SIZE_CAP', values: { ...values, max: exactText(L.maxOrder) } }
  },
}
