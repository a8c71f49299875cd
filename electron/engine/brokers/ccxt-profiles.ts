/**
 * What differs between exchanges behind ccxt's unified API: how our client order id is sent,
 * how an order is found again by it, which ccxt options to set, and where the fee tier is.
 * Exchanges without a profile get one worked out from `exchange.has`.
 */
import { createHash } from 'node:crypto'

/** How an order is found by its client order id. */
export type ClientIdLookup =
  /** fetchOpenOrders / fetchClosedOrders take the id as a filter (`params.clientOrderId`). */
  | 'filter-param'
  /** Search the recent orders of the symbol (fetchOrders). */
  | 'scan-orders'
  /** Search the open and the recently closed orders of the symbol. */
  | 'scan-open-closed'
  /** No way: after a timeout Vigil cannot tell whether an order arrived. */
  | 'none'

/** The fee tier as an exchange reports it alongside its rates. */
export interface ReportedTier {
  readonly tierName: string | null
  readonly tierFrom: string
  readonly volume30d: string
}

/** An exchange's differences. */
export interface CcxtProfile {
  /** ccxt options to set on the exchange. */
  readonly options: Readonly<Record<string, unknown>>
  /**
   * Our client order id as the exchange accepts it. Deterministic, so a lookup after a
   * timeout finds the order again.
   */
  wireClientId(clientOrderId: string): string
  /** The createOrder params that carry the client order id. */
  createParams(wireId: string): Record<string, unknown>
  /** Null to work it out from `exchange.has`. */
  readonly lookup: ClientIdLookup | null
  /** Where the account's fee rates come from, if the exchange reports them. */
  readonly fees: 'fetchTradingFees' | 'fetchTradingFee' | null
  /** The tier from the raw answer (`info`) of the fee call, for a market id. */
  tier(info: unknown, marketId: string): ReportedTier | null
}

const unified: Pick<CcxtProfile, 'wireClientId' | 'createParams'> = {
  wireClientId: (id) => id,
  createParams: (wireId) => ({ clientOrderId: wireId }),
}

const PROFILES: Readonly<Record<string, CcxtProfile>> = {
  coinbase: {
    // Advanced Trade balances (v3 accounts), not the Coinbase app's wallets (v2).
    options: { fetchBalance: 'v3PrivateGetBrokerageAccounts' },
    wireClientId: (id) => id,
    // ccxt's coinbase always makes up its own `client_order_id` and drops `clientOrderId`,
    // so ours goes in the raw field, which the request is extended with last.
    createParams: (wireId) => ({ client_order_id: wireId }),
    // Coinbase cannot filter orders by client order id; the recent orders are searched.
    lookup: 'scan-orders',
    fees: 'fetchTradingFees',
    tier: (info) => {
      const summary = record(info)
      const tier = record(summary.fee_tier)
      if (summary.total_volume === undefined || tier.usd_from === undefined) return null
      return {
        tierName: typeof tier.pricing_tier === 'string' ? tier.pricing_tier : null,
        tierFrom: String(tier.usd_from),
        volume30d: String(summary.total_volume),
      }
    },
  },
  kraken: {
    options: {},
    // Kraken takes a UUID (or 18 characters of free text) as cl_ord_id; our ids can be
    // longer, so a UUID is derived from them.
    wireClientId: (id) => (UUID.test(id) ? id : uuidFrom(id)),
    createParams: unified.createParams,
    lookup: 'filter-param',
    fees: 'fetchTradingFee',
    tier: (info, marketId) => {
      const volume = record(info)
      const fee = record(record(volume.fees)[marketId])
      if (volume.volume === undefined || fee.tiervolume === undefined) return null
      return { tierName: null, tierFrom: String(fee.tiervolume), volume30d: String(volume.volume) }
    },
  },
}

/** The profile of an exchange id; a generic one when Vigil has none for it. */
export function profileFor(exchangeId: string): CcxtProfile {
  return (
    PROFILES[exchangeId] ?? {
      options: {},
      ...unified,
      lookup: null,
      fees: null,
      tier: () => null,
    }
  )
}

/** The exchange ids with a profile (tested against mock servers). */
export const PROFILED_EXCHANGES: readonly string[] = Object.keys(PROFILES)

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

/** A UUID (version 8, name-based) derived from a string, always the same for the same string. */
export function uuidFrom(text: string): string {
  const hex = createHash('sha256').update(text).digest('hex')
  const variant = ((Number.parseInt(hex[16]!, 16) & 0x3) | 0x8).toString(16)
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-8${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`
}

function record(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {}
}
