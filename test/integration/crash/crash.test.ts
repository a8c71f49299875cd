/**
 * Crash tests: `vigil serve` runs as a child process, takes a stream of orders through the REST
 * API (several in flight at once, to the paper account and to an exchange account on the local
 * Coinbase mock), and is killed with SIGKILL at random moments, then started again. After every
 * restart:
 *
 * - the journal's hash chain verifies;
 * - the server's ledger (balances, positions, orders) equals a fold of the journal files made
 *   here, at the same journal seq;
 * - every order the API acknowledged (201) is in the journal, and one it acknowledged as done
 *   (filled) is still done;
 * - no client order id reached the exchange twice, and the exchange has no order the journal
 *   does not know;
 * - no order id or fill id of the paper exchange is in the journal twice;
 * - the recovery time is recorded.
 *
 * A request cut by a kill is retried after the restart with the same client order id, as a bot
 * would. The kill moments and the orders come from a seeded generator: the seed is printed, and
 * VIGIL_CRASH_SEED=N reproduces its schedule (VIGIL_CRASH_KILLS=N for a longer soak). The figures
 * go to test-results/crash.json. Runs the built CLI (out/main/cli.js): `npm test` builds it first.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { performance } from 'node:perf_hooks'
import { afterAll, describe, expect, it } from 'vitest'
import type WebSocket from 'ws'
import type { AccountStatus, Order, Snapshot, VerifyReport } from '../../../shared/types'
import type { ResultMessage, ServerMessage } from '../../../shared/wire'
import type { Result } from '../../../shared/result'
import { connectExchange } from '../../../electron/engine/brokers'
import { createRandom, type Random } from '../../../electron/engine/core'
import {
  dataEnd,
  expandRecord,
  listSegments,
  verifyJournal,
  type JournalRecord,
  type StoredRecord,
} from '../../../electron/engine/journal'
import { Ledger } from '../../../electron/engine/ledger'
import { ServerCredentialStore } from '../../../electron/server/credentials'
import { systemClock } from '../../../electron/host'
import { call, cleanup, tempDir, testEngine, value } from '../../kit/engine'
import { COINBASE_CREDENTIALS, CoinbaseMock } from '../../kit/mock-exchanges'
import { startServerProcess, type ServerProcess } from '../../kit/server-process'
import { messages, openSocket } from '../server/server-harness'

const SEED = Number(process.env.VIGIL_CRASH_SEED ?? Math.floor(Math.random() * 2 ** 31))
const KILLS = Number(process.env.VIGIL_CRASH_KILLS ?? 50)
/** Requests in flight at once. */
const CONCURRENCY = 4
/**
 * A kill comes after at most this many more answers (drawn from the seed), while the other
 * requests are in flight: counted in answers, not in time, so the seed gives the same
 * schedule on a fast machine and a busy one.
 */
const MAX_KILL_ANSWERS = 100
/** Every this many restarts the exchange account is connected. */
const EXCHANGE_EVERY = 10
const RESULTS = path.resolve('test-results/crash.json')
const CREATE_PATH = '/api/v3/brokerage/orders'
const PAPER = 'paper-1'
/** Orders the snapshot lists, newest first. */
const SNAPSHOT_ORDERS = 500

const LIMITS = {
  minOrderNotional: '1',
  maxOrderNotional: '100000',
  maxPositionNotional: '1000000',
  maxOpenPositions: 100,
  pendingOrderRule: 'off',
  maxDailyLoss: '1000000',
  maxDrawdownPct: 100,
  maxTotalExposure: '1000000',
  maxOrdersPerMinute: 1_000_000,
  priceBandPct: 100,
  maxQuoteAgeMs: 60_000,
  slippageToleranceBps: 10_000,
  verificationTimeoutMs: 10_000,
} as const

