/**
 * Reconciliation: the paper exchange is made to disagree with the ledger in each way a real
 * broker can, and every difference must become one journaled finding with one alert, block
 * trading on the account, and be settled only by the operator's matching action (or by a later
 * round that finds it gone). Orders a crash interrupted are settled with the broker at start.
 */
import { afterEach, describe, expect, it } from 'vitest'
import type { Engine, EngineOptions } from '../../../../electron/engine'
import type { Broker, BrokerAck, BrokerOpenOrder } from '../../../../electron/engine/brokers'
import { Journal } from '../../../../electron/engine/journal'
import type { EngineEvent } from '../../../../shared/contract'
import type { Alert, ReconcileFinding } from '../../../../shared/types'
import { delegate } from '../../../kit/broker'
import { FakeClock } from '../../../kit/fake-clock'
import { call, cleanup, tempDir, testEngine, value } from '../../../kit/engine'
import path from 'node:path'

const dirs: string[] = []
const engines: Engine[] = []
afterEach(async () => {
  await Promise.all(engines.splice(0).map((e) => e.close()))
  dirs.splice(0).forEach(cleanup)
})

/** What the broker misreports; each test sets what it needs. */
interface Lies {
  balances?: Record<string, string>
  extraOpen?: BrokerOpenOrder[]
  hideOpen?: boolean
  fetchOrder?: (clientOrderId: string) => BrokerAck | null | undefined
}

async function start(lies: Lies, dir = fresh(), overrides: Partial<EngineOptions> = {}) {
  const canceled: string[] = []
  const lying = (paper: Broker): Broker =>
    delegate(paper, {
      balances: async (a) => ({ ...(await paper.balances(a)), ...lies.balances }),
      positionOf: async (a, s) =>
        lies.balances?.[s.split('-')[0] as string] ?? paper.positionOf(a, s),
      openOrders: async (a) => [
        ...(lies.hideOpen ? [] : await paper.openOrders(a)),
        ...(lies.extraOpen ?? []),
      ],
      fetchOrder: async (a, c, s) => {
        const lie = lies.fetchOrder?.(c)
        return lie === undefined ? paper.fetchOrder(a, c, s) : lie
      },
      cancelOrder: async (a, c, s) => {
        canceled.push(c)
        const orphan = lies.extraOpen?.find((o) => o.clientOrderId === c)
        if (orphan) {
          lies.extraOpen = lies.extraOpen?.filter((o) => o !== orphan)
          return { ...orphan, status: 'canceled' }
        }
        return paper.cancelOrder(a, c, s)
      },
    })
  const made = await testEngine(dir, { wrapBroker: lying, ...overrides })
  engines.push(made.engine)
  const alerts: Alert[] = []
  made.engine.subscribe((e: EngineEvent) => {
    if (e.type === 'alerts:raised') alerts.push(e.payload)
  })
  await made.engine.idle()
  return { ...made, alerts, canceled, dir }
}
function fresh(): string {
  const dir = tempDir()
  dirs.push(dir)
  return dir
}
const order = (side: 'buy' | 'sell', quantity: string, symbol = 'BTC-USD') => ({
  symbol,
  side,
  type: 'market',
  quantity,
})
async function reconcile(engine: Engine) {
  return value(await call(engine, 'reconcile:run', {}))
}
const resolve = (engine: Engine, f: ReconcileFinding, action: string) =>
  call(engine, 'reconcile:resolve', { findingId: f.id, action, reason: 'checked at the exchange' })

