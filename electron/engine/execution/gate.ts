/**
 * The pre-execution gate: every check runs against one consistent snapshot of the ledger, the
 * market, the limits and the trading state, and each says what it found in numbers a trader
 * can act on. The order may go only if every check passes.
 */
import type {
  GateCheck,
  Instrument,
  MarketSymbol,
  PendingOrderRule,
  Quote,
  RiskLimits,
  Side,
  TradingState,
} from '../../../shared/types'
import { Decimal, ZERO, toCents, usd } from '../core/decimal'

/** What the gate needs to know, all read at one instant. */
export interface GateInput {
  readonly symbol: MarketSymbol
  readonly side: Side
  readonly quantity: string
  readonly instrument: Instrument
  readonly quote: Quote | null
  readonly now: number
  readonly feeRate: string
  readonly limits: RiskLimits
  readonly tradingState: TradingState
  /** Null when the position tracker can be trusted; otherwise why not. */
  readonly trackerProblem: string | null
  /** Cash not reserved by open orders. */
  readonly availableCash: Decimal
  /** Quantity of the symbol held and not promised to open sell orders. */
  readonly availableQuantity: Decimal
  /** Every holding of the account, with a price to value it. */
  readonly holdings: readonly {
    readonly symbol: MarketSymbol
    readonly quantity: Decimal
    readonly price: Decimal
  }[]
  /** Orders of the account still working. */
  readonly workingOrders: readonly {
    readonly symbol: MarketSymbol
    readonly side: Side
    readonly id: string
  }[]
  /** Orders of the account sent in the last 60 seconds. */
  readonly ordersLastMinute: number
  /** Realized PnL since the start of the trader's local day (negative is a loss). */
  readonly realizedToday: Decimal
  readonly equity: Decimal
  readonly peakEquity: Decimal
}

/** The gate's decision. */
export interface GateDecision {
  readonly passed: boolean
  readonly checks: GateCheck[]
  /** The price the order is expected to fill at, or null without a usable quote. */
  readonly expectedPrice: Decimal | null
  /** Cash to hold back while the order is open. */
  readonly reserved: Decimal
}

interface ParsedLimits {
  readonly minOrder: Decimal
  readonly maxOrder: Decimal
  readonly maxPosition: Decimal
  readonly maxDailyLoss: Decimal
  readonly maxExposure: Decimal
  readonly lot: Decimal
  /** Decimal places of the lot size when it is a power of ten (then no division is needed). */
  readonly lotPlaces: number | null
  readonly minNotional: Decimal
  /** The same amounts formatted for messages. */
  readonly text: Readonly<
    Record<
      'minOrder' | 'maxOrder' | 'maxPosition' | 'maxDailyLoss' | 'maxExposure' | 'minNotional',
      string
    >
  >
  readonly feeRate: Map<string, Decimal>
}

// Limits and instruments change rarely; parsing their decimals once keeps the gate fast.
const parsedLimits = new WeakMap<RiskLimits, WeakMap<Instrument, ParsedLimits>>()
function parsed(limits: RiskLimits, instrument: Instrument): ParsedLimits {
  let byInstrument = parsedLimits.get(limits)
  if (!byInstrument) parsedLimits.set(limits, (byInstrument = new WeakMap()))
  let p = byInstrument.get(instrument)
  if (!p) {
    const amounts = {
      minOrder: new Decimal(limits.minOrderNotional),
      maxOrder: new Decimal(limits.maxOrderNotional),
      maxPosition: new Decimal(limits.maxPositionNotional),
      maxDailyLoss: new Decimal(limits.maxDailyLoss),
      maxExposure: new Decimal(limits.maxTotalExposure),
      minNotional: new Decimal(instrument.minNotional),
    }
    p = {
      ...amounts,
      lot: new Decimal(instrument.lotSize),
      lotPlaces: /^(1|0\.0*1)$/.test(instrument.lotSize)
        ? new Decimal(instrument.lotSize).decimalPlaces()
        : null,
      text: {
        minOrder: usd(amounts.minOrder),
        maxOrder: usd(amounts.maxOrder),
        maxPosition: usd(amounts.maxPosition),
        maxDailyLoss: usd(amounts.maxDailyLoss),
        maxExposure: usd(amounts.maxExposure),
        minNotional: usd(amounts.minNotional),
      },
      feeRate: new Map(),
    }
    byInstrument.set(instrument, p)
  }
  return p
}

