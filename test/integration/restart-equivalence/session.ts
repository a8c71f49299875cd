/**
 * Seeded random trading sessions for the restart-equivalence test. A seed makes one script of
 * a trader's actions (market and limit orders, partial fills, cancels, gate rejections, a second
 * account added while running, a strategy, alert rules that fire, nights that cross local
 * midnight). The script is played once straight through and once with clean restarts and
 * crashes at seeded points; what a trader can see at the end is collected from each run, with
 * ids renamed by order of appearance (an id is a name, not a figure), and compared.
 */
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { createRandom } from '../../../electron/engine/core'
import type { Engine } from '../../../electron/engine'
import { INSTRUMENTS } from '../../../electron/engine/market'
import type { MarketSymbol } from '../../../shared/types'
import { call, cleanup, testEngine, value } from '../../kit/engine'
import { FakeClock } from '../../kit/fake-clock'
import { ScriptedMarket } from '../../kit/scripted-market'

/** The trader's local zone: midnight there falls at 05:00 UTC. */
export const TIME_ZONE = 'America/New_York'
/** 23:30 in New York: the first midnight is half an hour away. */
const START = Date.UTC(2026, 10, 24, 4, 30, 0)
const MINUTE = 60_000
const A = 'paper-1'
const B = 'paper-2'
/** The strategy trades ETH on A, so the manual orders there stay on the other symbols. */
const STRATEGY = { accountId: A, strategyId: 'sma-cross', symbol: 'ETH-USD', quantity: '0.05' }

/** One thing the trader (or time) does. */
export type Action =
  | { readonly kind: 'wait'; readonly ms: number }
  | { readonly kind: 'sleep'; readonly ms: number }
  | {
      readonly kind: 'market'
      readonly accountId: string
      readonly symbol: MarketSymbol
      readonly side: 'buy' | 'sell'
      readonly dollars: number
    }
  | {
      readonly kind: 'limit'
      readonly accountId: string
      readonly symbol: MarketSymbol
      readonly side: 'buy' | 'sell'
      readonly dollars: number
      /** How far from the touch the limit sits, in basis points (on the passive side). */
      readonly awayBps: number
      readonly clientOrderId: string
    }
  | { readonly kind: 'cancel'; readonly accountId: string; readonly clientOrderId: string }
  | { readonly kind: 'reject'; readonly accountId: string; readonly symbol: MarketSymbol }
  | { readonly kind: 'add-account' }

/** Where the restarted run stops its engine: after the action at `at`. */
export interface Interruption {
  readonly at: number
  readonly how: 'restart' | 'crash'
}

/** A seed's script and the interruptions of its second run. */
export interface Session {
  readonly seed: number
  readonly actions: readonly Action[]
  readonly interruptions: readonly Interruption[]
}

