/**
 * Connecting an exchange account: the ccxt adapter with the account's keys, connected and
 * polling. ccxt is loaded only when an exchange account connects (it takes about a second).
 */
import type { Account } from '../../../shared/types'
import type { Clock } from '../core'
import type { TickerSource } from '../market'
import type { Broker } from './broker'
import type { CcxtBroker } from './ccxt-broker'
import type { StoredCredentials } from './credentials'

/** A broker the engine can shut down, and that may also say what prices it sees. */
export type ClosableBroker = Broker & {
  close?(): void | Promise<void>
  /** The exchange's own prices, for an exchange account's gate and charts. */
  readonly prices?: TickerSource
}

/**
 * A connected ccxt broker as the engine uses it: closed by stopping its polls, its prices the
 * quotes its polls bring (with their own times, so a stale quote stays stale).
 */
export function asExchangeBroker(broker: CcxtBroker, exchangeId: string): ClosableBroker {
  const prices: TickerSource = {
    exchangeId,
    async fetchTickers(symbols) {
      const out: Awaited<ReturnType<TickerSource['fetchTickers']>> = {}
      for (const symbol of symbols) {
        const q = broker.quote(symbol)
        if (q?.bid && q.ask && q.last)
          out[symbol] = { bid: Number(q.bid), ask: Number(q.ask), last: Number(q.last), ts: q.ts }
      }
      return out
    },
  }
  return Object.assign(broker, { close: () => broker.stop(), prices })
}

/**
 * Connects an exchange account through ccxt; rejects with why it could not. `apiUrl` replaces
 * the exchange's base URL (a local proxy or mock); unset, ccxt's own URLs are used.
 */
export async function connectExchange(
  account: Account,
  credentials: StoredCredentials,
  clock: Clock,
  apiUrl?: string,
): Promise<ClosableBroker> {
  if (!account.exchangeId) throw new Error(`Account ${account.id} names no exchange`)
  const { CcxtBroker } = await import('./ccxt-broker')
  const broker = new CcxtBroker({
    accountId: account.id,
    exchangeId: account.exchangeId,
    credentials,
    clock,
    sandbox: account.sandbox,
    ...(apiUrl ? { urls: account.sandbox ? { sandbox: apiUrl } : { api: apiUrl } } : {}),
  })
  await broker.connect()
  broker.start()
  return asExchangeBroker(broker, account.exchangeId)
}