const pass = (name: string, message: string): GateCheck => ({
  name,
  passed: true,
  code: 'OK',
  message,
})
const fail = (name: string, code: string, message: string): GateCheck => ({
  name,
  passed: false,
  code,
  message,
})
const skipped = (name: string, why: string): GateCheck =>
  fail(name, 'NOT_EVALUATED', `Not checked: ${why}.`)
/** A percentage for a message (display only: decisions compare exact decimals). */
const pct = (part: Decimal, whole: Decimal): string =>
  `${Number(Math.max(0, (part.toNumber() / whole.toNumber()) * 100).toFixed(2))}%`

function parse(text: string | undefined): Decimal | null {
  if (text === undefined) return null
  try {
    const d = new Decimal(text)
    return d.isFinite() ? d : null
  } catch {
    return null
  }
}

// A quote is replaced on every tick and read by every order in between: parse it once.
const parsedQuotes = new WeakMap<
  Quote,
  { bid: Decimal | null; ask: Decimal | null; last: Decimal | null }
>()
function quotePrices(quote: Quote | null) {
  if (!quote) return { bid: null, ask: null, last: null }
  let p = parsedQuotes.get(quote)
  if (!p)
    parsedQuotes.set(
      quote,
      (p = { bid: parse(quote.bid), ask: parse(quote.ask), last: parse(quote.last) }),
    )
  return p
}

function pendingConflict(rule: PendingOrderRule, input: GateInput): string | null {
  if (rule === 'off') return null
  const clash = input.workingOrders.find(
    (o) => o.symbol === input.symbol && (rule === 'per-symbol' || o.side === input.side),
  )
  if (!clash) return null
  return rule === 'per-symbol'
    ? `Order ${clash.id} for ${input.symbol} is still pending; one order per symbol at a time.`
    : `A ${input.side} order for ${input.symbol} (${clash.id}) is still pending; one per symbol and side at a time.`
}

