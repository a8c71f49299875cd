/**
 * The market the engine trades on: the seeded simulator, which goes on from where it was
 * (same origin, same prices, same candles) across restarts, or a market given to it (a
 * rehearsal's replay). Its quotes and candles are published; its speed and faults are set here.
 */
import type { MarketStatus } from '../../../shared/types'
import { ok } from '../../../shared/result'
import { marketFile, type Clock, type EventBus, type Handlers } from '../core'
import type { SimulatedMarket } from './feed'
import { INSTRUMENTS } from './instruments'
import { marketStart, openMarketTime, saveMarketTime, withCheckpoint } from './market-time'
import { MarketSimulator } from './simulator'

/** What the market is made with. */
export interface MarketServiceOptions {
  readonly clock: Clock
  readonly dataDir: string
  readonly bus: EventBus
  /** Seed of a new simulated market. */
  readonly seed?: number
  /** fsync what is saved (not in a scratch folder). */
  readonly durable: boolean
  /** A market to use instead of the simulator. */
  readonly market?: SimulatedMarket
}

/** The simulated market, its saved place, its status. */
export class MarketService {
  /** The market every simulated-price account trades on. */
  readonly market: SimulatedMarket
  private readonly simulator: MarketSimulator | null
  private readonly file: string
  private saved: ReturnType<typeof openMarketTime> | null

  constructor(private readonly options: MarketServiceOptions) {
    const { clock } = options
    this.file = marketFile(options.dataDir)
    this.saved = options.market
      ? null
      : openMarketTime(this.file, options.seed ?? 1, clock.now(), options.durable)
    const resumeFrom = this.saved ? marketStart(this.saved, clock.now()) : undefined
    this.simulator = this.saved
      ? new MarketSimulator({
          clock,
          seed: this.saved.seed,
          origin: this.saved.origin,
          resumeAt: this.saved.simulatedTime,
          ...(resumeFrom ? { resumeFrom } : {}),
        })
      : null
    this.market = options.market ?? (this.simulator as MarketSimulator)
  }

  /** Publishes quotes and candles, and starts the ticking unless told not to. */
  start(ticking: boolean): void {
    const { bus } = this.options
    this.market.subscribe({
      quote: (quote) => bus.publish({ type: 'market:quote', payload: quote }),
      candle: (candle) => bus.publish({ type: 'market:candle', payload: candle }),
    })
    if (ticking) this.market.start()
  }

  /**
   * Saves how far the market ran when that is ahead of the clock (a higher speed; at real speed
   * the clock says where it is), and a checkpoint when one is due.
   */
  savePlace(): void {
    if (!this.saved || !this.simulator) return
    const { clock } = this.options
    const next = withCheckpoint(this.saved, this.simulator.checkpoint())
    const ahead = this.simulator.simulatedTime > Math.max(clock.now(), this.saved.simulatedTime)
    if (next === this.saved && !ahead) return
    this.saved = { ...next, simulatedTime: this.simulator.simulatedTime }
    saveMarketTime(this.file, this.saved, this.options.durable)
  }

  /** The speed and the faults injected. */
  status(): MarketStatus {
    return {
      speed: this.market.speed,
      faults: Object.fromEntries(
        INSTRUMENTS.flatMap((i) => {
          const fault = this.market.fault(i.symbol)
          return fault ? [[i.symbol, fault]] : []
        }),
      ),
    }
  }

  /** The market's commands. */
  handlers(): Handlers<'market:get-candles' | 'market:set-speed' | 'market:set-fault'> {
    const publish = (): MarketStatus => {
      const status = this.status()
      this.options.bus.publish({ type: 'market:status', payload: status })
      return status
    }
    return {
      'market:get-candles': ({ symbol, limit }) => ok(this.market.candles(symbol, limit ?? 240)),
      'market:set-speed': ({ speed }) => {
        this.market.setSpeed(speed)
        return ok(publish())
      },
      'market:set-fault': ({ symbol, fault }) => {
        this.market.setFault(symbol, fault === 'none' ? null : fault)
        return ok(publish())
      },
    }
  }
}
