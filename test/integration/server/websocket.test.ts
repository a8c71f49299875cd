/**
 * The console's WebSocket: commands run through the contract, bad messages get an error result
 * and the connection stays up (a malformed order is journaled as well), and engine events
 * arrive in batches.
 */
import type WebSocket from 'ws'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { EngineEvent } from '../../../shared/contract'
import type { EventsMessage, ResultMessage, ServerMessage } from '../../../shared/wire'
import { journalOnDisk } from '../../kit/engine'
import {
  accountState,
  api,
  messages,
  openSocket,
  signIn,
  startHarness,
  tabSocketHeaders,
  type Harness,
} from './server-harness'

let h: Harness
let socket: WebSocket
let inbox: ReturnType<typeof messages>
let nextId = 1

beforeAll(async () => {
  h = await startHarness()
  const opened = await openSocket(h, tabSocketHeaders(h, await signIn(h)))
  if (!opened.ok) throw new Error(`WebSocket refused with ${opened.status}`)
  socket = opened.socket
  inbox = messages(socket)
})
afterAll(async () => {
  socket?.close()
  await h?.stop()
})

const isResult =
  (id: number) =>
  (m: ServerMessage): m is ResultMessage =>
    m.type === 'result' && m.id === id

async function invoke(name: string, payload: unknown): Promise<ResultMessage> {
  const id = nextId++
  socket.send(JSON.stringify({ type: 'invoke', id, name, payload }))
  return (await inbox.next(isResult(id))) as ResultMessage
}

