/**
 * The paper exchange saves its changes group-committed: what one turn changes is written
 * together, as one line of a log next to its state file, and nothing is answered before it is
 * on disk. The log is folded into the state file once it is big; a crash between the two
 * writes replays nothing twice, and a state file from before the log loads as it was.
 */
import { existsSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { PaperBroker } from '../../../../electron/engine/brokers/paper'
import { COMPACT_LOG_BYTES } from '../../../../electron/engine/brokers/paper-state'
import { cleanup, tempDir } from '../../../kit/engine'
import { FakeClock } from '../../../kit/fake-clock'
import { StubFeed } from '../../../kit/stub-feed'
import { ACCOUNT, order, setDefaultBook, settle, track } from './paper-setup'

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

const logLines = (file: string): string[] =>
  existsSync(`${file}.log`) ? readFileSync(`${file}.log`, 'utf8').split('\n').filter(Boolean) : []

describe('paper exchange: group-committed saves', () => {
  it('answers the orders of one turn only once they are on disk, saved together', async () => {
    const file = stateFile()
    const { broker, clock } = exchangeOn(file)
    const requests = Array.from({ length: 20 }, () => order('buy', '0.01'))
    const answers = requests.map((r) => broker.placeOrder(r))
    const tracked = answers.map(track)
    await settle()
    // The matching is done, but the save comes after this turn: no answer has left yet.
    expect(tracked.filter((t) => t.settled())).toHaveLength(0)
    const acks = await Promise.all(answers)
    expect(acks.every((a) => a.status === 'filled')).toBe(true)
    expect(logLines(file)).toHaveLength(1)

    // The process dies without closing: a new exchange on the file knows every order.
    const again = exchangeOn(file, clock)
    for (const [i, r] of requests.entries())
      expect(await again.broker.fetchOrder(ACCOUNT, r.clientOrderId)).toEqual(acks[i])
  })

  it('loads a state file from before the log as it was', async () => {
    const file = stateFile()
    const first = exchangeOn(file)
    const resting = order('buy', '1', { limitPrice: '97' })
    const placed = await first.broker.placeOrder(resting)
    first.broker.close()
    // As an older version left it: the whole state, no log, no mark of one.
    const { logged: _, ...older } = JSON.parse(readFileSync(file, 'utf8')) as Record<
      string,
      unknown
    >
    writeFileSync(file, JSON.stringify(older))
    rmSync(`${file}.log`, { force: true })

    const second = exchangeOn(file, first.clock)
    expect(await second.broker.openOrders(ACCOUNT)).toEqual([
      expect.objectContaining({ clientOrderId: resting.clientOrderId, status: 'open' }),
    ])
    const next = await second.broker.placeOrder(order('buy', '0.01'))
    expect(next.brokerOrderId).not.toBe(placed.brokerOrderId)
  })

  it('folds a big log into the state file, and a crash in between replays nothing twice', async () => {
    const file = stateFile()
    const { broker, clock } = exchangeOn(file)
    const resting = order('buy', '1', { limitPrice: '97' })
    await broker.placeOrder(resting)
    // The log as it was while the order rested.
    const whileResting = readFileSync(`${file}.log`, 'utf8')
    await broker.cancelOrder(ACCOUNT, resting.clientOrderId)

    let ids: string[] = []
    for (let batch = 0; batch < 60 && logLines(file).length > 0; batch++) {
      const acks = await Promise.all(
        Array.from({ length: 100 }, () => broker.placeOrder(order('buy', '0.01'))),
      )
      ids = acks.map((a) => a.brokerOrderId)
    }
    // Folded: the state file holds everything, the log starts again.
    expect(logLines(file)).toHaveLength(0)
    expect(statSync(file).size).toBeLessThan(COMPACT_LOG_BYTES)

    // A crash between the state file's write and the log's emptying leaves the old lines.
    writeFileSync(`${file}.log`, whileResting)
    const again = exchangeOn(file, clock)
    // The canceled order does not come back to life.
    expect(await again.broker.openOrders(ACCOUNT)).toEqual([])
    const next = await again.broker.placeOrder(order('buy', '0.01'))
    expect(ids).not.toContain(next.brokerOrderId)
    expect(Number(next.brokerOrderId.split('-').at(-1))).toBeGreaterThan(
      Math.max(...ids.map((id) => Number(id.split('-').at(-1)))),
    )
  })

  it('leaves out a last group a crash cut short, and keeps the ones before it', async () => {
    const file = stateFile()
    const { broker, clock } = exchangeOn(file)
    const first = order('buy', '0.01')
    const ack = await broker.placeOrder(first)
    const cut = order('buy', '0.02')
    await broker.placeOrder(cut)
    const lines = logLines(file)
    expect(lines).toHaveLength(2)
    // The second group's line was being written when the process died (its answer never left).
    writeFileSync(`${file}.log`, `${lines[0]}\n${(lines[1] as string).slice(0, 40)}`)

    const again = exchangeOn(file, clock)
    expect(await again.broker.fetchOrder(ACCOUNT, first.clientOrderId)).toEqual(ack)
    expect(await again.broker.fetchOrder(ACCOUNT, cut.clientOrderId)).toBeNull()
  })
})
