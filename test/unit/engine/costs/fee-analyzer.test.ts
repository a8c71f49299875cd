import { describe, expect, it } from 'vitest'
import {
  BINANCE_SPOT_2021_12_21,
  COINBASE_ADVANCED_2022_09_20,
} from '../../../../electron/engine/brokers'
import { analyzeFees, convertAt, type FeeFill } from '../../../../electron/engine/costs'
import { dec } from '../../../../electron/engine/core'

const fill = (over: Partial<FeeFill> & Pick<FeeFill, 'fillId'>): FeeFill => ({
  symbol: 'BTC-USD',
  quantity: '1',
  price: '1000',
  fee: '0',
  feeAsset: 'USD',
  liquidity: 'taker',
  ts: 0,
  placedAt: 0,
  ...over,
})

// Coinbase 2022-09-20: tier 0 is 0.40 % / 0.60 %; at $20,000 the account is in the $10,000
// tier, 0.25 % / 0.40 %. The account moved up at t = 1000.
const volumeAt = (f: FeeFill) => dec(f.placedAt < 1000 ? 0 : 20_000)
const noPrice = (asset: string) => ({ price: null, reason: `no ${asset} price` })

describe('the fee analyzer on hand-worked fills', () => {
  const fills: FeeFill[] = [
    // A: taker at tier 0: $6 on $1,000 = 0.60 %, as published.
    fill({ fillId: 'A', fee: '6', placedAt: 500, ts: 600 }),
    // B: maker, placed at tier 0 (0.40 %) and filled after the move up: judged at 0.40 %, paid 0.25 %.
    fill({
      fillId: 'B',
      quantity: '2',
      price: '500',
      fee: '2.5',
      liquidity: 'maker',
      placedAt: 900,
      ts: 1500,
    }),
    // C: maker at tier 1 (0.25 %), fee 0.001 BTC at the fill's price $2,000 = $2: 0.20 %.
    fill({
      fillId: 'C',
      quantity: '0.5',
      price: '2000',
      fee: '0.001',
      feeAsset: 'BTC',
      liquidity: 'maker',
      placedAt: 1200,
      ts: 1300,
    }),
    // D: fee in ETH with no price: left out, with its reason.
    fill({ fillId: 'D', fee: '0.01', feeAsset: 'ETH', placedAt: 1200, ts: 1300 }),
    // E: a rebate of $0.10 on a maker fill at tier 1.
    fill({ fillId: 'E', fee: '-0.1', liquidity: 'maker', placedAt: 2000, ts: 2100 }),
    // F: liquidity not given: held to the taker rate of tier 1 (0.40 %), paid $4.
    fill({ fillId: 'F', fee: '4', liquidity: null, placedAt: 3000, ts: 3100 }),
  ]
  const analysis = analyzeFees({
    schedule: COINBASE_ADVANCED_2022_09_20,
    quoteAsset: 'USD',
    fills,
    volumeAt,
    convert: (asset, f) => convertAt(asset, f, 'USD', () => []),
  })

  it('judges each fill by the tier in force when its order was placed', () => {
    const by = Object.fromEntries(analysis.fills.map((f) => [f.fillId, f]))
    expect(by.A).toMatchObject({
      effectiveRate: '0.006',
      publishedRate: '0.006',
      tier: { index: 0 },
    })
    expect(by.B).toMatchObject({
      effectiveRate: '0.0025',
      publishedRate: '0.004',
      tier: { index: 0, from: '0' },
    })
    expect(by.C).toMatchObject({
      feeInQuote: '2',
      effectiveRate: '0.002',
      publishedRate: '0.0025',
      tier: { index: 1, from: '10000' },
      conversion: { asset: 'BTC', price: '2000' },
    })
    expect(by.D).toMatchObject({ feeInQuote: null, effectiveRate: null })
    expect(by.D!.unconverted).toMatch(
      /fee is in ETH; Vigil no longer has the ETH-USD price of .* to convert it/,
    )
    expect(by.E).toMatchObject({ rebate: true, effectiveRate: '-0.0001', publishedRate: '0.0025' })
    expect(by.F).toMatchObject({ liquidity: null, publishedRate: '0.004' })
  })

  it('sums the window: rates, maker/taker mix, rebates and what was left out', () => {
    // Converted: A, B, C, E, F, $1,000 each. Fees 6 + 2.5 + 2 − 0.1 + 4 = 14.4; published
    // 6 + 4 + 2.5 + 2.5 + 4 = 19.
    expect(analysis.all).toEqual({
      fills: 5,
      notional: '5000',
      fees: '14.4',
      publishedFees: '19',
      effectiveRate: '0.00288',
      publishedRate: '0.0038',
    })
    // Maker B, C, E: $3,000, fees 4.4 against 9. Taker A and F (unknown counts as taker).
    expect(analysis.maker).toMatchObject({
      fills: 3,
      notional: '3000',
      fees: '4.4',
      publishedFees: '9',
      publishedRate: '0.003',
    })
    expect(
      dec(analysis.maker.effectiveRate!)
        .minus(4.4 / 3000)
        .abs()
        .lt(1e-14),
    ).toBe(true)
    expect(analysis.taker).toMatchObject({
      fills: 2,
      notional: '2000',
      fees: '10',
      effectiveRate: '0.005',
      publishedRate: '0.005',
    })
    expect(analysis.makerShare).toBe('0.6')
    expect(analysis.rebates).toEqual({ fills: 1, amount: '0.1' })
    expect(analysis.unconverted.fills).toBe(1)
    expect(analysis.unknownLiquidity).toBe(1)
    expect(analysis.excess).toBe('-4.6')
    expect(
      dec(analysis.excessShare!)
        .minus(-4.6 / 19)
        .abs()
        .lt(1e-11),
    ).toBe(true)
  })

  it('discounts Binance fees paid in BNB, converted at the price of the fill time', () => {
    const analysis = analyzeFees({
      schedule: BINANCE_SPOT_2021_12_21,
      quoteAsset: 'USDT',
      // $3,000 taker at Regular: 0.10 % less 25 % = 0.075 % = $2.25 = 0.009 BNB at $250.
      fills: [
        fill({
          fillId: 'G',
          symbol: 'ETH-USDT',
          quantity: '2',
          price: '1500',
          fee: '0.009',
          feeAsset: 'BNB',
        }),
      ],
      volumeAt: () => dec(0),
      convert: (asset) =>
        asset === 'BNB' ? { price: dec(250), source: 'BNB-USDT at the fill' } : noPrice(asset),
    })
    expect(analysis.fills[0]).toMatchObject({
      feeInQuote: '2.25',
      publishedRate: '0.00075',
      discount: 'BNB',
    })
    expect(analysis.discounts).toEqual({ fills: 1, saved: '0.75' })
    expect(analysis.excess).toBe('0')
    expect(analysis.excessShare).toBe('0')
  })

  it('finds fees 10 % above the schedule', () => {
    const analysis = analyzeFees({
      schedule: COINBASE_ADVANCED_2022_09_20,
      quoteAsset: 'USD',
      fills: [fill({ fillId: 'H', fee: '6.6' }), fill({ fillId: 'I', fee: '6.6' })],
      volumeAt: () => dec(0),
      convert: noPrice,
    })
    expect(analysis.excess).toBe('1.2')
    expect(analysis.excessShare).toBe('0.1')
  })

  it('measures without judging when there is no schedule', () => {
    const analysis = analyzeFees({
      schedule: null,
      quoteAsset: 'USD',
      fills: [fill({ fillId: 'J', fee: '3' })],
      volumeAt: () => dec(0),
      convert: noPrice,
    })
    expect(analysis.all).toMatchObject({
      effectiveRate: '0.003',
      publishedRate: null,
      publishedFees: null,
    })
    expect(analysis.excessShare).toBeNull()
  })

  it("converts a fee in another symbol's asset at that symbol's close of the fill's minute", () => {
    const minute = 1_800_000_000_000
    const f = fill({ fillId: 'K', ts: minute + 42_000, fee: '0.001', feeAsset: 'ETH' })
    const candles = () => [
      { time: minute - 60_000, close: 2900 },
      { time: minute, close: 3000 },
    ]
    expect(convertAt('ETH', f, 'USD', candles)).toMatchObject({ price: dec(3000) })
    const later = { ...f, ts: minute + 120_000 }
    expect(convertAt('ETH', later, 'USD', candles)).toMatchObject({ price: null })
  })
})
