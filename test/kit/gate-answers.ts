/**
 * What the gate refuses the ticket's four classic mistakes with, for the renderer's fake host
 * (renderer tests cannot run the engine). The engine's own test (order-check.test.ts) holds the
 * real gate to these exact checks, so the ticket is tested against the gate's real words.
 */
import type { GateCheck, MarketSymbol } from '../../shared/types'

/** The prices the answers are worked out at. */
export const GATE_ANSWER_PRICES: Readonly<Record<MarketSymbol, string>> = {
  'BTC-USD': '65000.00',
  'ETH-USD': '3200.00',
  'SOL-USD': '150.00',
}

/** The finding that blocks the account in the reconciliation case. */
export const OPEN_FINDING = {
  id: 'rf-7',
  message: 'the broker holds 0.02 BTC, the ledger 0.01 BTC',
} as const

/** The failing checks of each case, as the gate answers them. */
export const GATE_ANSWERS = {
  /** Buy 0.01 BTC while the account is HALTED. */
  halted: [
    {
      name: 'trading_state',
      passed: false,
      code: 'TRADING_HALTED',
      message: 'Trading is HALTED on this account: no orders are allowed.',
    },
  ],
  /** Buy 0.01 BTC while a reconciliation finding is open. */
  reconciliation: [
    {
      name: 'reconciliation',
      passed: false,
      code: 'RECONCILIATION_OPEN',
      message: `Trading on this account is blocked: reconciliation with the broker found a difference that is still open (finding ${OPEN_FINDING.id}: ${OPEN_FINDING.message}). Resolving it on the Reconciliation screen lifts the block.`,
    },
  ],
  /** Buy 0.00001 BTC: $0.65. */
  belowMinimum: [
    {
      name: 'order_notional',
      passed: false,
      code: 'BELOW_MIN_NOTIONAL',
      message: 'Order value $0.65 is below the BTC-USD minimum of $1.00.',
    },
  ],
  /** Sell 5 ETH while holding none. */
  sellWithoutHolding: [
    {
      name: 'order_notional',
      passed: false,
      code: 'ORDER_TOO_LARGE',
      message: 'Order value $16,000.00 is above the per-order maximum of $5,000.00.',
    },
    {
      name: 'balance',
      passed: false,
      code: 'INSUFFICIENT_POSITION',
      message: 'Insufficient ETH-USD to sell: need 5, have 0. Spot accounts cannot sell short.',
    },
  ],
  /** Buy 0.01 BTC at a limit of $71,500.00, 10 % above the market: a fat finger. */
  farLimit: [
    {
      name: 'price_band',
      passed: false,
      code: 'PRICE_OUT_OF_BAND',
      message:
        'Buy limit $71,500.00 is 10% above the last price $65,000.00, outside the ±5% band that stops a mistyped price.',
    },
  ],
} as const satisfies Record<string, readonly GateCheck[]>
