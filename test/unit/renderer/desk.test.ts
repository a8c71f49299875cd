import { afterEach, beforeEach, describe, expect, expectTypeOf, it, vi } from 'vitest'
import type { EngineEvent } from '../../../shared/contract'
import type { Snapshot } from '../../../shared/types'
import {
  connectDesk,
  connectionStatus,
  createBridgeTransport,
  createWebSocketTransport,
  disconnectDesk,
  invoke,
  onEvents,
  onSnapshot,
  type ConnectionStatus,
} from '../../../renderer/src/lib/desk'
import type { VigilBridge } from '../../../shared/bridge'
import type { ConsoleSession, SessionProbe } from '../../../renderer/src/lib/session'
import { quote, snapshot } from './harness'

/** A WebSocket look-alike the test drives from the server's side. */
class FakeSocket {
  static readonly CONNECTING = 0
  static readonly OPEN = 1
  static readonly CLOSING = 2
  static readonly CLOSED = 3
  static instances: FakeSocket[] = []

  readyState = FakeSocket.CONNECTING
  readonly sent: { type: string; id: number; name: string; payload: unknown }[] = []
  onopen: (() => void) | null = null
  onclose: (() => void) | null = null
  onerror: (() => void) | null = null
  onmessage: ((event: { data: string }) => void) | null = null

  constructor(
    readonly url: string,
    readonly protocols?: string[],
  ) {
    FakeSocket.instances.push(this)
  }

  send(data: string): void {
    this.sent.push(JSON.parse(data))
  }

  close(): void {
    if (this.readyState === FakeSocket.CLOSED) return
    this.readyState = FakeSocket.CLOSED
    this.onclose?.()
  }

  /** Server side: accept the connection. */
  accept(): void {
    this.readyState = FakeSocket.OPEN
    this.onopen?.()
  }

  /** Server side: send a message. */
  push(message: unknown): void {
    this.onmessage?.({ data: JSON.stringify(message) })
  }

  /** Server side: answer the last invoke of a command. */
  answer(name: string, value: unknown): void {
    const request = [...this.sent].reverse().find((m) => m.name === name)
    if (!request) throw new Error(`No ${name} request was sent`)
    this.push({ type: 'result', id: request.id, result: { ok: true, value } })
  }
}

/** The tab's session as the server would answer for it; the test decides what it says. */
const tab = {
  session: 's1' as string | null,
  probe: { state: 'unreachable' } as SessionProbe,
  signedIn: null as (() => void) | null,
}
const fakeSession: ConsoleSession = {
  protocols: () => (tab.session ? ['vigil.v1', `vigil.session.${tab.session}`] : null),
  hasCode: () => false,
  signInFromAddress: async () => null,
  probe: async () => tab.probe,
  onSignedIn(listener) {
    tab.signedIn = listener
    return () => {
      if (tab.signedIn === listener) tab.signedIn = null
    }
  },
}

const latest = (): FakeSocket => {
  const socket = FakeSocket.instances.at(-1)
  if (!socket) throw new Error('No socket was opened')
  return socket
}

