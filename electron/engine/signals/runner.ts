/**
 * Runs strategies on accounts: one per account, on one symbol. When a one-minute candle
 * closes it asks the strategy, and sends what it wants through the same order path as the
 * trader's ticket (intent journaled, gate, broker, verification), one order at a time.
 * Runners are not restarted after Vigil restarts: a strategy trades only while the trader has
 * it switched on in this session.
 */
import type { CommandPayload } from '../../../shared/contract'
import type { Result } from '../../../shared/result'
import type { MarketSymbol, Order, StrategyStatus } from '../../../shared/types'
import type { MarketFeed } from '../market'
import type { Strategy } from './strategy'

/** What the runners need from the engine. */
export interface RunnerDeps {
  feed(accountId: string): MarketFeed
  /** Base quantity held (decimal string). */
  position(accountId: string, symbol: MarketSymbol): string
  submit(accountId: string, payload: CommandPayload<'orders:submit'>): Promise<Result<Order>>
  /** Called whenever a runner's status changes. */
  onStatus(status: StrategyStatus): void
}

interface Runner {
  readonly strategy: Strategy
  readonly symbol: MarketSymbol
  readonly quantity: string
  readonly unsubscribe: () => void
  lastCandle: number
  busy: boolean
  status: StrategyStatus
}

/** The strategies running on accounts. */
export class StrategyRunners {
  private readonly runners = new Map<string, Runner>()
  private readonly idle = new Set<Promise<unknown>>()

  constructor(private readonly deps: RunnerDeps) {}

  /** Starts a strategy on an account (replacing the one running there). */
  start(
    accountId: string,
    strategy: Strategy,
    symbol: MarketSymbol,
    quantity: string,
  ): StrategyStatus {
    this.stop(accountId)
    const feed = this.deps.feed(accountId)
    const candles = feed.candles(symbol, 1)
    const runner: Runner = {
      strategy,
      symbol,
      quantity,
      lastCandle: candles.at(-1)?.time ?? 0,
      busy: false,
      unsubscribe: feed.subscribe({
        candle: (candle) => {
          if (candle.symbol !== symbol || candle.time <= runner.lastCandle) return
          // A candle for a new minute: the one before it has closed.
          runner.lastCandle = candle.time
          this.onClose(accountId, runner)
        },
      }),
      status: {
        accountId,
        strategyId: strategy.id,
        name: strategy.name,
        demonstration: strategy.demonstration,
        running: true,
        symbol,
        ordersSent: 0,
        lastSignal: null,
        message: `Waiting for ${strategy.warmUp} closed one-minute candles of ${symbol}.`,
      },
    }
    this.runners.set(accountId, runner)
    this.deps.onStatus(runner.status)
    return runner.status
  }

  /** Stops the strategy of an account; returns its last status, or null if none ran. */
  stop(accountId: string): StrategyStatus | null {
    const runner = this.runners.get(accountId)
    if (!runner) return null
    runner.unsubscribe()
    this.runners.delete(accountId)
    runner.status = { ...runner.status, running: false, message: 'Stopped.' }
    this.deps.onStatus(runner.status)
    return runner.status
  }

  /** The status of an account's strategy, if one ran this session. */
  status(accountId: string): StrategyStatus | null {
    return this.runners.get(accountId)?.status ?? null
  }

  /** Stops every runner and waits for the orders they sent. */
  async close(): Promise<void> {
    for (const accountId of [...this.runners.keys()]) this.stop(accountId)
    while (this.idle.size > 0) await Promise.allSettled([...this.idle])
  }

  private onClose(accountId: string, runner: Runner): void {
    if (runner.busy) return
    const feed = this.deps.feed(accountId)
    // Every candle before the one that just opened.
    const candles = feed
      .candles(runner.symbol, runner.strategy.warmUp + 1)
      .filter((c) => c.time < runner.lastCandle)
    const intent = runner.strategy.decide({
      symbol: runner.symbol,
      candles,
      position: this.deps.position(accountId, runner.symbol),
      quantity: runner.quantity,
    })
    if (!intent) return
    runner.busy = true
    const closedAt = candles.at(-1)?.time ?? runner.lastCandle
    const sending = this.deps
      .submit(accountId, {
        // One decision per closed candle: a retry of it is the same order, never a second one.
        clientOrderId: `strategy-${runner.strategy.id}-${runner.symbol}-${closedAt}`,
        symbol: runner.symbol,
        side: intent.side,
        type: 'market',
        quantity: intent.quantity,
      })
      .then((result) => {
        const sent = result.ok || result.error.code !== 'GATE_REJECTED'
        this.update(runner, {
          ordersSent: runner.status.ordersSent + (sent ? 1 : 0),
          lastSignal: `${intent.side.toUpperCase()} ${intent.quantity} ${runner.symbol}: ${intent.reason}`,
          message: result.ok
            ? `Last order ${result.value.id} ${result.value.status}.`
            : `Last order not placed: ${result.error.message}`,
        })
      })
      .finally(() => {
        runner.busy = false
        this.idle.delete(sending)
      })
    this.idle.add(sending)
  }

  private update(runner: Runner, change: Partial<StrategyStatus>): void {
    runner.status = { ...runner.status, ...change }
    // A stopped runner's late answer still updates its counters, but it stays stopped.
    if (this.runners.get(runner.status.accountId) === runner) this.deps.onStatus(runner.status)
  }
}
