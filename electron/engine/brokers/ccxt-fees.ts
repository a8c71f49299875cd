/**
 * An exchange's own fee figures through ccxt: the account's rates (fetchTradingFees or
 * fetchTradingFee, never ccxt's hard-coded `fees` property) and the fees on its trades
 * (fetchMyTrades), for the analyzer to hold against the fees Vigil recorded.
 */
import type { Exchange, Trade } from 'ccxt'
import { dec, str } from '../core'
import type { ExchangeFeeReport, ExchangeTradeFee } from './broker'
import type { ReportedTier } from './ccxt-profiles'

/** The rates the broker read on its own schedule (hourly), if it reads them. */
export interface ReadRates {
  readonly makerRate: string | null
  readonly takerRate: string | null
  readonly tier: ReportedTier | null
  readonly readAt: number
}

/** What reading the figures needs. */
export interface ExchangeFeeRead {
  readonly exchange: Exchange
  readonly venue: string
  /** ccxt symbols of the account's markets. */
  readonly markets: readonly string[]
  readonly since: number
  readonly now: number
  /** Rates already read by the broker; null to ask the exchange now where it offers them. */
  readonly rates: ReadRates | null
  /** A call with the broker's retries and error classification. */
  readonly retry: <T>(call: () => Promise<T>) => Promise<T>
}

const rateOf = (value: unknown): string | null =>
  typeof value === 'number' && Number.isFinite(value) ? str(dec(value)) : null

/** Reads the exchange's rates (when not given) and its trades' fees since `since`. */
export async function readExchangeFees(read: ExchangeFeeRead): Promise<ExchangeFeeReport> {
  const { exchange, venue, markets } = read
  const notes: string[] = []
  let rates: ReadRates | null = read.rates
  const first = markets[0]
  if (!rates && first) {
    try {
      if (exchange.has.fetchTradingFees === true) {
        const fee = (await read.retry(() => exchange.fetchTradingFees()))[first]
        rates = {
          makerRate: rateOf(fee?.maker),
          takerRate: rateOf(fee?.taker),
          tier: null,
          readAt: read.now,
        }
      } else if (exchange.has.fetchTradingFee === true) {
        const fee = await read.retry(() => exchange.fetchTradingFee(first))
        rates = {
          makerRate: rateOf(fee.maker),
          takerRate: rateOf(fee.taker),
          tier: null,
          readAt: read.now,
        }
      } else
        notes.push(
          `${venue} does not report an account's fee rates through ccxt (no fetchTradingFees or fetchTradingFee): only its trades' fees are compared.`,
        )
    } catch (error) {
      notes.push(`${venue}'s fee rates could not be read: ${(error as Error).message}`)
    }
  }
  let trades: ExchangeTradeFee[] | null = []
  try {
    for (const market of markets) {
      const listed = await read.retry(() => exchange.fetchMyTrades(market, read.since))
      for (const trade of listed) trades.push(tradeFee(trade))
    }
  } catch (error) {
    trades = null
    notes.push(`${venue}'s trades could not be read: ${(error as Error).message}`)
  }
  return {
    kind: 'exchange',
    venue,
    readAt: rates?.readAt ?? read.now,
    makerRate: rates?.makerRate ?? null,
    takerRate: rates?.takerRate ?? null,
    tier: rates?.tier
      ? {
          name: rates.tier.tierName,
          from: str(dec(rates.tier.tierFrom)),
          volume30d: str(dec(rates.tier.volume30d)),
        }
      : null,
    trades,
    notes,
  }
}

function tradeFee(trade: Trade): ExchangeTradeFee {
  const cost = trade.fee?.cost
  return {
    fillId: String(trade.id),
    fee: typeof cost === 'number' && Number.isFinite(cost) ? str(dec(cost)) : null,
    feeAsset: trade.fee?.currency ?? null,
    liquidity:
      trade.takerOrMaker === 'maker' || trade.takerOrMaker === 'taker' ? trade.takerOrMaker : null,
  }
}