interface OrderJob {
  readonly clientOrderId: string
  readonly body: {
    readonly accountId: string
    readonly clientOrderId: string
    readonly symbol: 'BTC-USD' | 'ETH-USD'
    readonly side: 'buy' | 'sell'
    readonly type: 'market'
    readonly quantity: string
  }
}

/** An order the API answered with 201. */
interface Acknowledged {
  readonly accountId: string
  readonly clientOrderId: string
  readonly orderId: string
  readonly status: Order['status']
}

let mock: CoinbaseMock | null = null
let server: ServerProcess | null = null
const dirs: string[] = []
afterAll(async () => {
  if (server && server.child.exitCode === null && server.child.signalCode === null)
    await server.stop('SIGKILL')
  await mock?.close()
  dirs.splice(0).forEach(cleanup)
})

/** What the test asks the console, as the browser would. */
type Desk = Awaited<ReturnType<typeof openConsole>>

/** The console's WebSocket on a running server, signed in with the token. */
async function openConsole(s: ServerProcess) {
  const { port } = new URL(s.origin)
  const opened = await openSocket(
    { port: Number(port), host: `127.0.0.1:${port}` },
    { Authorization: `Bearer ${s.token}` },
  )
  if (!opened.ok) throw new Error(`The console's WebSocket was refused with ${opened.status}`)
  const socket: WebSocket = opened.socket
  // A kill closes the socket under us; that is expected.
  socket.on('error', () => undefined)
  const inbox = messages(socket)
  const closed = new Promise<never>((_resolve, reject) =>
    socket.once('close', () => reject(new Error('The console was disconnected'))),
  )
  closed.catch(() => undefined)
  let nextId = 1
  return {
    socket,
    async invoke<T>(name: string, payload: unknown): Promise<Result<T>> {
      const id = nextId++
      socket.send(JSON.stringify({ type: 'invoke', id, name, payload }))
      const reply = await Promise.race([
        inbox.next((m: ServerMessage) => m.type === 'result' && (m as ResultMessage).id === id),
        closed,
      ])
      return (reply as ResultMessage).result as Result<T>
    },
  }
}

/** The journal on disk folded into a fresh ledger, up to `seq`; also every record read. */
function foldJournal(dir: string, seq: number): { ledger: Ledger; records: JournalRecord[] } {
  const ledger = new Ledger({ keep: Number.POSITIVE_INFINITY })
  const records: JournalRecord[] = []
  for (const name of listSegments(dir)) {
    const bytes = readFileSync(path.join(dir, name))
    // Its data: a running journal has zeros written ahead of it.
    for (const line of bytes.toString('utf8', 0, dataEnd(bytes)).split('\n')) {
      if (!line) continue
      const stored = JSON.parse(line) as StoredRecord
      if (stored.seq > seq) return { ledger, records }
      for (const record of expandRecord(stored)) {
        ledger.apply(record)
        records.push(record)
      }
    }
  }
  return { ledger, records }
}

/**
 * Acknowledged orders the journal lost: no intent, or the order is not the one acknowledged,
 * or one acknowledged as filled or canceled is not that any more.
 */
function lostOrders(
  acknowledged: Iterable<Acknowledged>,
  ledger: Ledger,
  records: readonly JournalRecord[],
): Acknowledged[] {
  const intents = new Set(
    records.flatMap((r) =>
      r.type === 'order.intent' ? [`${r.payload.accountId}/${r.payload.clientOrderId}`] : [],
    ),
  )
  return [...acknowledged].filter((a) => {
    const order = ledger.findOrder(a.accountId, a.orderId)
    const finished = a.status === 'filled' || a.status === 'canceled'
    return (
      !intents.has(`${a.accountId}/${a.clientOrderId}`) ||
      order?.clientOrderId !== a.clientOrderId ||
      (finished && order.status !== a.status)
    )
  })
}