describe('commands over the WebSocket', () => {
  it('answers app:get-snapshot with the account, balances and quotes', async () => {
    const reply = await invoke('app:get-snapshot', {})
    expect(reply.result.ok).toBe(true)
    if (!reply.result.ok) return
    const snapshot = reply.result.value as {
      defaultAccountId: string
      balances: unknown[]
      quotes: unknown[]
    }
    expect(snapshot.defaultAccountId).toBe('paper-1')
    expect(snapshot.balances).toContainEqual(
      expect.objectContaining({ asset: 'USD', total: '10000' }),
    )
    expect(snapshot.quotes).toHaveLength(3)
  })

  it('answers bad JSON with an error result and keeps the connection', async () => {
    socket.send('{"type": "invoke", "id": ')
    const reply = (await inbox.next((m) => m.type === 'result' && m.id === -1)) as ResultMessage
    expect(reply.result).toMatchObject({
      ok: false,
      error: { code: 'INVALID_INPUT', message: expect.stringContaining('not valid JSON') },
    })
    expect((await invoke('app:get-snapshot', {})).result.ok).toBe(true)
  })

  it('answers unknown commands, bad payloads and bad envelopes with error results', async () => {
    expect((await invoke('orders:cancel-everything', {})).result).toMatchObject({
      ok: false,
      error: { code: 'UNKNOWN_COMMAND' },
    })
    const bad = await invoke('orders:submit', {
      symbol: 'BTC-USD',
      side: 'buy',
      type: 'market',
      quantity: 5,
    })
    expect(bad.result).toMatchObject({
      ok: false,
      error: { code: 'INVALID_INPUT', message: expect.stringContaining('quantity') },
    })
    socket.send(JSON.stringify({ type: 'subscribe', id: 777 }))
    expect((await inbox.next(isResult(777))).type).toBe('result')
    expect(socket.readyState).toBe(socket.OPEN)
  })

  it('refuses a malformed order with its reason, journals it as order.malformed, and changes nothing', async () => {
    const before = await accountState(h)
    const seen = journalOnDisk(h.dataDir).length
    const secret = 'sk-live-4f1c9a7e2b8d4c6f'
    const reply = await invoke('orders:submit', {
      symbol: 'BTC-USD',
      side: 'buy',
      type: 'market',
      quantity: 5,
      apiKey: secret,
    })

    expect(reply.result).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } })
    const reason = reply.result.ok ? '' : reply.result.error.message
    // What was wrong, and what is allowed instead.
    expect(reason).toContain('quantity: must be a decimal number written as a string')
    expect(reason).toContain('unknown field "apiKey"')
    const added = journalOnDisk(h.dataDir).slice(seen)
    expect(added.map((r) => r.type)).toEqual(['order.malformed'])
    expect(added[0]?.payload).toEqual({
      source: 'ticket',
      reason,
      received: {
        kind: 'object',
        size: expect.any(Number),
        fields: [
          { name: 'symbol', kind: 'string', size: 7 },
          { name: 'side', kind: 'string', size: 3 },
          { name: 'type', kind: 'string', size: 6 },
          { name: 'quantity', kind: 'number', size: 1 },
        ],
        otherFields: 1,
      },
    })
    expect(JSON.stringify(added)).not.toContain(secret)
    expect(await accountState(h)).toBe(before)
    expect(socket.readyState).toBe(socket.OPEN)
  })

  it('places an order from the ticket and sends its events in batches', async () => {
    const seenBefore = inbox.received.length
    const reply = await invoke('orders:submit', {
      symbol: 'ETH-USD',
      side: 'buy',
      type: 'market',
      quantity: '0.5',
    })
    expect(reply.result).toMatchObject({ ok: true, value: { status: 'filled', source: 'ticket' } })
    const orderId = reply.result.ok ? (reply.result.value as { id: string }).id : ''

    await inbox.next(
      (m) =>
        m.type === 'events' &&
        m.events.some(
          (e) =>
            e.type === 'orders:updated' &&
            e.payload.id === orderId &&
            e.payload.status === 'filled',
        ),
    )
    const batches = inbox.received
      .slice(seenBefore)
      .filter((m): m is EventsMessage => m.type === 'events')
    const events = batches.flatMap((b) => b.events)
    expect(new Set(events.map((e: EngineEvent) => e.type))).toEqual(
      new Set([
        'orders:updated',
        'fills:created',
        'ledger:position',
        'ledger:balance',
        'audit:row',
      ]),
    )
    expect(events.filter((e) => e.type === 'fills:created')).toHaveLength(1)
    // Batched: several events share a message, and one order's updates within a batch are
    // coalesced to its latest state.
    expect(batches.length).toBeLessThan(events.length)
    for (const batch of batches) {
      expect(
        batch.events.filter((e) => e.type === 'orders:updated' && e.payload.id === orderId).length,
      ).toBeLessThanOrEqual(1)
    }
  })

  it('tells the console about orders a bot places through the REST API', async () => {
    const placed = await api(h, 'POST', '/orders', {
      symbol: 'SOL-USD',
      side: 'buy',
      type: 'market',
      quantity: '1',
    })
    expect(placed.status).toBe(201)
    const batch = (await inbox.next(
      (m) =>
        m.type === 'events' &&
        m.events.some((e) => e.type === 'orders:updated' && e.payload.id === placed.json.id),
    )) as EventsMessage
    expect(batch.events.find((e) => e.type === 'orders:updated')?.payload).toMatchObject({
      source: 'api',
      status: 'filled',
    })
  })

  it('closes a connection that sends a message over 64 KiB', async () => {
    const opened = await openSocket(h, { Authorization: `Bearer ${h.token}` })
    if (!opened.ok) throw new Error('refused')
    const closed = new Promise<number>((resolve) =>
      opened.socket.once('close', (code) => resolve(code)),
    )
    opened.socket.send(
      JSON.stringify({
        type: 'invoke',
        id: 1,
        name: 'app:get-snapshot',
        payload: { pad: 'x'.repeat(70_000) },
      }),
    )
    expect(await closed).toBe(1009)
  })

  it('says goodbye to connected consoles when the server stops', async () => {
    const other = await startHarness()
    const opened = await openSocket(other, { Authorization: `Bearer ${other.token}` })
    if (!opened.ok) throw new Error('refused')
    const closed = new Promise<number>((resolve) =>
      opened.socket.once('close', (code) => resolve(code)),
    )
    await other.stop()
    expect(await closed).toBe(1001)
  })
})
