/**
 * The paper exchange's own state file: ids, the book and fee volume survive a new exchange on
 * the same file (a restart or a crash: the file is written before any answer leaves), the file
 * is private, and an exchange that cannot save says so rather than answer what it could lose.
 */
import { mkdirSync, readdirSync, statSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { BrokerError } from '../../../../electron/engine/brokers/broker'
import { PaperBroker } from '../../../../electron/engine/brokers/paper'
import { dec, str } from '../../../../electron/engine/core'
import { cleanup, tempDir } from '../../../kit/engine'
import { FakeClock } from '../../../kit/fake-clock'
import { StubFeed } from '../../../kit/stub-feed'
import { ACCOUNT, order, setDefaultBook } from './paper-setup'

const dirs: string[] = []
afterEach(() => dirs.splice(0).forEach(cleanup))

/** An exchange on `file`, as a fresh process would make it (nothing shared but the file). */
function exchangeOn(file: string, clock = new FakeClock()) {
  const feed = new StubFeed(() => clock.now())
  setDefaultBook(feed)
  const broker = new PaperBroker({ clock, market: feed, latencyMs: 0, stateFile: file })
  broker.openAccount(ACCOUNT, { USD: '100000' })
  return { broker, feed, clock }
}

function stateFile(): string {
  const dir = tempDir()
  dirs.push(dir)
  return path.join(dir, 'paper-exchange.json')
}

describe('paper exchange: its state on disk', () => {
  it('never hands out an order or fill id again, even when the first exchange was never closed', async () => {
    const file = stateFile()
    const first = exchangeOn(file)
    const a = await first.broker.placeOrder(order('buy', '0.5'))
    // No close: the process died here.
    const second = exchangeOn(file, first.clock)
    const b = await second.broker.placeOrder(order('buy', '0.5'))
    expect(b.brokerOrderId).not.toBe(a.brokerOrderId)
    expect(b.fills.map((f) => f.fillId)).not.toContain(a.fills[0]?.fillId)
    expect(statSync(file).mode & 0o777).toBe(0o600)
  })

  it('keeps a resting order, and answers for it, after a restart', async () => {
    const file = stateFile()
    const first = exchangeOn(file)
    const request = order('buy', '1', { limitPrice: '97' })
    const placed = await first.broker.placeOrder(request)
    expect(placed.status).toBe('open')

    const second = exchangeOn(file, first.clock)
    expect(await second.broker.openOrders(ACCOUNT)).toEqual([
      expect.objectContaining({ clientOrderId: request.clientOrderId, status: 'open' }),
    ])
    // The same client order id is the same order, not a second one.
    expect((await second.broker.placeOrder(request)).brokerOrderId).toBe(placed.brokerOrderId)
    const updates: string[] = []
    second.broker.subscribe((u) => updates.push(`${u.clientOrderId} ${u.status}`))
    second.feed.setBook('BTC-USD', [[96, 1]], [[97, 1]])
    expect(updates).toEqual([`${request.clientOrderId} filled`])
    const filled = await second.broker.fetchOrder(ACCOUNT, request.clientOrderId)
    expect(filled?.fills.map((f) => [f.price, f.liquidity])).toEqual([['97', 'maker']])
  })

  it('keeps the 30-day volume behind the fee tier, with fills only its book has', async () => {
    const file = stateFile()
    const first = exchangeOn(file)
    const ack = await first.broker.placeOrder(order('buy', '2'))
    const volume = first.broker.feeTier(ACCOUNT).volume30d
    expect(Number(volume)).toBeGreaterThan(0)
    // The journal did not get the fills (a crash in between): the book's count.
    const second = exchangeOn(file, first.clock)
    second.broker.restore([], { journaledFills: () => [] })
    expect(second.broker.feeTier(ACCOUNT).volume30d).toBe(volume)
    // The journal got them: counted once.
    const third = exchangeOn(file, first.clock)
    third.broker.restore([], {
      trades: ack.fills.map((f) => ({
        accountId: ACCOUNT,
        ts: f.ts,
        notional: str(dec(f.quantity).times(f.price)),
      })),
      journaledFills: () => ack.fills.map((f) => f.fillId),
    })
    expect(third.broker.feeTier(ACCOUNT).volume30d).toBe(volume)
  })

  it('refuses a state file it cannot read, saying how to go on', () => {
    const file = stateFile()
    writeFileSync(file, '{"version":1,"bo')
    expect(() => exchangeOn(file)).toThrow(
      /paper exchange's state file .*paper-exchange\.json cannot be read .*Move it aside/,
    )
  })

  it('stops answering when it cannot save, rather than answer what a restart would forget', async () => {
    const file = stateFile()
    const { broker } = exchangeOn(file)
    // The log's place is taken by a folder: every save fails from now on.
    mkdirSync(`${file}.log`)
    writeFileSync(path.join(`${file}.log`, 'in-the-way'), '')
    const error = await broker.placeOrder(order('buy', '0.5')).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(BrokerError)
    expect((error as BrokerError).code).toBe('storage_failed')
    expect((error as BrokerError).message).toMatch(/could not save its state/)
    const next = await broker.balances(ACCOUNT).catch((e: unknown) => e)
    expect((next as BrokerError).message).toMatch(/answers nothing until Vigil restarts/)
    // No temp file is left behind.
    expect(readdirSync(path.dirname(file)).sort()).toEqual([
      'paper-exchange.json',
      'paper-exchange.json.log',
    ])
  })
})
