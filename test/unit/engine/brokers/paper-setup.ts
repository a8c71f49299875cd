/**
 * A paper exchange on a FakeClock and a stub feed with a small BTC-USD book, for broker tests.
 */
import type { BrokerOrderRequest, BrokerUpdate } from '../../../../electron/engine/brokers/broker'
import { PaperBroker, type PaperBrokerOptions } from '../../../../electron/engine/brokers/paper'
import { FakeClock } from '../../../kit/fake-clock'
import { StubFeed } from '../../../kit/stub-feed'

/** The account every test trades in. */
export const ACCOUNT = 'paper-1'

/** Bids 99 × 1, 98 × 2; asks 100 × 1, 101 × 2, 102 × 3 (6 BTC offered). */
export function setDefaultBook(feed: StubFeed): void {
  feed.setBook(
    'BTC-USD',
    [
      [99, 1],
      [98, 2],
    ],
    [
      [100, 1],
      [101, 2],
      [102, 3],
    ],
  )
}

/** An exchange without latency unless asked, an account with $100,000, and its updates. */
export function paperExchange(
  options: Partial<PaperBrokerOptions> = {},
  balances: Record<string, string> = { USD: '100000' },
) {
  const clock = new FakeClock()
  const feed = new StubFeed(() => clock.now())
  setDefaultBook(feed)
  const broker = new PaperBroker({ clock, market: feed, latencyMs: 0, ...options })
  broker.openAccount(ACCOUNT, balances)
  const updates: BrokerUpdate[] = []
  broker.subscribe((u) => updates.push(u))
  return { clock, feed, broker, updates }
}

let serial = 0

/** A BTC-USD order request; a fresh client order id unless given. */
export function order(
  side: 'buy' | 'sell',
  quantity: string,
  more: Partial<BrokerOrderRequest> = {},
): BrokerOrderRequest {
  serial += 1
  return {
    accountId: ACCOUNT,
    clientOrderId: `c-${serial}`,
    symbol: 'BTC-USD',
    side,
    type: more.limitPrice === undefined ? 'market' : 'limit',
    quantity,
    ...more,
  }
}

/** Lets pending promise callbacks run (no time passes on any clock). */
export async function settle(): Promise<void> {
  for (let i = 0; i < 5; i++) await Promise.resolve()
}

/** Tracks whether a promise has settled, without awaiting it. */
export function track<T>(promise: Promise<T>): { settled: () => boolean } {
  let done = false
  promise.then(
    () => (done = true),
    () => (done = true),
  )
  return { settled: () => done }
}
