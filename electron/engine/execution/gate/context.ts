/**
 * What the gate's checks look at: the input, read at one instant, and what follows from it
 * (price, quantity, notional, the account's holdings), worked out once in exact arithmetic so
 * every check sees the same numbers.
 */
import type {
  Instrument,
  MarketSymbol,
  Quote,
  RiskLimits,
  Side,
  TradingState,
} from '../../../../shared/types'
import {
  EXACT_ZERO,
  cmp,
  exactCents,
  exactToDecimal,
  isMultiple,
  parseExact,
  plus,
  times,
  toExact,
  type Decimal,
  type Exact,
} from '../../core'
import type { CheckValues } from '../../journal'

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
  /** Null when the position tracker can be trusted (the account is connected); else why not. */
  readonly trackerProblem: string | null
  /** The account's open reconciliation findings, which block it: how many and the first. */
  readonly reconciliationBlock: ReconciliationBlock | null
  /** False while the journal written before the last snapshot is still being verified. */
  readonly journalVerified: boolean
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
  /** The bot that names itself on the order, and when it was halted (null: it is not). */
  readonly bot?: { readonly name: string; readonly haltedAt: number | null } | null
  /**
   * The validation plan's size band for the account's phase (order notional in USD, max null
   * for the account's own limits); null or absent when the account is not enrolled in a plan.
   */
  readonly sizeBand?: SizeBandRule | null
}

/** A phase's size band as the gate applies it. */
export interface SizeBandRule {
  readonly phase: number
  readonly min: string
  readonly max: string | null
}

/** Open reconciliation findings of an account: how many, and the first of them. */
export interface ReconciliationBlock {
  readonly open: number
  readonly first: { readonly id: string; readonly message: string }
}

/** A check's answer: its code ('OK' when it passed) and the numbers its message is built from. */
export interface CheckOutcome {
  readonly code: string
  readonly values?: CheckValues
}

/** A named check: one rule of the gate. */
export interface GateRule {
  readonly name: string
  /** Whether the check is about this order at all (absent: every order). */
  readonly appliesTo?: (input: GateInput) => boolean
  readonly check: (ctx: GateContext) => CheckOutcome
}

/** The account's limits and the instrument's sizes, parsed once. */
export interface ParsedLimits {
  readonly minOrder: Exact
  readonly maxOrder: Exact
  readonly maxPosition: Exact
  readonly maxDailyLoss: Exact
  readonly maxExposure: Exact
  readonly maxDrawdownPct: Exact
  readonly priceBandPct: Exact
  readonly lot: Exact
  readonly tick: Exact
  readonly minNotional: Exact
  readonly feeRate: Map<string, Exact>
}

/** A price, parsed once. */
export interface Price {
  readonly decimal: Decimal
  readonly exact: Exact
}

interface QuotePrices {
  readonly last: Price | null
  readonly bid: Price | null
  readonly ask: Price | null
}

/** Everything the checks share. */
export interface GateContext {
  readonly input: GateInput
  readonly limits: ParsedLimits
  readonly buy: boolean
  /** The limit price as given, or null for a market order. */
  readonly limitText: string | null
  /** The quote's last price, when it is valid (above 0). */
  readonly last: Price | null
  /** The price the order is checked at: its limit, or the side of the book it takes. */
  readonly quoted: Price | null
  readonly priceOk: boolean
  readonly price: Exact
  /** The quantity, parsed; null when it is not a number. */
  readonly quantity: Exact | null
  readonly quantityOk: boolean
  /** Both the price and the quantity are valid: the amounts below mean something. */
  readonly ready: boolean
  readonly qty: Exact
  readonly notional: Exact
  readonly fee: Exact
  /** Quantity of the symbol held, and its text as the ledger holds it. */
  readonly held: Exact
  readonly heldText: string
  /** Holdings above zero before the order. */
  readonly open: number
  readonly exposureNow: Exact
  /** A sale of no more than is held: it only reduces risk. */
  readonly reducing: boolean
}

