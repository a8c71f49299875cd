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
import { Decimal, ZERO, usd } from '../core'

/** What the gate needs to know, all read at one instant. */
export interface GateInput {
  readonly symbol: MarketSymbol
  readonly side: Side
  readonly quantity: string
  readonly instrument: Instrument
  readonly quote: Quote | null
  /**
   * A limit order's price: the order is checked (notional, balance, band) at the worst price
   * it accepts. Absent or null for a market order, which is checked at the quote it will take.
   */
  readonly limitPrice?: string | null
  readonly now: number
  readonly feeRate: string
  readonly limits: RiskLimits
  readonly tradingState: TradingState
  /** RECOVERING: the share (0–1) of the maximum order size allowed now. */
  readonly recoveryFraction?: number | null
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

/**
 * An exact decimal as a whole number of 10^-scale units. The gate does its arithmetic on these
 * rather than on Decimal: a decision needs a few dozen additions, products and comparisons, and
 * on BigInts they are exact at any size (no 34-digit rounding) yet cost nanoseconds, where each
 * Decimal operation allocates and normalises a new object (most of the gate's time before).
 */
interface Fixed {
  readonly n: bigint
  readonly scale: number
}
const fx = (n: bigint, scale: number): Fixed => ({ n, scale })
const FIXED_ZERO = fx(0n, 0)
const FIXED_100 = fx(100n, 0)

const POW10 = Array.from({ length: 40 }, (_, k) => 10n ** BigInt(k))
const pow10 = (k: number): bigint => POW10[k] ?? 10n ** BigInt(k)
/** 10^0 … 10^22: the powers of ten a double holds exactly. */
const NUMBER_POW10 = Array.from({ length: 23 }, (_, k) => Number(`1e${k}`))

/** decimal.js keeps a value's digits in words of seven digits (`d`), most significant first. */
const WORD = 10_000_000n
/**
 * Converts a Decimal through its documented representation (digit words `d`, exponent `e` of
 * the leading digit, sign `s`): value = (the words' digits as one integer) × 10^(e − digits + 1).
 * Going through a string instead would cost as much as the Decimal arithmetic it replaces.
 */
function fixed(x: Decimal): Fixed {
  const words = x.d
  if (!words) throw new Error(`The gate takes finite amounts only, got ${x.toString()}`)
  const first = words[0]!
  let digits = 1
  while (digits < 7 && first >= NUMBER_POW10[digits]!) digits++
  digits += 7 * (words.length - 1)
  let scale = digits - 1 - x.e
  let n: bigint
  if (words.length <= 2) {
    // At most 14 digits: a safe integer. Dropping the fraction's trailing zeros (the last word
    // is padded to seven digits) keeps the products and the strings made from them short.
    let c = words.length === 1 ? first : first * 10_000_000 + words[1]!
    while (scale > 0 && c !== 0 && c % 10 === 0) {
      c /= 10
      scale--
    }
    n = BigInt(c)
  } else {
    n = BigInt(first)
    for (let i = 1; i < words.length; i++) n = n * WORD + BigInt(words[i]!)
  }
  if (scale < 0) {
    n *= pow10(-scale)
    scale = 0
  }
  return fx(x.s < 0 ? -n : n, scale)
}
const toDecimal = (x: Fixed): Decimal => new Decimal(x.scale ? `${x.n}e-${x.scale}` : `${x.n}`)

const at = (x: Fixed, scale: number): bigint =>
  x.scale === scale ? x.n : x.n * pow10(scale - x.scale)
function plus(a: Fixed, b: Fixed): Fixed {
  const scale = Math.max(a.scale, b.scale)
  return fx(at(a, scale) + at(b, scale), scale)
}
function minus(a: Fixed, b: Fixed): Fixed {
  const scale = Math.max(a.scale, b.scale)
  return fx(at(a, scale) - at(b, scale), scale)
}
const times = (a: Fixed, b: Fixed): Fixed => fx(a.n * b.n, a.scale + b.scale)
const abs = (x: Fixed): Fixed => (x.n < 0n ? fx(-x.n, x.scale) : x)
/** −1, 0 or 1 as a is below, equal to or above b. */
function cmp(a: Fixed, b: Fixed): number {
  const scale = Math.max(a.scale, b.scale)
  const x = at(a, scale)
  const y = at(b, scale)
  return x < y ? -1 : x > y ? 1 : 0
}
/** Whether a is a whole multiple of b (never of zero, as Decimal's modulo by zero is NaN). */
function isMultiple(a: Fixed, b: Fixed): boolean {
  const scale = Math.max(a.scale, b.scale)
  return b.n !== 0n && at(a, scale) % at(b, scale) === 0n
}
/** Whole cents of |x|, half up (as `toCents` and `usd` round). */
function absCents(x: Fixed): bigint {
  const n = x.n < 0n ? -x.n : x.n
  if (x.scale <= 2) return n * pow10(2 - x.scale)
  const unit = pow10(x.scale - 2)
  return (n + unit / 2n) / unit
}
/** Rounds money to cents, half up (away from zero), like `toCents` in core/decimal. */
const toCents = (x: Fixed): Fixed => fx(x.n < 0n ? -absCents(x) : absCents(x), 2)
/** The same text as `usd` in core/decimal ("$1,234.50", "-$3.00"), without a Decimal. */
function usdOf(x: Fixed): string {
  const cents = absCents(x)
  const fixed = cents.toString().padStart(3, '0')
  const point = fixed.length - 2
  let grouped = fixed.slice(Math.max(0, point - 3), point)
  for (let end = point - 3; end > 0; end -= 3)
    grouped = `${fixed.slice(Math.max(0, end - 3), end)},${grouped}`
  return `${x.n < 0n && cents !== 0n ? '-' : ''}$${grouped}.${fixed.slice(point)}`
}
/**
 * The double nearest x, as Decimal#toNumber gives it (it parses its own string): a safe integer
 * over an exact power of ten divides to the same correctly rounded double.
 */
function toNumber(x: Fixed): number {
  const small = x.n <= 9_007_199_254_740_991n && x.n >= -9_007_199_254_740_991n
  return small && x.scale < NUMBER_POW10.length
    ? Number(x.n) / NUMBER_POW10[x.scale]!
    : Number(`${x.n}e-${x.scale}`)
}
/** A percentage for a message (display only: decisions compare exact decimals). */
const pct = (part: Fixed, whole: Fixed): string =>
  `${Number(Math.max(0, (toNumber(part) / toNumber(whole)) * 100).toFixed(2))}%`

interface ParsedLimits {
  readonly minOrder: Fixed
  readonly maxOrder: Fixed
  readonly maxPosition: Fixed
  readonly maxDailyLoss: Fixed
  readonly maxExposure: Fixed
  readonly maxDrawdownPct: Fixed
  readonly priceBandPct: Fixed
  readonly lot: Fixed
  readonly tick: Fixed
  readonly minNotional: Fixed
  /** The amounts formatted for messages. */
  readonly text: Readonly<
    Record<
      | 'minOrder'
      | 'maxOrder'
      | 'maxPosition'
      | 'maxDailyLoss'
      | 'maxExposure'
      | 'minNotional'
      | 'maxQuoteAge',
      string
    >
  >
  readonly feeRate: Map<string, Fixed>
}

// Limits and instruments change rarely; parsing their decimals once keeps the gate fast.
const parsedLimits = new WeakMap<RiskLimits, WeakMap<Instrument, ParsedLimits>>()
function parsed(limits: RiskLimits, instrument: Instrument): ParsedLimits {
  let byInstrument = parsedLimits.get(limits)
  if (!byInstrument) parsedLimits.set(limits, (byInstrument = new WeakMap()))
  let p = byInstrument.get(instrument)
  if (!p) {
    const amount = (value: string | number): Fixed => fixed(new Decimal(value))
    const amounts = {
      minOrder: amount(limits.minOrderNotional),
      maxOrder: amount(limits.maxOrderNotional),
      maxPosition: amount(limits.maxPositionNotional),
      maxDailyLoss: amount(limits.maxDailyLoss),
      maxExposure: amount(limits.maxTotalExposure),
      minNotional: amount(instrument.minNotional),
    }
    p = {
      ...amounts,
      maxDrawdownPct: amount(limits.maxDrawdownPct),
      priceBandPct: amount(limits.priceBandPct),
      lot: amount(instrument.lotSize),
      tick: amount(instrument.tickSize),
      text: {
        minOrder: usdOf(amounts.minOrder),
        maxOrder: usdOf(amounts.maxOrder),
        maxPosition: usdOf(amounts.maxPosition),
        maxDailyLoss: usdOf(amounts.maxDailyLoss),
        maxExposure: usdOf(amounts.maxExposure),
        minNotional: usdOf(amounts.minNotional),
        maxQuoteAge: (limits.maxQuoteAgeMs / 1000).toFixed(1),
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

function parse(text: string | undefined): Decimal | null {
  if (text === undefined) return null
  try {
    const d = new Decimal(text)
    return d.isFinite() ? d : null
  } catch {
    return null
  }
}

/** Plain digits with an optional fraction: the usual quantity, read without a Decimal. */
const PLAIN = /^(\d+)(?:\.(\d*))?$/
function parseQuantity(text: string): Fixed | null {
  const plain = PLAIN.exec(text)
  if (plain) return fx(BigInt(plain[1]! + (plain[2] ?? '')), plain[2]?.length ?? 0)
  // Anything else (a sign, an exponent, hex…) is read exactly as Decimal reads it.
  const d = parse(text)
  return d && fixed(d)
}

/** A quote price, parsed and formatted once. */
interface QuotePrice {
  readonly decimal: Decimal
  readonly fixed: Fixed
  readonly text: string
}
/** How far an entry price is from the last price, for the price-band check. */
interface Band {
  readonly last: QuotePrice
  readonly gap: Fixed
  /** The gap as a percentage of the last price, for the message. */
  readonly away: string
}
interface QuotePrices {
  readonly last: QuotePrice | null
  readonly bid: QuotePrice | null
  readonly ask: QuotePrice | null
  /** Null unless both the entry price and the last price are valid (above 0). */
  readonly bidBand: Band | null
  readonly askBand: Band | null
}
const NO_PRICES: QuotePrices = { last: null, bid: null, ask: null, bidBand: null, askBand: null }
function quotePrice(text: string): QuotePrice | null {
  const decimal = parse(text)
  if (!decimal) return null
  const f = fixed(decimal)
  return { decimal, fixed: f, text: usdOf(f) }
}
function bandOf(price: QuotePrice | null, last: QuotePrice | null): Band | null {
  if (price === null || price.fixed.n <= 0n || last === null || last.fixed.n <= 0n) return null
  const gap = abs(minus(price.fixed, last.fixed))
  return { last, gap, away: pct(gap, last.fixed) }
}

// A quote is replaced on every tick and read by every order in between: parse it once.
const parsedQuotes = new WeakMap<Quote, QuotePrices>()
function quotePrices(quote: Quote | null): QuotePrices {
  if (!quote) return NO_PRICES
  let p = parsedQuotes.get(quote)
  if (!p) {
    const bid = quotePrice(quote.bid)
    const ask = quotePrice(quote.ask)
    const last = quotePrice(quote.last)
    p = { last, bid, ask, bidBand: bandOf(bid, last), askBand: bandOf(ask, last) }
    parsedQuotes.set(quote, p)
  }
  return p
}

function pendingConflict(rule: PendingOrderRule, input: GateInput): string | null {
  if (rule === 'off') return null
  for (const o of input.workingOrders) {
    if (o.symbol !== input.symbol || (rule !== 'per-symbol' && o.side !== input.side)) continue
    return rule === 'per-symbol'
      ? `Order ${o.id} for ${input.symbol} is still pending; one order per symbol at a time.`
      : `A ${input.side} order for ${input.symbol} (${o.id}) is still pending; one per symbol and side at a time.`
  }
  return null
}

/** Evaluates every check. */
export function evaluateGate(input: GateInput): GateDecision {
  const { limits, symbol, side, instrument } = input
  const L = parsed(limits, instrument)
  const checks: GateCheck[] = []
  const buy = side === 'buy'

  // Price: the side of the book a market order will take, or a limit order's own price.
  const prices = quotePrices(input.quote)
  const limitText = input.limitPrice ?? null
  const quoted = limitText === null ? (buy ? prices.ask : prices.bid) : quotePrice(limitText)
  const tick = limitText === null ? null : L.tick
  const priceOk =
    quoted !== null && quoted.fixed.n > 0n && (tick === null || isMultiple(quoted.fixed, tick))
  const price = quoted?.fixed ?? FIXED_ZERO
  if (limitText !== null) {
    checks.push(
      priceOk
        ? pass('entry_price', `Limit price ${quoted!.text} is valid.`)
        : fail(
            'entry_price',
            'INVALID_PRICE',
            `Limit price ${limitText} is not valid for ${symbol}: it must be above 0 and a multiple of the tick size ${instrument.tickSize}.`,
          ),
    )
  } else {
    checks.push(
      priceOk
        ? pass('entry_price', `Entry price ${quoted!.text} is valid.`)
        : fail(
            'entry_price',
            'INVALID_PRICE',
            `No valid market price for ${symbol}: got ${(buy ? input.quote?.ask : input.quote?.bid) ?? 'none'}; it must be a number above 0.`,
          ),
    )
  }

  // Quantity: positive, on the lot size.
  const quantity = parseQuantity(input.quantity)
  let quantityOk = quantity !== null && quantity.n > 0n
  if (!quantityOk) {
    checks.push(
      fail('quantity', 'INVALID_QUANTITY', `Quantity must be above 0; got ${input.quantity}.`),
    )
  } else if (!isMultiple(quantity!, L.lot)) {
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
  // A check that needs the price or the quantity says which of them is wrong, and only that.
  const unknown = (what: string, needsPrice = true): string => {
    const problems: string[] = []
    if (needsPrice && !priceOk)
      problems.push(
        limitText === null
          ? `there is no valid market price for ${symbol}`
          : `the limit price ${limitText} is not valid`,
      )
    if (quantity === null || quantity.n <= 0n)
      problems.push(`the quantity ${input.quantity} is not above 0`)
    else if (!quantityOk)
      problems.push(`the quantity ${input.quantity} is not on the lot size ${instrument.lotSize}`)
    return `${what} is unknown because ${problems.join(' and ')}`
  }
  const qty = quantity ?? FIXED_ZERO
  const notional = ready ? times(qty, price) : FIXED_ZERO
  let feeRate = L.feeRate.get(input.feeRate)
  if (!feeRate) L.feeRate.set(input.feeRate, (feeRate = fixed(new Decimal(input.feeRate))))
  const fee = ready ? toCents(times(notional, feeRate)) : FIXED_ZERO

  // One pass over the holdings: this symbol's, the open count and the total exposure.
  let holding: GateInput['holdings'][number] | undefined
  let held = FIXED_ZERO
  let open = 0
  let exposureNow = FIXED_ZERO
  for (const h of input.holdings) {
    const q = fixed(h.quantity)
    if (holding === undefined && h.symbol === symbol) {
      holding = h
      held = q
    }
    if (q.n > 0n) open++
    exposureNow = plus(exposureNow, times(q, fixed(h.price)))
  }
  const reducing = !buy && cmp(qty, held) <= 0

  // Order value: above the venue's minimum and within the account's per-order band.
  if (!ready) {
    checks.push(skipped('order_notional', unknown('the order value')))
  } else if (cmp(notional, L.minNotional) < 0) {
    checks.push(
      fail(
        'order_notional',
        'BELOW_MIN_NOTIONAL',
        `Order value ${usdOf(notional)} is below the ${symbol} minimum of ${L.text.minNotional}.`,
      ),
    )
  } else if (cmp(notional, L.minOrder) < 0) {
    checks.push(
      fail(
        'order_notional',
        'ORDER_TOO_SMALL',
        `Order value ${usdOf(notional)} is below the per-order minimum of ${L.text.minOrder}.`,
      ),
    )
  } else if (cmp(notional, L.maxOrder) > 0) {
    checks.push(
      fail(
        'order_notional',
        'ORDER_TOO_LARGE',
        `Order value ${usdOf(notional)} is above the per-order maximum of ${L.text.maxOrder}.`,
      ),
    )
  } else {
    checks.push(
      pass(
        'order_notional',
        `Order value ${usdOf(notional)} is within ${L.text.minOrder}–${L.text.maxOrder}.`,
      ),
    )
  }

  // Position size and count after the order (only buys can grow them on a spot account).
  if (!ready) {
    checks.push(skipped('position_limit', unknown('the position after the order')))
  } else {
    const after = times(buy ? plus(held, qty) : minus(held, qty), price)
    checks.push(
      !buy || cmp(after, L.maxPosition) <= 0
        ? pass(
            'position_limit',
            `${symbol} position after the order: ${usdOf(abs(after))}, limit ${L.text.maxPosition}.`,
          )
        : fail(
            'position_limit',
            'POSITION_LIMIT',
            `${symbol} position would be ${usdOf(after)}, above the per-symbol maximum of ${L.text.maxPosition}.`,
          ),
    )
  }
  const opensNew = buy && held.n === 0n
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
  let reserved = FIXED_ZERO
  if (buy ? !ready : !quantityOk) {
    checks.push(
      skipped('balance', buy ? unknown('the cash needed') : unknown('the quantity to sell', false)),
    )
  } else if (buy) {
    const need = plus(notional, fee)
    const cash = fixed(input.availableCash)
    reserved = need
    checks.push(
      cmp(need, cash) <= 0
        ? pass('balance', `Balance covers ${usdOf(need)} including fee; ${usdOf(cash)} available.`)
        : fail(
            'balance',
            'INSUFFICIENT_BALANCE',
            `Insufficient balance: need ${usdOf(need)} including fee, have ${usdOf(cash)}.`,
          ),
    )
  } else {
    checks.push(
      cmp(qty, fixed(input.availableQuantity)) <= 0
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
  const realized = fixed(input.realizedToday)
  const loss = realized.n < 0n ? abs(realized) : FIXED_ZERO
  checks.push(
    reducing || cmp(loss, L.maxDailyLoss) < 0
      ? pass('daily_loss', `Realized loss today ${usdOf(loss)}, limit ${L.text.maxDailyLoss}.`)
      : fail(
          'daily_loss',
          'DAILY_LOSS_LIMIT',
          `Daily loss limit reached: ${usdOf(loss)} realized today, limit ${L.text.maxDailyLoss}. Only orders that reduce a position are allowed until tomorrow.`,
        ),
  )
  // Drawdown % = (peak − equity) / peak × 100, compared without dividing.
  const peak = fixed(input.peakEquity)
  const fallen = minus(peak, fixed(input.equity))
  const peakKnown = peak.n > 0n
  const drawdown = peakKnown ? pct(fallen, peak) : '0%'
  checks.push(
    reducing || !peakKnown || cmp(times(fallen, FIXED_100), times(peak, L.maxDrawdownPct)) < 0
      ? pass('drawdown', `Drawdown from peak equity ${drawdown}, limit ${limits.maxDrawdownPct}%.`)
      : fail(
          'drawdown',
          'DRAWDOWN_LIMIT',
          `Drawdown limit reached: equity ${usd(input.equity)} is ${drawdown} below its peak of ${usd(input.peakEquity)}, limit ${limits.maxDrawdownPct}%. Only orders that reduce a position are allowed.`,
        ),
  )
  const exposureAfter = buy ? plus(exposureNow, notional) : exposureNow
  checks.push(
    !buy || cmp(exposureAfter, L.maxExposure) <= 0
      ? pass(
          'exposure',
          `Total exposure after the order ${usdOf(exposureAfter)}, limit ${L.text.maxExposure}.`,
        )
      : fail(
          'exposure',
          'EXPOSURE_LIMIT',
          `Total exposure would be ${usdOf(exposureAfter)}, above the maximum of ${L.text.maxExposure}.`,
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
  const band =
    limitText === null
      ? buy
        ? prices.askBand
        : prices.bidBand
      : priceOk
        ? bandOf(quoted, prices.last)
        : null
  if (band === null) {
    // No band: either the entry price or the last price is not valid; say which.
    checks.push(
      skipped(
        'price_band',
        priceOk
          ? `there is no valid last price for ${symbol}`
          : limitText === null
            ? `there is no valid market price for ${symbol}`
            : `the limit price ${limitText} is not valid`,
      ),
    )
  } else {
    const { last, away } = band
    checks.push(
      cmp(times(band.gap, FIXED_100), times(last.fixed, L.priceBandPct)) <= 0
        ? pass(
            'price_band',
            `Entry price is ${away} from the last price ${last.text}, band ±${limits.priceBandPct}%.`,
          )
        : fail(
            'price_band',
            'PRICE_OUT_OF_BAND',
            `Entry price ${quoted!.text} is ${away} away from the last price ${last.text}, outside the ±${limits.priceBandPct}% band.`,
          ),
    )
  }
  const age = input.quote ? input.now - input.quote.ts : Number.POSITIVE_INFINITY
  checks.push(
    age <= limits.maxQuoteAgeMs
      ? pass(
          'market_data',
          `Last ${symbol} price is ${(age / 1000).toFixed(1)} s old, limit ${L.text.maxQuoteAge} s.`,
        )
      : fail(
          'market_data',
          'STALE_MARKET_DATA',
          input.quote
            ? `Market data is stale: the last ${symbol} price is ${(age / 1000).toFixed(1)} s old, limit ${L.text.maxQuoteAge} s.`
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
        `Trading is REDUCE ONLY on this account: only sells of what is held are allowed (${symbol} held: ${holding ? holding.quantity.toFixed() : '0'}).`,
      ),
    )
  } else if (input.tradingState === 'RECOVERING' && !reducing && !ready) {
    checks.push(skipped('trading_state', unknown('the order value, which RECOVERING caps,')))
  } else if (input.tradingState === 'RECOVERING' && !reducing) {
    // After a trip, size comes back in steps: orders up to a share of the maximum order size.
    const share = input.recoveryFraction ?? 1
    const cap = times(L.maxOrder, fixed(new Decimal(share)))
    const pctText = `${Math.round(share * 100)}%`
    checks.push(
      ready && cmp(notional, cap) <= 0
        ? pass(
            'trading_state',
            `Trading is RECOVERING at ${pctText}: ${usdOf(notional)} is within ${usdOf(cap)}.`,
          )
        : fail(
            'trading_state',
            'RECOVERY_SIZE_CAP',
            `Trading is RECOVERING after the circuit breaker tripped: orders up to ${usdOf(cap)} (${pctText} of the ${L.text.maxOrder} maximum) until more clean trades; this one is ${usdOf(notional)}.`,
          ),
    )
  } else {
    checks.push(pass('trading_state', `Trading state ${input.tradingState} allows this order.`))
  }

  let passed = true
  for (const c of checks) passed &&= c.passed
  return {
    passed,
    checks,
    expectedPrice: priceOk ? quoted!.decimal : null,
    reserved: reserved === FIXED_ZERO ? ZERO : toDecimal(reserved),
  }
}
