/**
 * The pre-execution gate: a fixed list of named checks, each one small function of the order
 * and one consistent snapshot of the ledger, the market, the limits and the trading state. Each
 * answers with a code and the numbers behind it; the words a trader reads are rendered from
 * those (journal/gate-words). The order may go only if every check passes.
 */
import type { GateCheck } from '../../../../shared/types'
import { ZERO, exactToDecimal, type Decimal } from '../../core'
import { describeChecks, type CheckedOrder, type GateCheckRecord } from '../../journal'
import {
  balance,
  entryPrice,
  needed,
  openPositions,
  orderNotional,
  positionLimit,
  quantity,
} from './order-checks'
import {
  botHalt,
  journalVerified,
  pendingOrders,
  positionTracker,
  reconciliation,
} from './account-checks'
import { dailyLoss, drawdown, exposure, orderRate, tradingState } from './risk-checks'
import { marketData, priceBand } from './market-checks'
import { sizeBand } from './plan-checks'
import { gateContext, type GateInput, type GateRule } from './context'

export type { GateInput, ReconciliationBlock, SizeBandRule } from './context'

/** Every check, in the order they run and are shown. */
export const GATE_RULES: readonly GateRule[] = [
  entryPrice,
  quantity,
  orderNotional,
  sizeBand,
  positionLimit,
  openPositions,
  balance,
  positionTracker,
  reconciliation,
  journalVerified,
  pendingOrders,
  dailyLoss,
  drawdown,
  exposure,
  orderRate,
  priceBand,
  marketData,
  tradingState,
  botHalt,
]

/** The gate's decision. */
export class GateDecision {
  constructor(
    readonly passed: boolean,
    /** Each check as the journal keeps it: name, code and numbers. */
    readonly records: readonly GateCheckRecord[],
    /** The price the order is expected to fill at, or null without a usable quote. */
    readonly expectedPrice: Decimal | null,
    /** Cash to hold back while the order is open. */
    readonly reserved: Decimal,
    /** Quantity × the price it is checked at; null unless both are valid. */
    readonly notional: Decimal | null,
    private readonly order: CheckedOrder,
  ) {}

  /**
   * Each check with its message, rendered from its record when first read (a passed order's
   * messages are read from the journal, if ever; the ledger's fold of it reuses these).
   */
  get checks(): readonly GateCheck[] {
    return describeChecks(this.records, this.order)
  }
}

/** Runs every check against one snapshot of the account. */
export function evaluateGate(input: GateInput): GateDecision {
  const ctx = gateContext(input)
  let passed = true
  const records: GateCheckRecord[] = []
  for (const { name, check, appliesTo } of GATE_RULES) {
    if (appliesTo && !appliesTo(input)) continue
    const { code, values } = check(ctx)
    if (code !== 'OK') passed = false
    records.push(values === undefined ? [name, code] : [name, code, values])
  }
  return new GateDecision(
    passed,
    records,
    ctx.priceOk ? ctx.quoted!.decimal : null,
    ctx.buy && ctx.ready ? exactToDecimal(needed(ctx)) : ZERO,
    ctx.ready ? exactToDecimal(ctx.notional) : null,
    { symbol: input.symbol, side: input.side, quantity: input.quantity },
  )
}