/** Makes the script of a seed: three nights of trading, each across local midnight. */
export function makeSession(seed: number): Session {
  const rnd = createRandom(seed)
  const pick = <T>(items: readonly T[]): T => items[Math.floor(rnd.next() * items.length)] as T
  const actions: Action[] = []
  const limits: { accountId: string; clientOrderId: string }[] = []
  let hasB = false
  const nights = 3
  const perNight = 10 + Math.floor(rnd.next() * 6)
  const addAt = 3 + Math.floor(rnd.next() * perNight)
  let serial = 0
  for (let night = 0; night < nights; night++) {
    // About an hour of trading around midnight, then asleep until 23:30 the next evening.
    let elapsed = 0
    for (let i = 0; i < perNight; i++) {
      if (night === 0 && i === addAt && !hasB) {
        actions.push({ kind: 'add-account' })
        hasB = true
      }
      const accountId = hasB && rnd.next() < 0.4 ? B : A
      const symbol = pick<MarketSymbol>(['BTC-USD', 'SOL-USD'])
      const roll = rnd.next()
      if (roll < 0.45) {
        actions.push({
          kind: 'market',
          accountId,
          symbol,
          side: rnd.next() < 0.55 ? 'buy' : 'sell',
          // Up to $2,600: a large one walks the whole book and fills only in part.
          dollars: rnd.next() < 0.15 ? 1_800 + 800 * rnd.next() : 60 + 700 * rnd.next(),
        })
      } else if (roll < 0.7) {
        const clientOrderId = `limit-${seed}-${++serial}`
        limits.push({ accountId, clientOrderId })
        actions.push({
          kind: 'limit',
          accountId,
          symbol,
          side: rnd.next() < 0.5 ? 'buy' : 'sell',
          dollars: 60 + 400 * rnd.next(),
          awayBps: Math.floor(rnd.next() * 60),
          clientOrderId,
        })
      } else if (roll < 0.85 && limits.length > 0) {
        const target = pick(limits)
        actions.push({ kind: 'cancel', ...target })
      } else {
        actions.push({ kind: 'reject', accountId, symbol })
      }
      const ms = (1 + Math.floor(rnd.next() * 7)) * MINUTE
      actions.push({ kind: 'wait', ms })
      elapsed += ms
    }
    // Past midnight in every case, then to 23:30 of the next evening.
    const awake = Math.max(elapsed, 40 * MINUTE)
    if (awake > elapsed) actions.push({ kind: 'wait', ms: awake - elapsed })
    if (night < nights - 1) actions.push({ kind: 'sleep', ms: 24 * 60 * MINUTE - awake })
  }
  // Stops fall between minutes: after a wait, once that minute's timers have run and before the
  // trader acts in it. The engine samples equity and evaluates the alert rules as it starts (so
  // they never wait a minute); a stop in the middle of a minute, after an order, would make
  // that extra sample see a later state than the minute's sample of the straight run did.
  const between = actions.flatMap((a, i) =>
    (a.kind === 'wait' || a.kind === 'sleep') && i < actions.length - 1 ? [i] : [],
  )
  const interruptions: Interruption[] = []
  const count = 2 + Math.floor(rnd.next() * 3)
  const points = new Set<number>()
  while (points.size < count) points.add(between[Math.floor(rnd.next() * between.length)] as number)
  for (const at of [...points].sort((a, b) => a - b))
    interruptions.push({ at, how: rnd.next() < 0.5 ? 'restart' : 'crash' })
  return { seed, actions, interruptions }
}

/** A data folder in memory where the machine has one: a session waits on hundreds of fsyncs. */
function tempDir(): string {
  const base = existsSync('/dev/shm') ? '/dev/shm' : os.tmpdir()
  return mkdtempSync(path.join(base, 'vigil-equiv-'))
}

/** A running engine with its own clock and market (a restart makes new ones, as a process would). */
interface Running {
  engine: Engine
  clock: FakeClock
  market: ScriptedMarket
  dir: string
}

async function open(dir: string, seed: number, now: number): Promise<Running> {
  const clock = new FakeClock(now)
  const market = new ScriptedMarket(clock, seed)
  const { engine } = await testEngine(dir, {
    clock,
    market,
    startMarket: true,
    timeZone: TIME_ZONE,
  })
  // A strategy runs while the engine runs: the trader starts it again after each start.
  value(await call(engine, 'strategies:start', STRATEGY))
  await engine.idle()
  return { engine, clock, market, dir }
}

/** The quantity worth about `dollars` of a symbol now, on its lot size. */
function quantityFor(market: ScriptedMarket, symbol: MarketSymbol, dollars: number): string {
  const inst = INSTRUMENTS.find((i) => i.symbol === symbol) as (typeof INSTRUMENTS)[number]
  const lots = Math.max(
    1,
    Math.round(dollars / Number(market.quote(symbol).ask) / Number(inst.lotSize)),
  )
  const decimals = (inst.lotSize.split('.')[1] ?? '').length
  return (lots * Number(inst.lotSize)).toFixed(decimals)
}

/** The limit price `bps` away from the touch on the passive side, on the tick. */
function limitPrice(
  market: ScriptedMarket,
  symbol: MarketSymbol,
  side: 'buy' | 'sell',
  bps: number,
): string {
  const q = market.quote(symbol)
  const price =
    side === 'buy' ? Number(q.bid) * (1 - bps / 10_000) : Number(q.ask) * (1 + bps / 10_000)
  return price.toFixed(2)
}