describe('reconciliation', () => {
  it('finds nothing on a paper account that agrees with its ledger', async () => {
    const { engine, clock, alerts } = await start({})
    value(await call(engine, 'orders:submit', order('buy', '0.01')))
    const status = await reconcile(engine)
    expect(status.open).toEqual([])
    expect(status.runs['paper-1']).toEqual({ ts: clock.now(), error: null })
    expect(alerts).toEqual([])
  })

  it('raises a phantom position once, blocks trading, and clears it on mark_closed', async () => {
    const lies: Lies = {}
    const { engine, alerts, dir } = await start(lies)
    value(await call(engine, 'orders:submit', order('buy', '0.01')))
    lies.balances = { BTC: '0' }

    const [finding] = (await reconcile(engine)).open
    expect(finding).toMatchObject({
      kind: 'phantom_position',
      subject: 'BTC-USD',
      local: '0.01',
      broker: '0',
    })
    expect(alerts.map((a) => a.kind)).toEqual(['reconcile_phantom_position'])
    // A second round is the same condition: no second finding, no second alert.
    expect((await reconcile(engine)).open).toHaveLength(1)
    expect(alerts).toHaveLength(1)

    const refused = await call(engine, 'orders:submit', order('buy', '0.01', 'ETH-USD'))
    expect(refused.ok ? null : refused.error.message).toMatch(/reconciliation with the broker/)

    const wrong = await resolve(engine, finding as ReconcileFinding, 'adopt')
    expect(wrong.ok ? null : wrong.error.message).toBe(
      'A phantom position is settled with "mark_closed" (or "dismiss", which changes nothing), not "adopt".',
    )
    const settled = value(await resolve(engine, finding as ReconcileFinding, 'mark_closed'))
    expect(settled.open).toEqual([])
    expect(settled.resolved[0]?.resolution).toMatchObject({
      action: 'mark_closed',
      by: 'operator',
      reason: 'checked at the exchange',
    })
    const snap = value(await call(engine, 'app:get-snapshot', {}))
    expect(snap.positions.find((p) => p.symbol === 'BTC-USD')?.quantity ?? '0').toBe('0')
    value(await call(engine, 'orders:submit', order('buy', '0.01', 'ETH-USD')))

    // The journal has the finding and its resolution, and a restart folds them the same way.
    await engines.pop()?.close()
    const types: string[] = []
    const journal = await Journal.open({
      dir: path.join(dir, 'journal'),
      clock: new FakeClock(),
      onRecord: (r) => types.push(r.type),
    })
    await journal.close()
    expect(types.filter((t) => t.startsWith('reconcile.'))).toEqual([
      'reconcile.finding',
      'reconcile.resolved',
    ])
    const again = await start(lies, dir)
    const after = value(await call(again.engine, 'app:get-snapshot', {}))
    expect(after.positions.find((p) => p.symbol === 'BTC-USD')?.quantity ?? '0').toBe('0')
    expect(after.reconciliation.open).toEqual([])
  })

  it('adopts an unknown position at the current price', async () => {
    const lies: Lies = {}
    const { engine } = await start(lies)
    lies.balances = { ETH: '2' }
    const [finding] = (await reconcile(engine)).open
    expect(finding).toMatchObject({ kind: 'unknown_position', local: '0', broker: '2' })
    const price = value(await call(engine, 'app:get-snapshot', {})).quotes.find(
      (q) => q.symbol === 'ETH-USD',
    )?.last
    value(await resolve(engine, finding as ReconcileFinding, 'adopt'))
    const eth = value(await call(engine, 'app:get-snapshot', {})).positions.find(
      (p) => p.symbol === 'ETH-USD',
    )
    expect(eth).toMatchObject({ quantity: '2', averagePrice: price })
  })

  it('cancels an orphan order at the broker', async () => {
    const lies: Lies = {
      extraOpen: [
        {
          brokerOrderId: 'b-9',
          clientOrderId: 'typed-at-the-exchange',
          symbol: 'SOL-USD',
          status: 'open',
          fills: [],
        },
      ],
    }
    const { engine, canceled } = await start(lies)
    const { open } = value(await call(engine, 'reconcile:status', {}))
    expect(open).toMatchObject([{ kind: 'orphan_order', subject: 'typed-at-the-exchange' }])
    value(await resolve(engine, open[0] as ReconcileFinding, 'cancel'))
    expect(canceled).toEqual(['typed-at-the-exchange'])
    expect((await reconcile(engine)).open).toEqual([])
  })

  it('marks a missing order closed and frees what it reserved', async () => {
    const lies: Lies = {}
    const { engine } = await start(lies)
    const snap = value(await call(engine, 'app:get-snapshot', {}))
    const ask = snap.quotes.find((q) => q.symbol === 'BTC-USD')?.ask as string
    // A buy 3 % below the market rests at the broker.
    const resting = value(
      await call(engine, 'orders:submit', {
        ...order('buy', '0.01'),
        type: 'limit',
        limitPrice: (Number(ask) * 0.97).toFixed(2),
      }),
    )
    expect(resting.status).toBe('open')
    lies.hideOpen = true
    lies.fetchOrder = (c) => (c === resting.clientOrderId ? null : undefined)
    const [finding] = (await reconcile(engine)).open
    expect(finding).toMatchObject({ kind: 'missing_order', subject: resting.clientOrderId })
    value(await resolve(engine, finding as ReconcileFinding, 'mark_closed'))
    const closed = value(await call(engine, 'orders:get', { id: resting.id }))
    expect(closed.status).toBe('canceled')
    expect(closed.reason).toMatch(/Marked closed in reconciliation/)
    const balance = value(await call(engine, 'app:get-snapshot', {})).balances[0]
    expect(balance?.available).toBe(balance?.total)
  })

  it('accepts a balance drift as the broker reports it, and ignores a cent', async () => {
    const lies: Lies = { balances: { USD: '10000.01' } }
    const { engine } = await start(lies)
    expect((await reconcile(engine)).open).toEqual([])
    lies.balances = { USD: '9990' }
    const [finding] = (await reconcile(engine)).open
    expect(finding).toMatchObject({ kind: 'balance_drift', local: '10000', broker: '9990' })
    value(await resolve(engine, finding as ReconcileFinding, 'accept_drift'))
    expect(value(await call(engine, 'app:get-snapshot', {})).balances[0]?.total).toBe('9990')
  })

  it('clears a finding that a later round no longer sees', async () => {
    const lies: Lies = {}
    const { engine } = await start(lies)
    lies.balances = { SOL: '5' }
    expect((await reconcile(engine)).open).toHaveLength(1)
    delete lies.balances
    const status = await reconcile(engine)
    expect(status.open).toEqual([])
    expect(status.resolved[0]?.resolution).toMatchObject({
      action: 'cleared',
      by: 'reconciliation',
    })
    value(await call(engine, 'orders:submit', order('buy', '0.01')))
  })

  it('runs every 5 minutes by default', async () => {
    const lies: Lies = {}
    const clock = new FakeClock()
    const { engine } = await start(lies, fresh(), { clock, reconcileIntervalMs: undefined })
    lies.balances = { SOL: '5' }
    clock.advance(4 * 60_000)
    await engine.idle()
    expect(value(await call(engine, 'reconcile:status', {})).open).toEqual([])
    clock.advance(60_000)
    await engine.idle()
    expect(value(await call(engine, 'reconcile:status', {})).open).toHaveLength(1)
  })

  describe('orders a crash interrupted', () => {
    /** A journal that stops after an order's intent and gate: the broker's answer never came. */
    async function interrupted(dir: string, quantity = '0.01'): Promise<void> {
      const first = await start({}, dir)
      await engines.pop()?.close()
      void first
      const journal = await Journal.open({ dir: path.join(dir, 'journal'), clock: new FakeClock() })
      void journal.append('order.intent', {
        orderId: 'ord-crash',
        accountId: 'paper-1',
        clientOrderId: 'crash',
        symbol: 'BTC-USD',
        side: 'buy',
        type: 'market',
        quantity,
        source: 'api',
        expectedPrice: '60000',
      })
      await journal.append('order.gate', {
        orderId: 'ord-crash',
        accountId: 'paper-1',
        passed: true,
        checks: [],
        reserved: String(603.6 * (Number(quantity) / 0.01)),
        pre: { balance: '10000', positions: 0, positionQuantity: '0', entryPrice: '60000' },
      })
      await journal.close()
    }
    const filledAck: BrokerAck = {
      brokerOrderId: 'b-1',
      status: 'filled',
      fills: [
        {
          fillId: 'f-1',
          quantity: '0.01',
          price: '60000',
          fee: '3.6',
          feeAsset: 'USD',
          liquidity: 'taker',
          ts: 0,
        },
      ],
    }

    it('records what the broker did with it, instead of assuming it failed', async () => {
      const dir = fresh()
      await interrupted(dir)
      const { engine } = await start(
        {
          fetchOrder: (c) => (c === 'crash' ? filledAck : undefined),
          balances: { BTC: '0.01', USD: '9396.4' },
        },
        dir,
      )
      const o = value(await call(engine, 'orders:get', { id: 'crash' }))
      expect(o).toMatchObject({ status: 'filled', filledQuantity: '0.01' })
      expect(value(await call(engine, 'reconcile:status', {})).open).toEqual([])
    })

    it('closes it as failed when the broker never got it, and adopts a fill that comes later', async () => {
      const dir = fresh()
      await interrupted(dir)
      const lies: Lies = { fetchOrder: (c) => (c === 'crash' ? null : undefined) }
      const { engine } = await start(lies, dir)
      const o = value(await call(engine, 'orders:get', { id: 'crash' }))
      expect(o.status).toBe('failed')
      expect(o.reason).toMatch(/broker has no order with client order id crash/)
      expect(value(await call(engine, 'app:get-snapshot', {})).balances[0]?.available).toBe('10000')

      // The exchange reports it filled after all.
      lies.fetchOrder = (c) => (c === 'crash' ? filledAck : undefined)
      lies.balances = { BTC: '0.01', USD: '9396.4' }
      const open = (await reconcile(engine)).open
      const fill = open.find((f) => f.kind === 'unknown_fill') as ReconcileFinding
      expect(fill).toMatchObject({ subject: 'f-1', orderId: 'ord-crash', broker: '0.01 @ 60000' })
      value(await resolve(engine, fill, 'adopt'))
      const snap = value(await call(engine, 'app:get-snapshot', {}))
      expect(snap.fills.map((f) => f.id)).toContain('f-1')
      expect(snap.balances[0]?.total).toBe('9396.4')
      // With the fill adopted the position agrees with the broker: the round clears the rest.
      expect((await reconcile(engine)).open).toEqual([])
    })

    const fill = (fillId: string, quantity = '0.01') => ({
      fillId,
      quantity,
      price: '60000',
      fee: String(360 * Number(quantity)),
      feeAsset: 'USD',
      liquidity: 'taker' as const,
      ts: 0,
    })
    /** 0.01 of an order for 0.02 filled, the rest canceled: what the broker reports. */
    const partlyFilled = (...fills: ReturnType<typeof fill>[]): BrokerAck => ({
      brokerOrderId: 'b-1',
      status: 'canceled',
      fills,
    })

    it('raises no finding about the fills of a partly filled order it has recorded', async () => {
      const dir = fresh()
      await interrupted(dir, '0.02')
      const { engine, alerts } = await start(
        {
          fetchOrder: (c) => (c === 'crash' ? partlyFilled(fill('f-1')) : undefined),
          balances: { BTC: '0.01', USD: '9396.4' },
        },
        dir,
      )
      const o = value(await call(engine, 'orders:get', { id: 'crash' }))
      expect(o).toMatchObject({ status: 'canceled', filledQuantity: '0.01' })
      // Every later round asks the broker about the order again and finds the same fill.
      expect((await reconcile(engine)).open).toEqual([])
      expect((await reconcile(engine)).open).toEqual([])
      expect(alerts).toEqual([])
      value(await call(engine, 'orders:submit', order('buy', '0.01', 'ETH-USD')))
    })

    it('adopts a late fill once, however often it is adopted', async () => {
      const dir = fresh()
      await interrupted(dir, '0.02')
      const lies: Lies = {
        fetchOrder: (c) => (c === 'crash' ? partlyFilled(fill('f-1')) : undefined),
        balances: { BTC: '0.01', USD: '9396.4' },
      }
      const { engine } = await start(lies, dir)
      // The exchange reports a second fill of the canceled rest after all.
      lies.fetchOrder = (c) => (c === 'crash' ? partlyFilled(fill('f-1'), fill('f-2')) : undefined)
      lies.balances = { BTC: '0.02', USD: '8792.8' }
      // The position and the cash differ too until the fill is booked.
      const fills = (await reconcile(engine)).open.filter((f) => f.kind === 'unknown_fill')
      expect(fills).toMatchObject([{ subject: 'f-2', orderId: 'ord-crash' }])
      const finding = fills[0] as ReconcileFinding
      // The operator presses twice (two windows, a bot and a person).
      const answers = await Promise.all([
        resolve(engine, finding, 'adopt'),
        resolve(engine, finding, 'adopt'),
      ])
      expect(answers.filter((a) => a.ok)).toHaveLength(1)
      const again = await resolve(engine, finding, 'adopt')
      expect(again.ok ? null : again.error.code).toBe('NOT_FOUND')
      const snap = value(await call(engine, 'app:get-snapshot', {}))
      expect(snap.fills.filter((f) => f.id === 'f-2')).toHaveLength(1)
      expect(snap.positions.find((p) => p.symbol === 'BTC-USD')?.quantity).toBe('0.02')
      expect(snap.balances[0]?.total).toBe('8792.8')
      const o = value(await call(engine, 'orders:get', { id: 'crash' }))
      expect(o.filledQuantity).toBe('0.02')
      expect((await reconcile(engine)).open).toEqual([])
    })

    it('never books more of an order than the broker filled, whatever the fill ids', async () => {
      const dir = fresh()
      await interrupted(dir, '0.02')
      const lies: Lies = {
        fetchOrder: (c) => (c === 'crash' ? partlyFilled(fill('f-1')) : undefined),
        balances: { BTC: '0.01', USD: '9396.4' },
      }
      const { engine } = await start(lies, dir)
      // The broker now names the same 0.01 differently: nothing more was filled.
      lies.fetchOrder = (c) => (c === 'crash' ? partlyFilled(fill('F1')) : undefined)
      expect((await reconcile(engine)).open).toEqual([])
      const o = value(await call(engine, 'orders:get', { id: 'crash' }))
      expect(o.filledQuantity).toBe('0.01')
    })

    it('lets the operator dismiss, with a reason, a finding the broker can no longer confirm', async () => {
      const dir = fresh()
      await interrupted(dir, '0.02')
      const lies: Lies = {
        fetchOrder: (c) => (c === 'crash' ? partlyFilled(fill('f-1')) : undefined),
        balances: { BTC: '0.01', USD: '9396.4' },
      }
      const first = await start(lies, dir)
      lies.fetchOrder = (c) => (c === 'crash' ? partlyFilled(fill('f-1'), fill('f-2')) : undefined)
      const finding = (await reconcile(first.engine)).open.find((f) => f.kind === 'unknown_fill')
      expect(finding).toMatchObject({ subject: 'f-2', orderId: 'ord-crash' })
      await engines.pop()?.close()

      // After a restart the broker has forgotten the order: nothing can be re-checked.
      lies.fetchOrder = (c) => (c === 'crash' ? null : undefined)
      const { engine } = await start(lies, dir)
      const status = value(await call(engine, 'reconcile:status', {}))
      expect(status.open.map((f) => f.id)).toEqual([finding?.id])
      const adopt = await resolve(engine, finding as ReconcileFinding, 'adopt')
      expect(adopt.ok ? null : adopt.error.message).toMatch(
        /The broker no longer reports fill f-2, so it cannot be adopted/,
      )
      const blocked = await call(engine, 'orders:submit', order('buy', '0.01', 'ETH-USD'))
      expect(blocked.ok).toBe(false)

      const dismissed = await call(engine, 'reconcile:resolve', {
        findingId: finding?.id,
        action: 'dismiss',
        reason: 'the exchange shows only f-1',
      })
      expect(value(dismissed).open).toEqual([])
      expect(value(dismissed).resolved[0]?.resolution).toMatchObject({
        action: 'dismiss',
        by: 'operator',
        reason: 'the exchange shows only f-1',
      })
      // Nothing was booked: the ledger keeps the one fill the broker confirmed.
      const snap = value(await call(engine, 'app:get-snapshot', {}))
      expect(snap.fills.map((f) => f.id)).toEqual(['f-1'])
      expect(snap.balances[0]?.total).toBe('9396.4')
      value(await call(engine, 'orders:submit', order('buy', '0.01', 'ETH-USD')))

      // A dismissal needs a reason, like every settlement.
      const bare = await call(engine, 'reconcile:resolve', {
        findingId: finding?.id,
        action: 'dismiss',
        reason: '',
      })
      expect(bare.ok ? null : bare.error.code).toBe('INVALID_INPUT')
    })
  })
})