/** Evaluates every check. */
export function evaluateGate(input: GateInput): GateDecision {
  const { limits, symbol, side, instrument } = input
  const L = parsed(limits, instrument)
  const checks: GateCheck[] = []
  const buy = side === 'buy'

  // Price: the side of the book the order will take.
  const prices = quotePrices(input.quote)
  const price = buy ? prices.ask : prices.bid
  const priceOk = price !== null && price.greaterThan(0)
  checks.push(
    priceOk
      ? pass('entry_price', `Entry price ${usd(price)} is valid.`)
      : fail(
          'entry_price',
          'INVALID_PRICE',
          `No valid market price for ${symbol}: got ${(buy ? input.quote?.ask : input.quote?.bid) ?? 'none'}; it must be a number above 0.`,
        ),
  )

  // Quantity: positive, on the lot size.
  const quantity = parse(input.quantity)
  const lot = L.lot
  let quantityOk = quantity !== null && quantity.greaterThan(0)
  if (!quantityOk) {
    checks.push(
      fail('quantity', 'INVALID_QUANTITY', `Quantity must be above 0; got ${input.quantity}.`),
    )
  } else if (
    L.lotPlaces !== null ? quantity!.decimalPlaces() > L.lotPlaces : !quantity!.modulo(lot).isZero()
  ) {
    quantityOk = false
    checks.push(
      fail(
        'quantity',
        'OFF_LOT_SIZE',
        `Quantity ${input.quantity} is not a multiple of the ${symbol} lot size ${instrument.lotSize}.`,
      ),
    )
  } else {
    checks.push(
      pass('quantity', `Quantity ${input.quantity} is on the lot size ${instrument.lotSize}.`),
    )
  }

  const ready = priceOk && quantityOk
  const qty = quantity ?? ZERO
  const notional = ready ? qty.times(price!) : ZERO
  let feeRate = L.feeRate.get(input.feeRate)
  if (!feeRate) L.feeRate.set(input.feeRate, (feeRate = new Decimal(input.feeRate)))
  const fee = ready ? toCents(notional.times(feeRate)) : ZERO
  const held = input.holdings.find((h) => h.symbol === symbol)?.quantity ?? ZERO
  const reducing = !buy && qty.lessThanOrEqualTo(held)

  // Order value: above the venue's minimum and within the account's per-order band.
  if (!ready) {
    checks.push(skipped('order_notional', 'the price or quantity is invalid'))
  } else if (notional.lessThan(L.minNotional)) {
    checks.push(
      fail(
        'order_notional',
        'BELOW_MIN_NOTIONAL',
        `Order value ${usd(notional)} is below the ${symbol} minimum of ${L.text.minNotional}.`,
      ),
    )
  } else if (notional.lessThan(L.minOrder)) {
    checks.push(
      fail(
        'order_notional',
        'ORDER_TOO_SMALL',
        `Order value ${usd(notional)} is below the per-order minimum of ${L.text.minOrder}.`,
      ),
    )
  } else if (notional.greaterThan(L.maxOrder)) {
    checks.push(
      fail(
        'order_notional',
        'ORDER_TOO_LARGE',
        `Order value ${usd(notional)} is above the per-order maximum of ${L.text.maxOrder}.`,
      ),
    )
  } else {
    checks.push(
      pass(
        'order_notional',
        `Order value ${usd(notional)} is within ${L.text.minOrder}–${L.text.maxOrder}.`,
      ),
    )
  }

  // Position size and count after the order (only buys can grow them on a spot account).
  if (!ready) {
    checks.push(skipped('position_limit', 'the price or quantity is invalid'))
  } else {
    const after = (buy ? held.plus(qty) : held.minus(qty)).times(price!)
    checks.push(
      !buy || after.lessThanOrEqualTo(L.maxPosition)
        ? pass(
            'position_limit',
            `${symbol} position after the order: ${usd(after.abs())}, limit ${L.text.maxPosition}.`,
          )
        : fail(
            'position_limit',
            'POSITION_LIMIT',
            `${symbol} position would be ${usd(after)}, above the per-symbol maximum of ${L.text.maxPosition}.`,
          ),
    )
  }
  const open = input.holdings.filter((h) => h.quantity.greaterThan(0)).length
  const opensNew = buy && held.isZero()
  checks.push(
    !opensNew || open + 1 <= limits.maxOpenPositions
      ? pass(
          'open_positions',
          `Open positions after the order: ${open + (opensNew ? 1 : 0)}, limit ${limits.maxOpenPositions}.`,
        )
      : fail(
          'open_positions',
          'MAX_POSITIONS',
          `Opening ${symbol} would make ${open + 1} open positions, above the maximum of ${limits.maxOpenPositions}.`,
        ),
  )

  // Cash (buy) or holding (sell), after what open orders already reserve.
  let reserved = ZERO
  if (!ready) {
    checks.push(skipped('balance', 'the price or quantity is invalid'))
  } else if (buy) {
    const need = notional.plus(fee)
    reserved = need
    checks.push(
      need.lessThanOrEqualTo(input.availableCash)
        ? pass(
            'balance',
            `Balance covers ${usd(need)} including fee; ${usd(input.availableCash)} available.`,
          )
        : fail(
            'balance',
            'INSUFFICIENT_BALANCE',
            `Insufficient balance: need ${usd(need)} including fee, have ${usd(input.availableCash)}.`,
          ),
    )
  } else {
    checks.push(
      qty.lessThanOrEqualTo(input.availableQuantity)
        ? pass('balance', `Holding covers the sale of ${input.quantity} ${symbol}.`)
        : fail(
            'balance',
            'INSUFFICIENT_POSITION',
            `Insufficient ${symbol} to sell: need ${input.quantity}, have ${input.availableQuantity.toFixed()}. Spot accounts cannot sell short.`,
          ),
    )
  }

  checks.push(
    input.trackerProblem === null
      ? pass('position_tracker', 'Position tracker is loaded and consistent.')
      : fail(
          'position_tracker',
          'TRACKER_UNAVAILABLE',
          `Position tracker unavailable: ${input.trackerProblem}`,
        ),
  )

  const conflict = pendingConflict(limits.pendingOrderRule, input)
  checks.push(
    conflict === null
      ? pass(
          'pending_orders',
          limits.pendingOrderRule === 'off'
            ? 'Pending-order rule is off.'
            : `No pending ${symbol} order in the way.`,
        )
      : fail('pending_orders', 'DUPLICATE_PENDING', conflict),
  )

  // Risk limits. Orders that only reduce risk (sells of what is held) stay allowed, so a
  // trader over a loss or drawdown limit can still get out.
  const loss = input.realizedToday.isNegative() ? input.realizedToday.negated() : ZERO
  checks.push(
    reducing || loss.lessThan(L.maxDailyLoss)
      ? pass('daily_loss', `Realized loss today ${usd(loss)}, limit ${L.text.maxDailyLoss}.`)
      : fail(
          'daily_loss',
          'DAILY_LOSS_LIMIT',
          `Daily loss limit reached: ${usd(loss)} realized today, limit ${L.text.maxDailyLoss}. Only orders that reduce a position are allowed until tomorrow.`,
        ),
  )
  // Drawdown % = (peak − equity) / peak × 100, compared without dividing.
  const fallen = input.peakEquity.minus(input.equity)
  const peakKnown = input.peakEquity.greaterThan(0)
  const drawdown = peakKnown ? pct(fallen, input.peakEquity) : '0%'
  checks.push(
    reducing ||
      !peakKnown ||
      fallen.times(100).lessThan(input.peakEquity.times(limits.maxDrawdownPct))
      ? pass('drawdown', `Drawdown from peak equity ${drawdown}, limit ${limits.maxDrawdownPct}%.`)
      : fail(
          'drawdown',
          'DRAWDOWN_LIMIT',
          `Drawdown limit reached: equity ${usd(input.equity)} is ${drawdown} below its peak of ${usd(input.peakEquity)}, limit ${limits.maxDrawdownPct}%. Only orders that reduce a position are allowed.`,
        ),
  )
  const exposureNow = input.holdings.reduce((sum, h) => sum.plus(h.quantity.times(h.price)), ZERO)
  const exposureAfter = buy ? exposureNow.plus(notional) : exposureNow
  checks.push(
    !buy || exposureAfter.lessThanOrEqualTo(L.maxExposure)
      ? pass(
          'exposure',
          `Total exposure after the order ${usd(exposureAfter)}, limit ${L.text.maxExposure}.`,
        )
      : fail(
          'exposure',
          'EXPOSURE_LIMIT',
          `Total exposure would be ${usd(exposureAfter)}, above the maximum of ${L.text.maxExposure}.`,
        ),
  )
  checks.push(
    input.ordersLastMinute < limits.maxOrdersPerMinute
      ? pass(
          'order_rate',
          `${input.ordersLastMinute} orders in the last minute, limit ${limits.maxOrdersPerMinute}.`,
        )
      : fail(
          'order_rate',
          'RATE_LIMIT',
          `Too many orders: ${input.ordersLastMinute} in the last minute, limit ${limits.maxOrdersPerMinute}. Wait and try again.`,
        ),
  )

  // Market data: sane and fresh.
  const last = prices.last
  if (!priceOk || last === null || last.lessThanOrEqualTo(0)) {
    checks.push(skipped('price_band', 'there is no valid last price'))
  } else {
    const gap = price!.minus(last).abs()
    const away = pct(gap, last)
    checks.push(
      gap.times(100).lessThanOrEqualTo(last.times(limits.priceBandPct))
        ? pass(
            'price_band',
            `Entry price is ${away} from the last price ${usd(last)}, band ±${limits.priceBandPct}%.`,
          )
        : fail(
            'price_band',
            'PRICE_OUT_OF_BAND',
            `Entry price ${usd(price!)} is ${away} away from the last price ${usd(last)}, outside the ±${limits.priceBandPct}% band.`,
          ),
    )
  }
  const age = input.quote ? input.now - input.quote.ts : Number.POSITIVE_INFINITY
  checks.push(
    age <= limits.maxQuoteAgeMs
      ? pass(
          'market_data',
          `Last ${symbol} price is ${(age / 1000).toFixed(1)} s old, limit ${(limits.maxQuoteAgeMs / 1000).toFixed(1)} s.`,
        )
      : fail(
          'market_data',
          'STALE_MARKET_DATA',
          input.quote
            ? `Market data is stale: the last ${symbol} price is ${(age / 1000).toFixed(1)} s old, limit ${(limits.maxQuoteAgeMs / 1000).toFixed(1)} s.`
            : `No market data for ${symbol}.`,
        ),
  )

  // Trading state: the circuit breaker's word.
  if (input.tradingState === 'HALTED') {
    checks.push(
      fail(
        'trading_state',
        'TRADING_HALTED',
        'Trading is HALTED on this account: no orders are allowed.',
      ),
    )
  } else if (input.tradingState === 'REDUCE_ONLY' && !reducing) {
    checks.push(
      fail(
        'trading_state',
        'REDUCE_ONLY',
        `Trading is REDUCE ONLY on this account: only sells of what is held are allowed (${symbol} held: ${held.toFixed()}).`,
      ),
    )
  } else {
    checks.push(pass('trading_state', `Trading state ${input.tradingState} allows this order.`))
  }

  return {
    passed: checks.every((c) => c.passed),
    checks,
    expectedPrice: priceOk ? price : null,
    reserved,
  }
}
