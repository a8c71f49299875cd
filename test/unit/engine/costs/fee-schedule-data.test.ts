import { describe, expect, it } from 'vitest'
import {
  BINANCE_SPOT_2021_12_21,
  FEE_SCHEDULES,
  KRAKEN_PRO_2026_05_30,
  feeTierFor,
  publishedRate,
  scheduleForExchange,
} from '../../../../electron/engine/brokers'
import { tierPosition, tierStanding } from '../../../../electron/engine/costs'
import { dec } from '../../../../electron/engine/core'

describe('the shipped fee schedules', () => {
  const schedules = Object.values(FEE_SCHEDULES)

  it('ships Coinbase Advanced, Kraken Pro and Binance spot, each dated with a source URL', () => {
    expect(schedules.map((s) => s.venue).sort()).toEqual([
      'Binance spot',
      'Coinbase Advanced',
      'Kraken Pro',
    ])
    for (const s of schedules) {
      expect(s.effective).toMatch(/^\d{4}-\d{2}-\d{2}$/)
      expect(Number.isNaN(Date.parse(s.effective))).toBe(false)
      expect(s.sourceUrl).toMatch(/^https:\/\/www\.(coinbase|kraken|binance)\.com\//)
      expect(s.source.length).toBeGreaterThan(20)
      expect(FEE_SCHEDULES[s.id]).toBe(s)
    }
  })

  it('has ascending tiers starting at 0, with rates as fractions below 1 %', () => {
    for (const s of schedules) {
      expect(s.tiers[0]?.from).toBe('0')
      for (let i = 1; i < s.tiers.length; i++)
        expect(dec(s.tiers[i]!.from).gt(s.tiers[i - 1]!.from)).toBe(true)
      for (const t of s.tiers)
        for (const r of [t.makerRate, t.takerRate]) {
          expect(r).toMatch(/^\d+(\.\d+)?$/)
          // A fraction, not a percent: the highest published rate is 0.60 % = 0.006.
          expect(dec(r).gte(0) && dec(r).lte('0.01')).toBe(true)
        }
      if (s.knownBelow) expect(dec(s.knownBelow).gt(s.tiers[s.tiers.length - 1]!.from)).toBe(true)
    }
  })

  it('looks Kraken Pro tiers up at their boundaries (lower bound inclusive), as the 2026 summary gives them', () => {
    const tier = (v: string) => {
      const t = feeTierFor(KRAKEN_PRO_2026_05_30, v)
      return `${t.makerRate}/${t.takerRate}`
    }
    expect(tier('0')).toBe('0.0025/0.004') // 0.25 % / 0.40 %
    expect(tier('9999.99')).toBe('0.0025/0.004')
    expect(tier('10000')).toBe('0.002/0.0035') // 0.20 % / 0.35 %
    expect(tier('50000')).toBe('0.0014/0.0024') // 0.14 % / 0.24 %
    expect(tier('499999.99')).toBe('0.0012/0.0022') // 0.12 % / 0.22 %
    expect(tier('500000')).toBe('0.0008/0.0018') // 0.08 % / 0.18 %
    expect(tier('10000000')).toBe('0/0.001') // 0.00 % / 0.10 %
  })

  it('holds Binance spot Regular to VIP 4 and knows nothing from VIP 5 (200M) up', () => {
    const b = BINANCE_SPOT_2021_12_21
    expect(b.tiers.map((t) => [t.name, t.from, t.makerRate, t.takerRate])).toEqual([
      ['Regular', '0', '0.001', '0.001'],
      ['VIP 1', '1000000', '0.0009', '0.001'],
      ['VIP 2', '5000000', '0.0008', '0.001'],
      ['VIP 3', '20000000', '0.0007', '0.001'],
      ['VIP 4', '120000000', '0.0007', '0.0009'],
    ])
    expect(tierPosition(b, dec('199999999.99'))).toBe(4)
    expect(tierPosition(b, dec('200000000'))).toBe(5) // past the known schedule
    expect(tierStanding(b, dec('200000000'))).toMatchObject({ tier: null, next: null })
  })

  it("applies Binance's BNB discount as 25 % off the tier, matching the announcement's BNB columns", () => {
    const b = BINANCE_SPOT_2021_12_21
    // The announcement's "paying with BNB" columns, VIP 1–4 (maker, taker), in percent.
    const published = {
      'VIP 1': ['0.0675', '0.0750'],
      'VIP 2': ['0.0600', '0.0750'],
      'VIP 3': ['0.0525', '0.0750'],
      'VIP 4': ['0.0525', '0.0675'],
    } as const
    for (const tier of b.tiers.slice(1)) {
      const [maker, taker] = published[tier.name as keyof typeof published]
      const m = publishedRate(b, tier, 'maker', 'BNB')
      expect(m.rate.times(100).eq(maker)).toBe(true)
      expect(m.discount?.feeAsset).toBe('BNB')
      expect(publishedRate(b, tier, 'taker', 'BNB').rate.times(100).eq(taker)).toBe(true)
      // Paid in the quote asset: the full rate.
      expect(publishedRate(b, tier, 'taker', 'USDT').rate.eq(tier.takerRate)).toBe(true)
    }
  })

  it('gives the next tier and the volume still needed', () => {
    const s = tierStanding(KRAKEN_PRO_2026_05_30, dec('42500'))
    expect(s.tier).toMatchObject({ index: 1, from: '10000' })
    expect(s.next).toMatchObject({ tier: { index: 2, from: '50000' }, volumeNeeded: '7500' })
    expect(tierStanding(KRAKEN_PRO_2026_05_30, dec('12000000')).next).toBeNull()
  })

  it('maps exchange ids to their schedules, and none for an exchange without one', () => {
    expect(scheduleForExchange('kraken')).toBe(KRAKEN_PRO_2026_05_30)
    expect(scheduleForExchange('binance')).toBe(BINANCE_SPOT_2021_12_21)
    expect(scheduleForExchange('coinbase')?.venue).toBe('Coinbase Advanced')
    expect(scheduleForExchange('gemini')).toBeNull()
  })
})