/** Creates per client order id at the mock exchange. */
function createsAtExchange(exchange: CoinbaseMock): Map<string, number> {
  const counts = new Map<string, number>()
  for (const r of exchange.requestsTo('POST', CREATE_PATH)) {
    const id = (JSON.parse(r.body || '{}') as { client_order_id?: string }).client_order_id ?? ''
    counts.set(id, (counts.get(id) ?? 0) + 1)
  }
  return counts
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b)
  const mid = Math.floor(sorted.length / 2)
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2
}

/** Sets up the data folder: an exchange account on the mock with its keys, generous limits. */
async function prepare(dataDir: string, exchange: CoinbaseMock): Promise<string> {
  const { engine } = await testEngine(dataDir, {
    clock: systemClock,
    credentials: new ServerCredentialStore({
      env: {},
      file: path.join(dataDir, 'credentials.json'),
    }),
    exchangeBroker: (account, credentials) =>
      connectExchange(account, credentials, systemClock, exchange.url),
  })
  try {
    const account = value(
      await call(engine, 'accounts:add', {
        name: 'Coinbase',
        kind: 'exchange',
        exchangeId: 'coinbase',
      }),
    )
    value(
      await call(engine, 'accounts:set-credentials', {
        accountId: account.id,
        apiKey: COINBASE_CREDENTIALS.apiKey,
        secret: COINBASE_CREDENTIALS.secret,
        canTrade: true,
      }),
    )
    // The first connection adopts the exchange's balances as the account's opening balances.
    const connected = value(await call(engine, 'accounts:connect', { accountId: account.id }))
    expect(connected.connection).toBe('connected')
    for (const accountId of [PAPER, account.id])
      value(await call(engine, 'limits:update', { accountId, limits: LIMITS }))
    return account.id
  } finally {
    await engine.close()
  }
}

/**
 * The next order of the stream, drawn from the seeded generator: to the exchange account (in
 * BTC, the one asset the mock holds) while it is connected, otherwise to the paper account.
 */
function orderMaker(random: Random, exchangeAccount: string, exchangeUp: () => boolean) {
  let n = 0
  return (): OrderJob => {
    n += 1
    const toExchange = random.next() < 0.6 && exchangeUp()
    const eth = !toExchange && random.next() < 0.3
    const side = random.next() < 0.55 ? 'buy' : 'sell'
    const lots = 1 + Math.floor(random.next() * 20)
    const clientOrderId = `crash-${SEED}-${n}`
    return {
      clientOrderId,
      body: {
        accountId: toExchange ? exchangeAccount : PAPER,
        clientOrderId,
        symbol: eth ? 'ETH-USD' : 'BTC-USD',
        side,
        type: 'market',
        quantity: eth ? (lots * 0.0025).toFixed(4) : (lots * 0.0001).toFixed(4),
      },
    }
  }
}