describe('desk over the server WebSocket', () => {
  const statuses: ConnectionStatus[] = []
  const log: string[] = []
  const stops: (() => void)[] = []

  beforeEach(() => {
    vi.useFakeTimers()
    FakeSocket.instances = []
    Object.assign(tab, { session: 's1', probe: { state: 'unreachable' }, signedIn: null })
    statuses.length = 0
    log.length = 0
    stops.push(
      connectionStatus.subscribe((s) => statuses.push(s)),
      onSnapshot((s: Snapshot) => log.push(`snapshot ${s.balances[0]?.total}`)),
      onEvents((events: readonly EngineEvent[]) =>
        log.push(
          ...events.map((e) =>
            `${e.type} ${e.type === 'market:quote' ? e.payload.last : ''}`.trim(),
          ),
        ),
      ),
    )
    connectDesk(
      createWebSocketTransport({
        url: 'ws://127.0.0.1:9/ws',
        WebSocketImpl: FakeSocket as unknown as typeof WebSocket,
        initialDelayMs: 100,
        maxDelayMs: 400,
        session: fakeSession,
      }),
    )
  })

  afterEach(() => {
    disconnectDesk()
    for (const stop of stops.splice(0)) stop()
    vi.useRealTimers()
  })

  it('loads a snapshot on connect, then applies events that raced it on top', async () => {
    expect(latest().url).toBe('ws://127.0.0.1:9/ws')
    expect(connectionStatus.get()).toBe('connecting')
    latest().accept()
    expect(latest().sent).toEqual([
      { type: 'invoke', id: 1, name: 'app:get-snapshot', payload: {} },
    ])
    latest().push({
      type: 'events',
      events: [{ type: 'market:quote', payload: quote('BTC-USD', '65001') }],
    })
    expect(log).toEqual([])
    latest().answer('app:get-snapshot', snapshot())
    await vi.waitFor(() => expect(connectionStatus.get()).toBe('online'))
    expect(log).toEqual(['snapshot 10000.00', 'market:quote 65001'])
    latest().push({
      type: 'events',
      events: [{ type: 'market:quote', payload: quote('BTC-USD', '65002') }],
    })
    expect(log.at(-1)).toBe('market:quote 65002')
  })

  it('shows offline when the link drops, reconnects with backoff and reloads the snapshot', async () => {
    latest().accept()
    latest().answer('app:get-snapshot', snapshot())
    await vi.waitFor(() => expect(connectionStatus.get()).toBe('online'))

    const pending = invoke('orders:list', {})
    latest().close()
    expect(connectionStatus.get()).toBe('offline')
    const lost = await pending
    expect(lost.ok).toBe(false)
    expect(lost.ok ? '' : lost.error.message).toMatch(/lost before it answered/)

    // The first retry waits at most the initial delay; a refused attempt waits longer.
    expect(FakeSocket.instances).toHaveLength(1)
    await vi.advanceTimersByTimeAsync(100)
    expect(FakeSocket.instances).toHaveLength(2)
    expect(connectionStatus.get()).toBe('connecting')
    latest().close()
    await vi.advanceTimersByTimeAsync(100)
    expect(FakeSocket.instances).toHaveLength(2)
    await vi.advanceTimersByTimeAsync(100)
    expect(FakeSocket.instances).toHaveLength(3)

    latest().accept()
    latest().answer(
      'app:get-snapshot',
      snapshot({ balances: [{ ...snapshot().balances[0]!, total: '42.00' }] }),
    )
    await vi.waitFor(() => expect(connectionStatus.get()).toBe('online'))
    expect(log.at(-1)).toBe('snapshot 42.00')
    expect(statuses).toContain('offline')
  })

  it("opens the WebSocket with the tab's own session as a subprotocol, nothing else", () => {
    expect(latest().protocols).toEqual(['vigil.v1', 'vigil.session.s1'])
  })

  it("says signed out, in the server's words, when it refuses the session, and stops retrying until a new link signs in", async () => {
    latest().accept()
    latest().answer('app:get-snapshot', snapshot())
    await vi.waitFor(() => expect(connectionStatus.get()).toBe('online'))
    latest().close()
    expect(connectionStatus.get()).toBe('offline')
    // The server came back but no longer knows this tab's session.
    tab.probe = { state: 'refused', reason: 'This tab is not signed in to Vigil.' }
    await vi.advanceTimersByTimeAsync(100)
    latest().close()
    await vi.waitFor(() => expect(connectionStatus.get()).toBe('signed-out'))
    expect(connectionStatus.reason()).toBe('This tab is not signed in to Vigil.')
    const tries = FakeSocket.instances.length
    await vi.advanceTimersByTimeAsync(60_000)
    expect(FakeSocket.instances).toHaveLength(tries)
    // Another tab of this origin opened a new link: this one signs in with that session.
    tab.session = 's2'
    tab.signedIn?.()
    expect(FakeSocket.instances).toHaveLength(tries + 1)
    expect(latest().protocols).toEqual(['vigil.v1', 'vigil.session.s2'])
    latest().accept()
    latest().answer('app:get-snapshot', snapshot())
    await vi.waitFor(() => expect(connectionStatus.get()).toBe('online'))
    expect(connectionStatus.reason()).toBeNull()
  })

  it('keeps retrying while the server does not answer at all (stopped or restarting)', async () => {
    latest().close()
    for (let i = 0; i < 5; i++) {
      const tries = FakeSocket.instances.length
      await vi.advanceTimersByTimeAsync(400)
      expect(FakeSocket.instances.length).toBe(tries + 1)
      expect(connectionStatus.get()).toBe('connecting')
      latest().close()
      expect(connectionStatus.get()).toBe('offline')
    }
  })

  it('refuses commands while offline instead of hanging', async () => {
    const result = await invoke('orders:list', {})
    expect(result.ok).toBe(false)
    expect(result.ok ? '' : result.error.code).toBe('UNAVAILABLE')
  })

  it('gives up on an ordinary command after 30 seconds, but lets a journal check run on', async () => {
    latest().accept()
    latest().answer('app:get-snapshot', snapshot())
    await vi.waitFor(() => expect(connectionStatus.get()).toBe('online'))
    const list = invoke('orders:list', {})
    const verify = invoke('audit:verify', {})
    await vi.advanceTimersByTimeAsync(30_000)
    const listed = await list
    expect(listed.ok ? '' : listed.error.message).toMatch(/did not answer within 30 seconds/)
    await vi.advanceTimersByTimeAsync(5 * 60_000)
    const report = { ok: true, records: 3, segments: 1, firstBad: null }
    latest().answer('audit:verify', report)
    expect(await verify).toEqual({ ok: true, value: report })
  })

  it('matches each answer to its request by id', async () => {
    latest().accept()
    latest().answer('app:get-snapshot', snapshot())
    await vi.waitFor(() => expect(connectionStatus.get()).toBe('online'))
    const first = invoke('orders:list', { limit: 1 })
    const second = invoke('fills:list', { limit: 2 })
    const [a, b] = latest().sent.slice(-2)
    latest().push({ type: 'result', id: b!.id, result: { ok: true, value: ['fills'] } })
    latest().push({ type: 'result', id: a!.id, result: { ok: true, value: ['orders'] } })
    expect(await first).toEqual({ ok: true, value: ['orders'] })
    expect(await second).toEqual({ ok: true, value: ['fills'] })
  })
})

