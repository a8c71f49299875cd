/**
 * A rehearsal: a strategy trading paper accounts on generated one-minute candles, through the
 * whole engine (gate, paper exchange with fees and impact, journal, verification), as fast as
 * the machine allows. One paper account per symbol, in a scratch data folder.
 */
import type { MarketSymbol, Order } from '../../../shared/types'
import { parseCommand, type Command, type CommandResponses } from '../../../shared/contract'
import type { Clock, TimerHandle } from '../core'
import { createEngine, type Engine } from '../index'
import { simulateMinuteCandles, ReplayMarket } from '../market'

const MINUTE = 60_000

/**
 * A clock that jumps a minute at a time: timeouts due on the way fire in order, and an
 * interval fires once per jump however many of its periods the jump covered (like a timer in
 * a throttled tab), so a one-second housekeeping timer does not run sixty times a minute.
 */
class JumpClock implements Clock {
  private timers: { at: number; every: number | null; fn: () => void }[] = []

  constructor(private current: number) {}

  now(): number {
    return this.current
  }

  setTimeout(fn: () => void, ms: number): TimerHandle {
    return this.add(fn, ms, null)
  }

  setInterval(fn: () => void, ms: number): TimerHandle {
    return this.add(fn, ms, ms)
  }

  private add(fn: () => void, ms: number, every: number | null): TimerHandle {
    const timer = { at: this.current + Math.max(0, ms), every, fn }
    this.timers.push(timer)
    return { cancel: () => (this.timers = this.timers.filter((t) => t !== timer)) }
  }

  jump(ms: number): void {
    const end = this.current + ms
    const due = this.timers.filter((t) => t.at <= end).sort((a, b) => a.at - b.at)
    for (const timer of due) {
      this.current = Math.max(this.current, Math.min(timer.at, end))
      if (timer.every === null) this.timers = this.timers.filter((t) => t !== timer)
      else timer.at = Math.max(timer.at + timer.every, end + 1)
      timer.fn()
    }
    this.current = end
  }
}

/** What to rehearse. */
export interface RehearsalOptions {
  /** A scratch folder; it is filled with the rehearsal's journal. */
  readonly dataDir: string
  readonly days: number
  readonly seed: number
  readonly symbols: readonly MarketSymbol[]
  readonly strategyId: string
  /** Base quantity per order, per symbol. */
  readonly quantity: Readonly<Partial<Record<MarketSymbol, string>>>
  /** Epoch ms of the first candle. Default 2026-01-01. */
  readonly start?: number
  /** Called every simulated day. */
  onProgress?(day: number, days: number): void
}

/** How one account (one symbol) did. */
export interface RehearsalAccount {
  readonly accountId: string
  readonly symbol: MarketSymbol
  readonly orders: number
  readonly filled: number
  readonly rejected: number
  /** Why the gate refused, by reason code, most frequent first. */
  readonly rejections: Readonly<Record<string, number>>
  readonly fees: string
  readonly endingCash: string
  readonly endingPosition: string
}

/** The outcome of a rehearsal. */
export interface RehearsalReport {
  readonly minutes: number
  readonly accounts: readonly RehearsalAccount[]
  readonly journalRecords: number
}

async function run<N extends Command['name']>(
  engine: Engine,
  name: N,
  payload: unknown,
): Promise<CommandResponses[N]> {
  const command = parseCommand(name, payload)
  if (!command.ok) throw new Error(command.error.message)
  const result = await engine.handle(command.value, { source: 'api' })
  if (!result.ok) throw new Error(`${name}: ${result.error.message}`)
  return result.value as CommandResponses[N]
}

/** Runs a rehearsal to the end and reports what each account did. */
export async function rehearse(options: RehearsalOptions): Promise<RehearsalReport> {
  const start = Math.floor((options.start ?? Date.UTC(2026, 0, 1)) / MINUTE) * MINUTE
  const minutes = Math.round(options.days * 24 * 60)
  const series = simulateMinuteCandles({
    seed: options.seed,
    start,
    minutes,
    symbols: options.symbols,
  })
  const clock = new JumpClock(start)
  const market = new ReplayMarket(clock, series)
  const engine = await createEngine({
    dataDir: options.dataDir,
    clock,
    market,
    scratch: true,
    startMarket: false,
    healthIntervalMs: 0,
    // The paper exchange is the ledger's mirror here: nothing to reconcile every 5 minutes.
    reconcileIntervalMs: 0,
    paper: { latencyMs: 0 },
  })
  try {
    const accounts: { accountId: string; symbol: MarketSymbol }[] = []
    for (const symbol of options.symbols) {
      const account = await run(engine, 'accounts:add', {
        name: `Rehearsal ${symbol}`,
        kind: 'paper',
        initialBalance: '10000',
      })
      // The strategy's own pace is the point: no limit on orders a minute.
      await run(engine, 'limits:update', {
        accountId: account.id,
        limits: { pendingOrderRule: 'off' },
      })
      accounts.push({ accountId: account.id, symbol })
    }
    const final = new Map<string, Order>()
    engine.subscribe((e) => {
      if (e.type === 'orders:updated') final.set(e.payload.id, e.payload)
    })
    market.next()
    for (const { accountId, symbol } of accounts) {
      const quantity = options.quantity[symbol]
      if (!quantity) throw new Error(`No quantity per order for ${symbol}`)
      await run(engine, 'strategies:start', {
        accountId,
        strategyId: options.strategyId,
        symbol,
        quantity,
      })
    }
    for (let minute = 1; minute < market.length; minute++) {
      clock.jump(MINUTE)
      market.next()
      // Let the orders this candle close triggered go through before the next minute.
      await engine.idle()
      if (minute % 1_440 === 0) options.onProgress?.(minute / 1_440, options.days)
    }
    await engine.idle()
    const snapshot = await run(engine, 'app:get-snapshot', {})
    const orders = [...final.values()]
    return {
      minutes,
      journalRecords: snapshot.journal.seq,
      accounts: accounts.map(({ accountId, symbol }) => {
        const mine = orders.filter((o) => o.accountId === accountId)
        return {
          accountId,
          symbol,
          orders: mine.length,
          filled: mine.filter((o) => o.status === 'filled').length,
          rejected: mine.filter((o) => o.status === 'rejected').length,
          rejections: countReasons(mine),
          fees: mine.reduce((sum, o) => sum + Number(o.fee), 0).toFixed(2),
          endingCash: snapshot.balances.find((b) => b.accountId === accountId)?.total ?? '0',
          endingPosition:
            snapshot.positions.find((p) => p.accountId === accountId && p.symbol === symbol)
              ?.quantity ?? '0',
        }
      }),
    }
  } finally {
    await engine.close('the rehearsal is over')
  }
}

function countReasons(orders: readonly Order[]): Record<string, number> {
  const counts = new Map<string, number>()
  for (const o of orders) {
    if (o.status !== 'rejected') continue
    for (const c of o.checks) if (!c.passed) counts.set(c.code, (counts.get(c.code) ?? 0) + 1)
  }
  return Object.fromEntries([...counts].sort((a, b) => b[1] - a[1]))
}