describe('vigil serve killed with SIGKILL while orders stream in', () => {
  it(`recovers every time: journal verifies, ledger = fold of the journal, no acknowledged order lost, no order twice at the exchange (seed ${SEED})`, async () => {
    console.log(`Crash test seed ${SEED} (VIGIL_CRASH_SEED=${SEED} reproduces the schedule)`)
    const exchange = await CoinbaseMock.start()
    mock = exchange
    const root = tempDir('vigil-crash-')
    dirs.push(root)
    const dataDir = path.join(root, 'data')
    const journalDir = path.join(dataDir, 'journal')
    const exchangeAccount = await prepare(dataDir, exchange)
    const env = { VIGIL_COINBASE_API_URL: exchange.url }

    const killRandom = createRandom(SEED)
    let exchangeUp = false
    const nextOrder = orderMaker(createRandom(SEED ^ 0x5eed), exchangeAccount, () => exchangeUp)
    const acknowledged = new Map<string, Acknowledged>()
    /** Requests a kill cut off: sent again, unchanged, after the restart. */
    const retries: OrderJob[] = []
    const recoveredMs: number[] = []
    const readyMs: number[] = []
    let answered = 0
    /** The answer count at which the next kill comes, and what to call then. */
    let killAt: { readonly answers: number; readonly now: () => void } | null = null
    /** Client order ids of requests a kill cut off. */
    const cutOff = new Set<string>()
    let exchangeAnswered: () => void = () => undefined

    /** Sends orders one after another until the server stops answering. */
    const stream = async (s: ServerProcess): Promise<void> => {
      for (;;) {
        // A retry for the exchange account waits until it is connected again, so that it
        // meets the order the kill interrupted there.
        const retry = retries.findIndex((j) => exchangeUp || j.body.accountId !== exchangeAccount)
        const job = retry < 0 ? nextOrder() : retries.splice(retry, 1)[0]!
        let status: number
        let body: Order
        try {
          const res = await fetch(`${s.origin}/api/v1/orders`, {
            method: 'POST',
            headers: { Authorization: `Bearer ${s.token}`, 'Content-Type': 'application/json' },
            body: JSON.stringify(job.body),
          })
          status = res.status
          body = (await res.json()) as Order
        } catch {
          retries.push(job)
          cutOff.add(job.clientOrderId)
          return
        }
        answered += 1
        if (killAt !== null && answered >= killAt.answers) killAt.now()
        if (job.body.accountId === exchangeAccount) exchangeAnswered()
        if (status === 201)
          acknowledged.set(job.clientOrderId, {
            accountId: job.body.accountId,
            clientOrderId: job.clientOrderId,
            orderId: body.id,
            status: body.status,
          })
      }
    }

    /** The invariants, checked on a freshly restarted server before any new order. */
    const check = async (desk: Desk, restart: number): Promise<void> => {
      const where = `after restart ${restart} (seed ${SEED})`
      const snap = value(await desk.invoke<Snapshot>('app:get-snapshot', {}))
      // The server flushes its journal and walks it itself; then this process walks it too.
      const served = value(await desk.invoke<VerifyReport>('audit:verify', {}))
      expect(served.firstBad, `the server's own verification ${where}`).toBeNull()
      const report = await verifyJournal(journalDir, { stopAtSeq: snap.journal.seq })
      expect(report.firstBad, `journal verification ${where}`).toBeNull()
      expect(report.head, `journal head ${where}`).toEqual(snap.journal)

      // The server's ledger (snapshot plus replay) against a fold of the whole journal.
      const { ledger, records } = foldJournal(journalDir, snap.journal.seq)
      expect(snap.balances, `balances ${where}`).toEqual(ledger.balances())
      expect(snap.positions, `positions ${where}`).toEqual(ledger.positions())
      expect(snap.orders, `orders ${where}`).toEqual(ledger.orders(undefined, snap.orders.length))
      expect(snap.orders.length, `orders listed ${where}`).toBe(
        Math.min(SNAPSHOT_ORDERS, ledger.orders().length),
      )

      expect(
        lostOrders(acknowledged.values(), ledger, records),
        `acknowledged orders lost ${where}`,
      ).toEqual([])
      // The paper exchange's ids are never given twice, whatever the kills interrupted.
      for (const [type, field] of [
        ['order.accepted', 'brokerOrderId'],
        ['order.fill', 'fillId'],
      ] as const) {
        const ids = records.flatMap((r) =>
          r.type === type && r.payload.accountId === PAPER
            ? [(r.payload as Record<string, unknown>)[field]]
            : [],
        )
        expect(ids.length - new Set(ids).size, `paper ${field}s given twice ${where}`).toBe(0)
      }
      const creates = createsAtExchange(exchange)
      const twice = [...creates].filter(([, count]) => count > 1)
      expect(twice, `client order ids sent to the exchange twice ${where}`).toEqual([])
      const unknown = [...creates.keys()].filter((id) => !ledger.findOrder(exchangeAccount, id))
      expect(unknown, `orders at the exchange the journal does not know ${where}`).toEqual([])
    }

    let last: ServerProcess | null = null
    for (let restart = 0; restart <= KILLS; restart++) {
      const started = performance.now()
      const s = await startServerProcess(dataDir, [], env)
      server = last = s
      readyMs.push(performance.now() - started)
      const recovered = /Recovered in (\d+) ms/.exec(s.output())
      expect(recovered, s.output()).not.toBeNull()
      recoveredMs.push(Number(recovered?.[1]))

      const desk = await openConsole(s)
      await check(desk, restart)
      if (restart === KILLS) {
        desk.socket.close()
        break
      }

      // Orders stream from the start. Every few restarts the exchange account is connected
      // too (loading ccxt takes seconds); the kill then waits for its first answer, so that it
      // lands while exchange orders are in flight.
      exchangeUp = false
      const streams = Array.from({ length: CONCURRENCY }, () => stream(s))
      if (restart % EXCHANGE_EVERY === 0) {
        const status = value(
          await desk.invoke<AccountStatus>('accounts:connect', { accountId: exchangeAccount }),
        )
        expect(
          status.connection,
          `connecting the exchange account at restart ${restart} (seed ${SEED}): ${status.message}`,
        ).toBe('connected')
        const flowing = new Promise<void>((resolve) => (exchangeAnswered = resolve))
        exchangeUp = true
        await flowing
      }
      const answers = answered + Math.floor(killRandom.next() * MAX_KILL_ANSWERS)
      // If every stream ended first (the server died on its own), the stop below says so.
      await Promise.race([
        new Promise<void>((resolve) => {
          if (answered >= answers) resolve()
          else killAt = { answers, now: resolve }
        }),
        Promise.all(streams),
      ])
      killAt = null
      await s.stop('SIGKILL')
      await Promise.all(streams)
      desk.socket.terminate()
    }
    expect(await last?.stop('SIGTERM'), 'a clean stop at the end').toBe(0)
    const final = await verifyJournal(journalDir)
    expect(final.firstBad, 'the journal after the clean stop').toBeNull()
    const { ledger, records } = foldJournal(journalDir, final.head.seq)

    const creates = createsAtExchange(exchange)
    const acks = [...acknowledged.values()]
    const figures = {
      seed: SEED,
      kills: KILLS,
      killsSurvived: recoveredMs.length - 1,
      ordersAnswered: answered,
      requestsCutByKills: cutOff.size,
      acknowledged: acks.length,
      acknowledgedAtExchange: acks.filter((a) => a.accountId === exchangeAccount).length,
      // A retry of an order a kill interrupted is answered with what became of it.
      acknowledgedByStatus: Object.fromEntries(
        [...new Set(acks.map((a) => a.status))].map((st) => [
          st,
          acks.filter((a) => a.status === st).length,
        ]),
      ),
      acknowledgedLost: lostOrders(acks, ledger, records).length,
      ordersAtExchange: creates.size,
      // Orders the exchange got whose answer a kill cut off: the window that matters most.
      exchangeOrdersCutByKill: [...creates.keys()].filter((id) => cutOff.has(id)).length,
      duplicatesAtExchange: [...creates.values()].filter((c) => c > 1).length,
      journalRecords: final.records,
      recoveryMs: { median: median(recoveredMs), worst: Math.max(...recoveredMs) },
      startToReadyMs: {
        median: Math.round(median(readyMs)),
        worst: Math.round(Math.max(...readyMs)),
      },
    }
    mkdirSync(path.dirname(RESULTS), { recursive: true })
    writeFileSync(RESULTS, JSON.stringify(figures, null, 2) + '\n')
    console.log(`Crash test figures (${RESULTS}):\n${JSON.stringify(figures, null, 2)}`)
    expect(figures.killsSurvived).toBe(KILLS)
    expect(figures.acknowledgedLost).toBe(0)
    expect(figures.duplicatesAtExchange).toBe(0)
    expect(figures.acknowledgedAtExchange).toBeGreaterThan(0)
  }, 300_000)
})