describe('desk over the Electron bridge', () => {
  it("types window.vigil with the preload's one bridge type", () => {
    expectTypeOf<NonNullable<Window['vigil']>>().toEqualTypeOf<VigilBridge>()
  })

  afterEach(() => disconnectDesk())

  it('uses window.vigil-style invoke and subscribe', async () => {
    let push: ((events: EngineEvent[]) => void) | null = null
    const bridge: VigilBridge = {
      invoke: vi.fn(async (name) =>
        name === 'app:get-snapshot'
          ? { ok: true as const, value: snapshot() }
          : { ok: true as const, value: [] },
      ),
      subscribe: (listener) => {
        push = listener
        return () => {
          push = null
        }
      },
    }
    const seen: string[] = []
    const stop = onEvents((events) => seen.push(...events.map((e) => e.type)))
    connectDesk(createBridgeTransport(bridge))
    await vi.waitFor(() => expect(connectionStatus.get()).toBe('online'))
    push!([{ type: 'market:quote', payload: quote('ETH-USD', '3201') }])
    expect(seen).toEqual(['market:quote'])
    expect(await invoke('fills:list', {})).toEqual({ ok: true, value: [] })
    expect(bridge.invoke).toHaveBeenCalledWith('fills:list', {})
    disconnectDesk()
    expect(push).toBeNull()
    stop()
  })
})
