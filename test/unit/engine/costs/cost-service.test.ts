/**
 * Live cost features on the simulated market: seeded from the feed's day of candles, following
 * its minutes, rebuilt the same after a restart, and an estimate from them.
 */
import { describe, expect, it } from 'vitest'
import {
  CostService,
  atrSeries,
  dayVolume,
  LONG_ATR_PERIOD,
  trueRange,
} from '../../../../electron/engine/costs'
import { MarketSimulator } from '../../../../electron/engine/market'
import { FakeClock } from '../../../kit/fake-clock'
import { expectClose } from '../performance/close-to'

const MINUTE = 60_000
const START = Date.UTC(2026, 10, 24, 12, 0, 0)
// Two days of path before the start, so the feed holds a full day of minutes.
const ORIGIN = START - 2 * 1440 * MINUTE

function market(clock: FakeClock): MarketSimulator {
  return new MarketSimulator({ clock, seed: 7, origin: ORIGIN })
}

/** What an independent computation over the feed's completed candles gives. */
function reference(m: MarketSimulator) {
  const done = m.candles('ETH-USD', 1441).slice(0, -1)
  const last = done.at(-1)!
  const atr = atrSeries(done, 14).points.at(-1)!
  // The mean of the last 180 true ranges, over the last close.
  const ranges = done
    .slice(1)
    .map((c, i) => trueRange(c.high, c.low, done[i]!.close))
    .slice(-LONG_ATR_PERIOD)
  expect(ranges).toHaveLength(1438)
  const long = {
    atrPercent: (100 * ranges.reduce((a, b) => a + b, 0)) / ranges.length / last.close,
  }
  return { atr, long, day: dayVolume(done), last }
}

describe('live cost features', () => {
  it('are seeded from the feed’s last day of candles', () => {
    const clock = new FakeClock(START)
    const m = market(clock)
    const costs = new CostService()
    const f = costs.features(m, 'ETH-USD', clock.now())
    const ref = reference(m)
    expect(f.lastTime).toBe(ref.last.time)
    expectClose(f.atrPercent, ref.atr.atrPercent!, 1e-12)
    expectClose(f.longAtrPercent, ref.long.atrPercent, 1e-9)
    expectClose(f.dayVolume, ref.day.volume, 1e-12)
    // The feed keeps 1,440 candles with the one in progress: 1,439 complete.
    expect(f.dayMinutes).toBe(1439)
    expect(f.activity).toBeGreaterThan(0)
    costs.close()
  })

  it('follow the market minute by minute, and come back the same after a restart', () => {
    const clock = new FakeClock(START)
    const m = market(clock)
    const costs = new CostService()
    const before = costs.features(m, 'ETH-USD', clock.now())
    m.start()
    clock.advance(5 * MINUTE)
    const live = costs.features(m, 'ETH-USD', clock.now())
    expect(live.lastTime).toBe(before.lastTime! + 5 * MINUTE)
    const ref = reference(m)
    expectClose(live.atrPercent, ref.atr.atrPercent!, 1e-9)
    expectClose(live.longAtrPercent, ref.long.atrPercent, 1e-9)
    // The 1,439 minutes the feed holds now.
    expectClose(live.dayVolume, ref.day.volume, 1e-9)
    expect(live.dayMinutes).toBe(1439)
    m.stop()
    costs.close()

    // A restart: a new market from the same seed and origin, a new service.
    const again = market(new FakeClock(clock.now()))
    const rebuilt = new CostService().features(again, 'ETH-USD', clock.now())
    expect(rebuilt.lastTime).toBe(live.lastTime)
    expectClose(rebuilt.atrPercent, live.atrPercent!, 1e-9)
    expect(rebuilt.dayMinutes).toBe(1439)
    expectClose(rebuilt.dayVolume, live.dayVolume, 1e-9)
    // The longer average is a plain window: the same minutes give the same figure.
    expectClose(rebuilt.longAtrPercent, live.longAtrPercent!, 1e-9)
  })

  it('estimate an order against the mid now, and say why when they cannot', () => {
    const clock = new FakeClock(START)
    const m = market(clock)
    const costs = new CostService()
    const e = costs.estimate(m, { symbol: 'ETH-USD', side: 'buy', quantity: '2' }, clock.now())
    expect(e.ok).toBe(true)
    if (!e.ok) return
    const q = m.quote('ETH-USD')
    expectClose(e.arrivalMid, (Number(q.bid) + Number(q.ask)) / 2)
    expect(e.bps).toBeGreaterThan(e.parts.halfSpread.bps)
    expectClose(e.usd, (e.bps / 10_000) * 2 * e.arrivalMid, 1e-9)
    expect(costs.estimate(m, { symbol: 'ETH-USD', side: 'buy', quantity: '0' }, 0)).toEqual({
      ok: false,
      reason: 'No cost estimate: the quantity must be a number above 0; got 0.',
    })
    expect(
      costs.estimate(m, { symbol: 'DOGE-USD' as 'ETH-USD', side: 'buy', quantity: '1' }, 0),
    ).toEqual({ ok: false, reason: 'No cost estimate: Unknown symbol DOGE-USD.' })
    costs.close()
  })
})