async function perform(run: Running, action: Action): Promise<void> {
  const { engine, clock, market } = run
  switch (action.kind) {
    case 'wait':
      // Minute by minute, letting the engine finish each minute's work (its journal writes
      // above all) as the minutes of a real clock would: a crash loses what the last instant
      // queued, not what a timer queued minutes before.
      for (let left = action.ms; left > 0; left -= MINUTE) {
        clock.advance(Math.min(MINUTE, left))
        await engine.idle()
      }
      break
    case 'sleep':
      clock.sleep(action.ms)
      await engine.idle()
      break
    case 'market':
      await call(engine, 'orders:submit', {
        accountId: action.accountId,
        symbol: action.symbol,
        side: action.side,
        type: 'market',
        quantity: quantityFor(market, action.symbol, action.dollars),
      })
      break
    case 'limit':
      await call(engine, 'orders:submit', {
        accountId: action.accountId,
        clientOrderId: action.clientOrderId,
        symbol: action.symbol,
        side: action.side,
        type: 'limit',
        quantity: quantityFor(market, action.symbol, action.dollars),
        limitPrice: limitPrice(market, action.symbol, action.side, action.awayBps),
      })
      break
    case 'cancel':
      await call(engine, 'orders:cancel', {
        accountId: action.accountId,
        id: action.clientOrderId,
      })
      break
    case 'reject':
      // Above the $5,000 order limit: the gate rejects it, and the rejection is journaled.
      await call(engine, 'orders:submit', {
        accountId: action.accountId,
        symbol: action.symbol,
        side: 'buy',
        type: 'market',
        quantity: quantityFor(market, action.symbol, 6_000),
      })
      break
    case 'add-account':
      value(
        await call(engine, 'accounts:add', {
          kind: 'paper',
          name: 'Second paper account',
          initialBalance: '5000',
        }),
      )
      break
  }
}

/** Rules set so that they fire in a session of this size. */
async function setRules(engine: Engine): Promise<void> {
  value(await call(engine, 'alerts:update-rule', { id: 'low_balance', threshold: 9_000 }))
  value(await call(engine, 'alerts:update-rule', { id: 'consecutive_losses', threshold: 3 }))
  value(await call(engine, 'alerts:update-rule', { id: 'win_rate', minTrades: 8 }))
}

/**
 * Plays a session; with `interrupt`, stops the engine at the interruption points: a clean
 * restart closes it and opens the folder again; a crash takes the folder exactly as the disk
 * holds it at that instant (no snapshot written at exit, nothing still queued for the journal,
 * the dead process's lock left behind and then found stale) and goes on from that copy, as a
 * SIGKILL would leave it. Returns what the trader sees at the end.
 */
export async function play(session: Session, interrupt: boolean): Promise<Collected> {
  let run = await open(tempDir(), session.seed, START)
  await setRules(run.engine)
  const dirs = [run.dir]
  const at = new Map(interrupt ? session.interruptions.map((i) => [i.at, i.how]) : [])
  try {
    for (const [i, action] of session.actions.entries()) {
      await perform(run, action)
      const how = at.get(i)
      if (how === undefined) {
        await run.engine.idle()
        continue
      }
      const now = run.clock.now()
      if (how === 'restart') {
        await run.engine.close()
        run = await open(run.dir, session.seed, now)
      } else {
        // The copy is made synchronously: no callback of the old engine runs in between.
        const copy = tempDir()
        cpSync(run.dir, copy, {
          recursive: true,
          filter: (src) => path.basename(src) !== 'vigil.lock',
        })
        dirs.push(copy)
        const dead = run
        // The dead engine's clock never moves again; it is closed only to free its files.
        await dead.engine.close()
        run = await open(copy, session.seed, now)
      }
    }
    await run.engine.idle()
    return await collect(run)
  } finally {
    await run.engine.close()
    for (const dir of dirs) cleanup(dir)
  }
}

/** What a trader can see at the end of a session. */
export interface Collected {
  readonly figures: unknown
  /** Ids that were issued twice in the run (orders, fills, alerts). */
  readonly repeatedIds: readonly string[]
}

