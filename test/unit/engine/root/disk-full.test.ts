/**
 * The engine on a disk that fills up: an order whose records the disk cannot take is never
 * acknowledged, trading halts on every account with the reason, nothing more reaches a broker
 * or the disk, and a restart after space is freed recovers on its own.
 */
import { afterEach, describe, expect, it } from 'vitest'
import type { Engine } from '../../../../electron/engine'
import type { Broker } from '../../../../electron/engine/brokers'
import { delegate } from '../../../kit/broker'
import { call, cleanup, journalOnDisk, tempDir, testEngine, value } from '../../../kit/engine'
import { FullDisk } from '../../../kit/full-disk'

const dirs: string[] = []
const engines: Engine[] = []
afterEach(async () => {
  await Promise.all(engines.splice(0).map((e) => e.close()))
  dirs.splice(0).forEach(cleanup)
})

const buy = (quantity: string, accountId?: string) => ({
  symbol: 'BTC-USD',
  side: 'buy',
  type: 'market',
  quantity,
  ...(accountId ? { accountId } : {}),
})

describe('engine on a full disk', () => {
  it('never acknowledges a fill the disk took only part of, halts every account and sends nothing more', async () => {
    const dir = tempDir()
    dirs.push(dir)
    const disk = new FullDisk(Number.POSITIVE_INFINITY, 64)
    let sent = 0
    let fillDisk = false
    // The disk fills up while the order is at the broker: its fill can no longer be recorded.
    const broker = (paper: Broker): Broker =>
      delegate(paper, {
        placeOrder: async (request) => {
          sent += 1
          const ack = await paper.placeOrder(request)
          if (fillDisk) disk.free = 100
          return ack
        },
      })
    const { engine } = await testEngine(dir, { journalFiles: disk, wrapBroker: broker })
    const second = value(
      await call(engine, 'accounts:add', { name: 'Second', kind: 'paper', initialBalance: '5000' }),
    )
    value(await call(engine, 'orders:submit', buy('0.01')))
    expect(sent).toBe(1)

    fillDisk = true
    const filled = await call(engine, 'orders:submit', buy('0.02'))
    expect(filled.ok).toBe(false)
    expect(filled.ok ? '' : filled.error.message).toMatch(/the disk is full/)
    expect(sent).toBe(2)

    const snapshot = value(await call(engine, 'app:get-snapshot', {}))
    expect(snapshot.globalTradingState).toBe('HALTED')
    expect(snapshot.tradingStates).toEqual({ 'paper-1': 'HALTED', [second.id]: 'HALTED' })
    const { alerts } = value(await call(engine, 'alerts:status', {}))
    expect(alerts.find((a) => a.kind === 'journal_write_failed')).toMatchObject({
      severity: 'critical',
      message: expect.stringMatching(/the disk is full.*Trading is HALTED on every account/s),
    })

    // Orders, cancels, a health round, alerts: none reaches a broker or tries the disk again.
    const writes = disk.writes
    for (const accountId of ['paper-1', second.id]) {
      const refused = await call(engine, 'orders:submit', buy('0.01', accountId))
      expect(refused.ok ? null : refused.error).toEqual({
        code: 'UNAVAILABLE',
        message: expect.stringMatching(
          /^Trading is HALTED on every account: The audit journal cannot be written: the disk is full/,
        ),
      })
    }
    const health = value(await call(engine, 'health:check', {}))
    expect(health.status).toBe('CRITICAL')
    expect(health.checks.find((c) => c.name === 'journal')).toMatchObject({
      level: 'FAIL',
      message: expect.stringMatching(/the disk is full/),
    })
    await engine.idle()
    expect(sent).toBe(2)
    expect(disk.writes).toBe(writes)
    await engine.close()

    // What is on disk is whole lines only, and ends where the disk stopped taking them.
    const onDisk = journalOnDisk(dir)
    expect(onDisk.map((r) => r.seq)).toEqual(onDisk.map((_, i) => i + 1))

    // Space freed (the real disk): the restart needs no repair and trading goes on.
    const { engine: again } = await testEngine(dir)
    engines.push(again)
    expect(again.info.warnings).toEqual([])
    const orders = value(await call(again, 'orders:list', {}))
    // The order whose fill never reached the disk was never acknowledged as filled. The
    // exchange did fill it and keeps its book: the restart asks it and records that fill once.
    expect(orders.find((o) => o.quantity === '0.01')?.status).toBe('filled')
    expect(orders.find((o) => o.quantity === '0.02')).toMatchObject({
      status: 'filled',
      filledQuantity: '0.02',
    })
    const { positions } = value(await call(again, 'app:get-snapshot', {}))
    expect(positions.find((p) => p.accountId === 'paper-1')?.quantity).toBe('0.03')
    const check = value(await call(again, 'health:check', {}))
    expect(check.checks.find((c) => c.name === 'journal')?.level).toBe('OK')
    expect(check.checks.find((c) => c.name === 'tracker')?.level).toBe('OK')
    expect(value(await call(again, 'app:get-snapshot', {})).globalTradingState).toBe('ACTIVE')
    expect(value(await call(again, 'audit:verify', {})).ok).toBe(true)
    expect(value(await call(again, 'orders:submit', buy('0.01', second.id))).status).toBe('filled')
  })
})
