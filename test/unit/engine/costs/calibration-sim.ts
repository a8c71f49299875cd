/**
 * Taker orders of varied sizes through the real paper exchange on the seeded market simulator,
 * on a fake clock, each described as the engine would know it at intent (arrival mid, quoted
 * half-spread, visible book walk, σ and Q/V) and costed at its average fill price.
 */
import { PaperBroker } from '../../../../electron/engine/brokers'
import { createRandom } from '../../../../electron/engine/core'
import type { CalibrationFill } from '../../../../electron/engine/costs'
import { MarketSimulator, type BookLevel } from '../../../../electron/engine/market'
import type { MarketSymbol } from '../../../../shared/types'
import { FakeClock } from '../../../kit/fake-clock'

const ACCOUNT = 'paper-1'
/** Between intent and fill the market takes one step: the noise a trader's fills carry. */
export const LATENCY_MS = 1_000

/** How far beyond the touch walking `quantity` through the levels goes, in bps of the mid. */
function walkBps(levels: readonly BookLevel[], quantity: number, mid: number): number {
  const touch = Number(levels[0]!.price)
  let left = quantity
  let paid = 0
  let took = 0
  for (const level of levels) {
    if (left <= 0) break
    const q = Math.min(left, Number(level.size))
    paid += q * Math.abs(Number(level.price) - touch)
    took += q
    left -= q
  }
  return took > 0 ? (paid / took / mid) * 10_000 : 0
}

const settle = async (): Promise<void> => {
  for (let i = 0; i < 10; i++) await Promise.resolve()
}

/**
 * `count` market orders on `symbol`, sides alternating, participation Q/V log-uniform between
 * 1e-6 and 3e-4 (within the ten visible levels), on an exchange with impact prefactor `prefactor`.
 */
export async function simulatedFills(
  seed: number,
  count: number,
  prefactor: number,
  symbol: MarketSymbol = 'BTC-USD',
): Promise<CalibrationFill[]> {
  const clock = new FakeClock()
  const market = new MarketSimulator({ clock, seed })
  market.start()
  const broker = new PaperBroker({
    clock,
    market,
    latencyMs: LATENCY_MS,
    impactPrefactor: prefactor,
  })
  const base = symbol.split('-')[0]!
  broker.openAccount(ACCOUNT, { USD: '1000000000000', [base]: '100000000' })
  const random = createRandom(seed * 7919 + 1)
  const { dailyVolatility, dailyVolume } = market.stats(symbol)
  const fills: CalibrationFill[] = []
  for (let i = 0; fills.length < count; i++) {
    if (i >= 2 * count) throw new Error(`only ${fills.length} of ${i} orders filled`)
    // Some seconds between orders, so spread and volume move on.
    clock.advance(1_000 * (1 + Math.floor(random.next() * 60)))
    const side = i % 2 ? 'sell' : 'buy'
    const participation = Math.exp(Math.log(1e-6) + random.next() * Math.log(300))
    const quantity = (participation * dailyVolume).toFixed(5)
    const quote = market.quote(symbol)
    const bid = Number(quote.bid)
    const ask = Number(quote.ask)
    const mid = (bid + ask) / 2
    const book = market.book(symbol)
    const answer = broker.placeOrder({
      accountId: ACCOUNT,
      clientOrderId: `o-${i}`,
      symbol,
      side,
      type: 'market',
      quantity,
    })
    clock.advance(LATENCY_MS)
    await settle()
    const ack = await answer
    const filled = ack.fills.reduce((sum, f) => sum + Number(f.quantity), 0)
    if (filled <= 0) continue
    const average =
      ack.fills.reduce((sum, f) => sum + Number(f.quantity) * Number(f.price), 0) / filled
    fills.push({
      side,
      arrivalMid: mid,
      fillPrice: average,
      halfSpreadBps: ((ask - bid) / 2 / mid) * 10_000,
      dailyVolatility,
      participation: filled / dailyVolume,
      walkBps: walkBps(side === 'buy' ? book.asks : book.bids, filled, mid),
    })
  }
  market.stop()
  return fills
}
