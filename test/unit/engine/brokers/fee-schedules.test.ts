import { describe, expect, it } from 'vitest'
import { feeTierFor, scheduleLabel } from '../../../../electron/engine/brokers/fee-schedules'
import {
  COINBASE_ADVANCED_2022_09_20,
  FEE_SCHEDULES,
} from '../../../../electron/engine/brokers/fee-schedule-data'
import { DEFAULT_TAKER_FEE_RATE } from '../../../../electron/engine/brokers/paper'
import { ACCOUNT, order, paperExchange } from './paper-setup'

const DAY = 86_400_000

describe('fee schedules as dated configuration', () => {
  it('ships the Coinbase Advanced schedule effective 2022-09-20, all nine tiers, with its source', () => {
    const schedule = COINBASE_ADVANCED_2022_09_20
    expect(scheduleLabel(schedule)).toBe('Coinbase Advanced (2022-09-20)')
    expect(schedule.source).toMatch(/ccxt/)
    expect(FEE_SCHEDULES[schedule.id]).toBe(schedule)
    expect(schedule.tiers.map((t) => [t.from, t.makerRate, t.takerRate])).toEqual([
      ['0', '0.004', '0.006'],
      ['10000', '0.0025', '0.004'],
      ['50000', '0.0015', '0.0025'],
      ['100000', '0.001', '0.002'],
      ['1000000', '0.0008', '0.0018'],
      ['15000000', '0.0006', '0.0016'],
      ['75000000', '0.0003', '0.0012'],
      ['250000000', '0', '0.0008'],
      ['400000000', '0', '0.0005'],
    ])
    expect(DEFAULT_TAKER_FEE_RATE).toBe(schedule.tiers[0]!.takerRate)
  })

  it('picks the tier whose lower bound the 30-day volume reaches', () => {
    const taker = (volume: string) => feeTierFor(COINBASE_ADVANCED_2022_09_20, volume).takerRate
    expect(taker('0')).toBe('0.006')
    expect(taker('9999.99')).toBe('0.006')
    expect(taker('10000')).toBe('0.004')
    expect(taker('99999.99')).toBe('0.0025')
    expect(taker('14999999')).toBe('0.0018')
    expect(taker('400000000')).toBe('0.0005')
    expect(taker('5000000000')).toBe('0.0005')
  })
})

describe('paper exchange fees', () => {
  function deepBook(balances = { USD: '1000000' }) {
    const exchange = paperExchange({}, balances)
    exchange.feed.setBook('BTC-USD', [[99, 1000]], [[100, 1000]])
    return exchange
  }

  it('moves the account to the next tier when its 30-day volume crosses $10,000', async () => {
    const { broker } = deepBook()
    expect(broker.feeTier(ACCOUNT)).toEqual({
      schedule: 'Coinbase Advanced (2022-09-20)',
      tierFrom: '0',
      makerRate: '0.004',
      takerRate: '0.006',
      volume30d: '0',
    })
    const first = await broker.placeOrder(order('buy', '99')) // $9,900
    expect(first.fills[0]!.fee).toBe('59.4')
    expect(broker.takerFeeRate(ACCOUNT)).toBe('0.006')
    expect(broker.feeTier(ACCOUNT).volume30d).toBe('9900')

    const crossing = await broker.placeOrder(order('sell', '1')) // $99: a sell counts too
    expect(crossing.fills[0]!.fee).toBe('0.59') // priced at the tier in force when placed
    expect(broker.takerFeeRate(ACCOUNT)).toBe('0.006')
    await broker.placeOrder(order('buy', '0.01')) // $1: volume now $10,000
    expect(broker.feeTier(ACCOUNT)).toMatchObject({
      tierFrom: '10000',
      takerRate: '0.004',
      makerRate: '0.0025',
      volume30d: '10000',
    })
    const after = await broker.placeOrder(order('buy', '1'))
    expect(after.fills[0]!.fee).toBe('0.4')
  })

  it('charges the maker rate of the tier on resting fills', async () => {
    const { broker, feed, updates } = deepBook()
    await broker.placeOrder(order('buy', '100')) // $10,000: tier 2
    await broker.placeOrder(order('buy', '10', { limitPrice: '95' }))
    feed.setBook('BTC-USD', [[94, 10]], [[95, 10]])
    // 10 × 95 × 0.25 % = 2.375
    expect(updates[0]!.fills[0]).toMatchObject({ liquidity: 'maker', fee: '2.38' })
  })

  it('drops trades older than 30 days from the volume', async () => {
    const { broker, clock } = deepBook()
    await broker.placeOrder(order('buy', '100'))
    clock.advance(29 * DAY)
    expect(broker.takerFeeRate(ACCOUNT)).toBe('0.004')
    clock.advance(DAY)
    expect(broker.feeTier(ACCOUNT)).toMatchObject({ volume30d: '0', takerRate: '0.006' })
  })

  it('rounds each fee to the cent, half up', async () => {
    const { broker } = deepBook()
    // 1.075 × 100 × 0.60 % = 0.645: half up gives 0.65 (half even would give 0.64)
    expect((await broker.placeOrder(order('buy', '1.075'))).fills[0]!.fee).toBe('0.65')
    const tiny = await broker.placeOrder(order('buy', '0.02'))
    expect(tiny.fills[0]!.fee).toBe('0.01') // 0.012
  })
})