async function collect(run: Running): Promise<Collected> {
  const { engine } = run
  const snapshot = value(await call(engine, 'app:get-snapshot', {}))
  const listedOrders = [...value(await call(engine, 'orders:list', { limit: 10_000 }))].reverse()
  const listedFills = [...value(await call(engine, 'fills:list', { limit: 10_000 }))].reverse()
  // A restart journals records of its own (snapshot.written, ...), so journal seqs move on; what
  // the trader sees is the order of events, so seqs are compared by rank among orders and fills.
  const ranks = new Map(
    [...new Set([...listedOrders, ...listedFills].map((x) => x.seq))]
      .sort((a, b) => a - b)
      .map((seq, rank) => [seq, rank]),
  )
  const orders = listedOrders.map((o) => ({ ...o, seq: ranks.get(o.seq) }))
  const fills = listedFills.map((f) => ({ ...f, seq: ranks.get(f.seq) }))
  const accounts = snapshot.accounts.map((a) => a.id)
  const performance: Record<string, unknown> = {}
  for (const id of [...accounts, undefined]) {
    const view = value(
      await call(engine, 'performance:get', id === undefined ? {} : { accountId: id }),
    )
    performance[id ?? 'all'] = view
  }
  const alerts = value(await call(engine, 'alerts:status', {}))
  const reconciliation = value(await call(engine, 'reconcile:status', {}))
  // Every day's report, made now from the journal, and the ones made at 00:05 on their own.
  const reports: Record<string, unknown> = {}
  for (const date of ['2026-11-23', '2026-11-24', '2026-11-25']) {
    const made = await call(engine, 'reports:generate', { date })
    reports[date] = made.ok ? readReportJson(run.dir, date) : made.error
  }
  const figures = {
    accounts: snapshot.accounts,
    balances: snapshot.balances,
    positions: snapshot.positions,
    tradingStates: snapshot.tradingStates,
    globalTradingState: snapshot.globalTradingState,
    orders,
    fills,
    performance,
    alerts: alerts.alerts,
    reconciliation: { open: reconciliation.open, resolved: reconciliation.resolved },
    reports,
  }
  const ids = [
    ...orders.map((o) => o.id),
    ...fills.map((f) => f.id),
    ...alerts.alerts.map((a) => a.id),
  ]
  const repeatedIds = [...new Set(ids.filter((id, i) => ids.indexOf(id) !== i))]
  // Names in order of appearance: orders, their fills, alerts, findings.
  const names = new Map<string, string>()
  const name = (id: string, kind: string): void => {
    if (!names.has(id)) names.set(id, `<${kind} ${names.size + 1}>`)
  }
  for (const o of orders) {
    name(o.id, 'order')
    name(o.clientOrderId, 'client order')
  }
  for (const f of fills) name(f.id, 'fill')
  for (const a of alerts.alerts) name(a.id, 'alert')
  for (const f of [...reconciliation.open, ...reconciliation.resolved]) name(f.id, 'finding')
  return { figures: renamed(figures, names), repeatedIds }
}

function readReportJson(dir: string, date: string): unknown {
  const folder = path.join(dir, 'reports')
  if (!existsSync(folder)) return null
  const file = readdirSync(folder).find((f) => f.startsWith(date) && f.endsWith('.json'))
  return file ? JSON.parse(readFileSync(path.join(folder, file), 'utf8')) : null
}

/** Replaces every id by its name, also inside messages ("order ord-12 was ..."). */
function renamed(data: unknown, names: ReadonlyMap<string, string>): unknown {
  if (names.size === 0) return data
  const escaped = [...names.keys()]
    .sort((a, b) => b.length - a.length)
    .map((id) => id.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
  const pattern = new RegExp(`(?<![\\w-])(?:${escaped.join('|')})(?![\\w-])`, 'g')
  const walk = (v: unknown): unknown => {
    if (typeof v === 'string') return v.replace(pattern, (id) => names.get(id) as string)
    if (Array.isArray(v)) return v.map(walk)
    if (v && typeof v === 'object')
      return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, walk(x)]))
    return v
  }
  return walk(data)
}

/** Where two collections differ, as paths with both values (at most `limit`). */
export function differences(a: unknown, b: unknown, limit = 20): string[] {
  const out: string[] = []
  const walk = (x: unknown, y: unknown, at: string): void => {
    if (out.length >= limit) return
    if (Object.is(x, y)) return
    if (Array.isArray(x) && Array.isArray(y)) {
      if (x.length !== y.length)
        out.push(`${at}: ${x.length} items straight, ${y.length} restarted`)
      for (let i = 0; i < Math.min(x.length, y.length); i++) walk(x[i], y[i], `${at}[${i}]`)
      return
    }
    if (x && y && typeof x === 'object' && typeof y === 'object') {
      const keys = new Set([...Object.keys(x), ...Object.keys(y)])
      for (const k of keys)
        walk((x as Record<string, unknown>)[k], (y as Record<string, unknown>)[k], `${at}.${k}`)
      return
    }
    out.push(`${at}: ${JSON.stringify(x)} straight, ${JSON.stringify(y)} restarted`)
  }
  walk(a, b, '')
  return out
}
