/**
 * Hand-made trading histories for report tests: accounts, filled and refused orders, round
 * trips with known PnL, and the ReportInput they make.
 */
import { DEFAULT_REPORT_SETTINGS, type EquityClose } from '../../../../shared/performance'
import type { Account, Fill, MarketSymbol, Order } from '../../../../shared/types'
import type { ReportInput } from '../../../../electron/engine/reports'

export const HOUR = 3_600_000
export const DAY = 24 * HOUR

/** Epoch ms of `date` (YYYY-MM-DD) at `hour` UTC. */
export function at(date: string, hour = 12, minute = 0): number {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number]
  return Date.UTC(y, m - 1, d, hour, minute)
}

/** The date `n` days after `date`. */
export function plusDays(date: string, n: number): string {
  return new Date(at(date, 0) + n * DAY).toISOString().slice(0, 10)
}

export function paperAccount(id: string, createdAt: number, name = `Account ${id}`): Account {
  return {
    id,
    name,
    kind: 'paper',
    quoteAsset: 'USD',
    createdAt,
    exchangeId: null,
    sandbox: false,
    priceSource: 'simulator',
    strategiesAllowed: true,
  }
}

interface FillSpec {
  readonly accountId?: string
  readonly symbol?: MarketSymbol
  readonly side: 'buy' | 'sell'
  readonly quantity: string
  readonly price: string
  readonly fee?: string
  /** The price the order was checked at (default: the fill price, no slippage). */
  readonly expected?: string
  readonly realizedPnl?: string
  readonly liquidity?: 'maker' | 'taker'
}

/** A history built fill by fill, every fill its own filled order. */
export class History {
  readonly fills: Fill[] = []
  readonly orders: Order[] = []
  private seq = 0

  /** One filled order of one fill at `ts`. */
  fill(ts: number, spec: FillSpec): this {
    const n = ++this.seq
    const accountId = spec.accountId ?? 'a1'
    const symbol = spec.symbol ?? 'BTC-USD'
    const fee = spec.fee ?? '0'
    this.orders.push({
      id: `o${n}`,
      clientOrderId: `c${n}`,
      accountId,
      symbol,
      side: spec.side,
      type: 'market',
      quantity: spec.quantity,
      limitPrice: null,
      source: 'api',
      status: 'filled',
      filledQuantity: spec.quantity,
      averagePrice: spec.price,
      fee,
      expectedPrice: spec.expected ?? spec.price,
      createdAt: ts,
      updatedAt: ts,
      checks: [],
      reason: null,
      seq: 2 * n - 1,
    })
    this.fills.push({
      id: `f${n}`,
      orderId: `o${n}`,
      clientOrderId: `c${n}`,
      accountId,
      symbol,
      side: spec.side,
      quantity: spec.quantity,
      price: spec.price,
      fee,
      feeAsset: 'USD',
      liquidity: spec.liquidity ?? 'taker',
      ts,
      ...(spec.realizedPnl === undefined ? {} : { realizedPnl: spec.realizedPnl }),
      seq: 2 * n,
    })
    return this
  }

  /**
   * A round trip: buy `quantity` at `entry` at `ts`, sell it at `exit` `holdMs` later; its PnL
   * is (exit − entry) · quantity − both fees.
   */
  trade(
    ts: number,
    entry: number,
    exit: number,
    options: {
      accountId?: string
      symbol?: MarketSymbol
      quantity?: string
      fee?: number
      holdMs?: number
    } = {},
  ): this {
    const quantity = options.quantity ?? '1'
    const fee = String(options.fee ?? 0)
    const q = Number(quantity)
    this.fill(ts, {
      ...options,
      side: 'buy',
      quantity,
      price: String(entry),
      fee,
      realizedPnl: String(-Number(fee)),
    })
    return this.fill(ts + (options.holdMs ?? 60_000), {
      ...options,
      side: 'sell',
      quantity,
      price: String(exit),
      fee,
      realizedPnl: String((exit - entry) * q - Number(fee)),
    })
  }

  /** A round trip of net PnL `pnl` (no fees) at `ts`. */
  pnl(ts: number, pnl: number, options: { accountId?: string } = {}): this {
    return this.trade(ts, 100, 100 + pnl, options)
  }

  /** An order the gate refused at `ts`, with the failing check's code. */
  refuse(ts: number, code: string, accountId = 'a1'): this {
    const n = ++this.seq
    this.orders.push({
      id: `o${n}`,
      clientOrderId: `c${n}`,
      accountId,
      symbol: 'BTC-USD',
      side: 'buy',
      type: 'market',
      quantity: '1',
      limitPrice: null,
      source: 'api',
      status: 'rejected',
      filledQuantity: '0',
      averagePrice: null,
      fee: '0',
      expectedPrice: '100',
      createdAt: ts,
      updatedAt: ts,
      checks: [{ name: code.toLowerCase(), passed: false, code, message: `Refused: ${code}` }],
      reason: `Refused: ${code}`,
      seq: 2 * n - 1,
    })
    return this
  }
}

/** The input of the report of `date` for `history`: one account a1 of 10,000 USD from 2026-01-01. */
export function reportInput(
  history: History,
  date: string,
  overrides: Partial<ReportInput> = {},
): ReportInput {
  return {
    date,
    timeZone: 'UTC',
    generatedAt: at(plusDays(date, 1), 0, 5),
    accounts: [paperAccount('a1', at('2026-01-01', 0))],
    openings: { a1: { cash: '10000', positions: [] } },
    fills: history.fills,
    orders: history.orders,
    equityCloses: [] as EquityClose[],
    settings: DEFAULT_REPORT_SETTINGS,
    ...overrides,
  }
}
