/**
 * The model is right for the paper exchange: with the exchange's own impact prefactor (0.5)
 * and the adjustments the exchange does not make turned off (no quote fade in flight, no
 * time-of-day or regime change to the impact), the expected cost of a market order matches
 * what the exchange then fills it at, from 0.01 BTC to more than its visible book: within 10 %
 * plus one tick (the exchange rounds every impacted fill price up to its tick).
 */
import { describe, expect, it } from 'vitest'
import { PaperBroker } from '../../../../electron/engine/brokers'
import { CostService, DEFAULT_SLIPPAGE_COEFFICIENTS } from '../../../../electron/engine/costs'
import { MarketSimulator } from '../../../../electron/engine/market'
import type { MarketSymbol } from '../../../../shared/types'
import { FakeClock } from '../../../kit/fake-clock'

const SIMULATOR_COEFFICIENTS = {
  ...DEFAULT_SLIPPAGE_COEFFICIENTS,
  impact: 0.5,
  latency: 0,
  timeOfDay: 0,
  regimeMin: 1,
  regimeMax: 1,
}

const ORDERS: readonly [MarketSymbol, string][] = [
  ['BTC-USD', '0.01'],
  ['BTC-USD', '0.5'],
  ['BTC-USD', '5'],
  ['BTC-USD', '40'],
  ['BTC-USD', '100'],
  ['ETH-USD', '1'],
  ['ETH-USD', '50'],
  ['ETH-USD', '600'],
  ['SOL-USD', '10'],
  ['SOL-USD', '2000'],
  ['SOL-USD', '20000'],
]

describe('the model on the paper exchange', () => {
  it('expects what the exchange fills, small orders to past the visible book', async () => {
    const clock = new FakeClock(Date.UTC(2026, 10, 24, 15, 0, 0))
    // Two days of path, so the features have their day of candles and the longer ATR.
    const market = new MarketSimulator({ clock, seed: 3, origin: clock.now() - 2880 * 60_000 })
    const broker = new PaperBroker({ clock, market, latencyMs: 0, impactPrefactor: 0.5 })
    broker.openAccount('a', { USD: '1000000000' })
    const costs = new CostService(() => SIMULATOR_COEFFICIENTS)
    const methods = new Set<string>()
    for (const [i, [symbol, quantity]] of ORDERS.entries()) {
      const e = costs.estimate(market, { symbol, side: 'buy', quantity }, clock.now())
      if (!e.ok) throw new Error(e.reason)
      methods.add(e.sizeMethod)
      const ack = await broker.placeOrder({
        accountId: 'a',
        clientOrderId: `c${i}`,
        symbol,
        side: 'buy',
        type: 'market',
        quantity,
      })
      const filled = ack.fills.reduce((s, f) => s + Number(f.quantity), 0)
      const paid = ack.fills.reduce((s, f) => s + Number(f.quantity) * Number(f.price), 0)
      const actual = ((paid / filled - e.arrivalMid) / e.arrivalMid) * 10_000
      const tick = (0.01 / e.arrivalMid) * 10_000
      expect(
        Math.abs(e.bps - actual),
        `${quantity} ${symbol}: ${e.bps} vs ${actual}`,
      ).toBeLessThanOrEqual(0.1 * actual + tick)
    }
    // Both sides of the size switch were tried.
    expect(methods).toEqual(new Set(['book-walk', 'beyond-book']))
    costs.close()
    broker.close()
  })
})