// Limits and instruments change rarely; parsing their decimals once keeps the gate fast.
const parsedLimits = new WeakMap<RiskLimits, WeakMap<Instrument, ParsedLimits>>()
function parsed(limits: RiskLimits, instrument: Instrument): ParsedLimits {
  let byInstrument = parsedLimits.get(limits)
  if (!byInstrument) parsedLimits.set(limits, (byInstrument = new WeakMap()))
  let p = byInstrument.get(instrument)
  if (!p) {
    const amount = (value: string | number): Exact => parseExactOrThrow(String(value))
    p = {
      minOrder: amount(limits.minOrderNotional),
      maxOrder: amount(limits.maxOrderNotional),
      maxPosition: amount(limits.maxPositionNotional),
      maxDailyLoss: amount(limits.maxDailyLoss),
      maxExposure: amount(limits.maxTotalExposure),
      minNotional: amount(instrument.minNotional),
      maxDrawdownPct: amount(limits.maxDrawdownPct),
      priceBandPct: amount(limits.priceBandPct),
      lot: amount(instrument.lotSize),
      tick: amount(instrument.tickSize),
      feeRate: new Map(),
    }
    byInstrument.set(instrument, p)
  }
  return p
}

/** A price from text; null unless it is a finite number. */
export function priceOf(text: string): Price | null {
  const exact = parseExact(text)
  return exact && { exact, decimal: exactToDecimal(exact) }
}

const NO_PRICES: QuotePrices = { last: null, bid: null, ask: null }
// A quote is replaced on every tick and read by every order in between: parse it once.
const parsedQuotes = new WeakMap<Quote, QuotePrices>()
function quotePrices(quote: Quote | null): QuotePrices {
  if (!quote) return NO_PRICES
  let p = parsedQuotes.get(quote)
  if (!p) {
    p = { bid: priceOf(quote.bid), ask: priceOf(quote.ask), last: priceOf(quote.last) }
    parsedQuotes.set(quote, p)
  }
  return p
}

/** Works out once what every check needs. */
export function gateContext(input: GateInput): GateContext {
  const L = parsed(input.limits, input.instrument)
  const buy = input.side === 'buy'
  const prices = quotePrices(input.quote)
  const limitText = input.limitPrice ?? null
  const quoted = limitText === null ? (buy ? prices.ask : prices.bid) : priceOf(limitText)
  const priceOk =
    quoted !== null &&
    quoted.exact.n > 0n &&
    (limitText === null || isMultiple(quoted.exact, L.tick))
  const price = quoted?.exact ?? EXACT_ZERO

  const quantity = parseExact(input.quantity)
  const quantityOk = quantity !== null && quantity.n > 0n && isMultiple(quantity, L.lot)
  const ready = priceOk && quantityOk
  const qty = quantity ?? EXACT_ZERO
  const notional = ready ? times(qty, price) : EXACT_ZERO
  let feeRate = L.feeRate.get(input.feeRate)
  if (!feeRate) L.feeRate.set(input.feeRate, (feeRate = parseExactOrThrow(input.feeRate)))
  const fee = ready ? exactCents(times(notional, feeRate)) : EXACT_ZERO

  // One pass over the holdings: this symbol's, the open count and the total exposure.
  let heldText: string | null = null
  let held = EXACT_ZERO
  let open = 0
  let exposureNow = EXACT_ZERO
  for (const h of input.holdings) {
    const q = toExact(h.quantity)
    if (heldText === null && h.symbol === input.symbol) {
      heldText = h.quantity.toFixed()
      held = q
    }
    if (q.n > 0n) open++
    exposureNow = plus(exposureNow, times(q, toExact(h.price)))
  }
  const last = prices.last !== null && prices.last.exact.n > 0n ? prices.last : null
  return {
    input,
    limits: L,
    buy,
    limitText,
    last,
    quoted,
    priceOk,
    price,
    quantity,
    quantityOk,
    ready,
    qty,
    notional,
    fee,
    held,
    heldText: heldText ?? '0',
    open,
    exposureNow,
    reducing: !buy && cmp(qty, held) <= 0,
  }
}

function parseExactOrThrow(text: string): Exact {
  const x = parseExact(text)
  if (!x) throw new Error(`The gate takes finite amounts only, got ${text}`)
  return x
}

/**
 * Why the amounts a check needs are unknown, as values: the price (unless the check does not
 * need it) and the quantity, whichever of them is wrong.
 */
export function unknownValues(ctx: GateContext, needsPrice = true): CheckValues {
  const v: Record<string, string> = {}
  if (needsPrice && !ctx.priceOk) Object.assign(v, priceProblemValues(ctx))
  if (ctx.quantity === null || ctx.quantity.n <= 0n) v.noQuantity = 'zero'
  else if (!ctx.quantityOk) {
    v.noQuantity = 'lot'
    v.lot = ctx.input.instrument.lotSize
  }
  return v
}

/** What is wrong with the price, as values. */
export function priceProblemValues(ctx: GateContext): CheckValues {
  return ctx.limitText === null ? { noPrice: 'market' } : { noPrice: 'limit', limit: ctx.limitText }
}
