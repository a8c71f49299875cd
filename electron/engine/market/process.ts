/**
 * The price and volume of one simulated symbol, one second at a time, and the one-minute
 * candles they make. Shared by the live simulator and the fast minute-candle path, so both
 * produce the same market from the same seed.
 */
import type { Candle, MarketSymbol } from '../../../shared/types'
import { createRandom, type Random } from '../core'
import { DEFAULT_INTRADAY, normalizeIntraday } from './intraday'
import type { SimulatedInstrument } from './instruments'
import { fillDraws } from './normal'

/** One second, in milliseconds. */
export const SECOND = 1_000
/** One minute, in milliseconds. */
export const MINUTE = 60 * SECOND
const HOUR = 60 * MINUTE
/** Seconds in the 365-day year the annual volatility refers to. */
export const SECONDS_PER_YEAR = 365 * 24 * 3600

/**
 * How much the spread widens with volatility: half of it is fixed (the market maker's costs),
 * half scales with the current volatility over the instrument's average (adverse selection).
 * At average volatility the spread is the instrument's spreadBps.
 */
export function spreadFactor(volatilityRatio: number): number {
  return 0.5 + 0.5 * volatilityRatio
}

/** The number of decimals of a step written as a decimal string ("0.01" → 2). */
export function decimalsOf(step: string): number {
  return step.split('.')[1]?.length ?? 0
}

/** A 32-bit seed for one symbol's stream: the run's seed mixed with the symbol's name. */
export function symbolSeed(seed: number, symbol: string): number {
  let h = 0x811c9dc5
  for (let i = 0; i < symbol.length; i++) h = Math.imul(h ^ symbol.charCodeAt(i), 0x01000193)
  return mix32(h ^ (seed >>> 0))
}

/** murmur3's finalizer: a well-spread 32-bit hash of a 32-bit integer. */
export function mix32(x: number): number {
  x = Math.imul(x ^ (x >>> 16), 0x85ebca6b)
  x = Math.imul(x ^ (x >>> 13), 0xc2b2ae35)
  return (x ^ (x >>> 16)) >>> 0
}

/** The UTC hour of day (0–23) of an epoch time. */
export function hourOf(ts: number): number {
  return ((Math.floor(ts / HOUR) % 24) + 24) % 24
}

/** Prices on an instrument's tick grid, as integer numbers of ticks. */
export class TickGrid {
  readonly tick: number
  readonly decimals: number
  // 1/tick when the tick is 1/k: dividing then gives exactly the double a decimal string would.
  private readonly perUnit: number | null

  constructor(tickSize: string) {
    this.tick = Number(tickSize)
    this.decimals = decimalsOf(tickSize)
    const k = Math.round(1 / this.tick)
    this.perUnit = this.tick < 1 && Math.abs(k * this.tick - 1) < 1e-12 ? k : null
  }

  /** The number of ticks nearest to a log price. */
  nearest(logPrice: number): number {
    return Math.round(Math.exp(logPrice) / this.tick)
  }

  /** The price of a number of ticks, as a number. */
  price(ticks: number): number {
    if (this.perUnit !== null) return ticks / this.perUnit
    return Number((ticks * this.tick).toFixed(this.decimals))
  }

  /** The price of a number of ticks, as a decimal string. */
  text(ticks: number): string {
    return (ticks * this.tick).toFixed(this.decimals)
  }
}

/** Where a symbol's process is: enough to go on exactly as it would have (not its candles). */
export interface ProcessCheckpoint {
  readonly time: number
  readonly logMid: number
  readonly variance: number
  readonly random: number
  readonly completedTotal: number
  readonly minute: number
  readonly logOpen: number
  readonly logHigh: number
  readonly logLow: number
  readonly volume: number
}

/**
 * One symbol's market: a GARCH(1,1) log-price on one-second steps, scaled by the hour of the
 * day, a traded volume per second, and the one-minute candles.
 */
export class SymbolProcess {
  readonly symbol: MarketSymbol
  readonly grid: TickGrid
  /** Average one-second volatility of log returns. */
  readonly sigma: number
  /** Volatility multiplier by UTC hour (RMS 1). */
  readonly hourVolatility: readonly number[]
  /** Volume multiplier by UTC hour (mean 1). */
  readonly hourVolume: readonly number[]
  /** Completed candles, oldest first; the owner trims it. */
  readonly completed: Candle[] = []
  /** Candles completed since the start, trimmed or not. */
  completedTotal = 0
  /** Log of the mid price. */
  logMid: number
  /** Variance of the next second's return, relative to the average (long-run mean 1). */
  variance = 1
  /** When the last step was (simulated time). */
  time: number

  private readonly random: Random
  private readonly draws = new Float64Array(60)
  private readonly uniforms = new Float64Array(60)
  private readonly alpha: number
  private readonly beta: number
  private readonly omega: number
  private readonly volumePerSecond: number
  private hourEnd = -Infinity
  private volScale = 0
  private volumeScale = 0
  // The candle being built, in log prices: the prices of the seconds of its minute.
  private minute: number
  private minuteEnd: number
  private logOpen: number
  private logHigh: number
  private logLow: number
  private volume = 0
  private cached: Candle | null = null

  constructor(
    inst: SimulatedInstrument,
    seed: number,
    start: number,
    /** Go on from here instead of starting at `start` (the candles before it are not made). */
    from?: ProcessCheckpoint,
  ) {
    const { alpha, beta } = inst.garch
    if (!(alpha >= 0 && beta >= 0 && alpha + beta < 1))
      throw new Error(`${inst.symbol}: GARCH needs alpha ≥ 0, beta ≥ 0 and alpha + beta < 1`)
    const profile = normalizeIntraday(inst.intraday ?? DEFAULT_INTRADAY)
    this.symbol = inst.symbol
    this.grid = new TickGrid(inst.tickSize)
    this.sigma = inst.annualVolatility / Math.sqrt(SECONDS_PER_YEAR)
    this.hourVolatility = profile.volatility
    this.hourVolume = profile.volume
    this.alpha = alpha
    this.beta = beta
    this.omega = 1 - alpha - beta
    this.volumePerSecond = inst.volumePerSecond
    this.random = createRandom(from ? from.random : symbolSeed(seed, inst.symbol))
    this.logMid = Math.log(inst.startPrice)
    this.time = start
    this.minute = Math.floor(start / MINUTE) * MINUTE
    this.minuteEnd = this.minute + MINUTE
    this.logOpen = this.logHigh = this.logLow = this.logMid
    if (from) {
      this.time = from.time
      this.logMid = from.logMid
      this.variance = from.variance
      this.completedTotal = from.completedTotal
      this.minute = from.minute
      this.minuteEnd = from.minute + MINUTE
      this.logOpen = from.logOpen
      this.logHigh = from.logHigh
      this.logLow = from.logLow
      this.volume = from.volume
    }
  }

  /** Where the process is now (see ProcessCheckpoint). */
  checkpoint(): ProcessCheckpoint {
    return {
      time: this.time,
      logMid: this.logMid,
      variance: this.variance,
      random: this.random.state(),
      completedTotal: this.completedTotal,
      minute: this.minute,
      logOpen: this.logOpen,
      logHigh: this.logHigh,
      logLow: this.logLow,
      volume: this.volume,
    }
  }

  /** The mid price now. */
  get mid(): number {
    return Math.exp(this.logMid)
  }

  /** The current volatility over the instrument's average: hour of day and clustering. */
  get volatilityRatio(): number {
    return (this.hourVolatility[hourOf(this.time)] as number) * Math.sqrt(this.variance)
  }

  /** The volume multiplier of the hour of the last step. */
  get volumeRatio(): number {
    return this.hourVolume[hourOf(this.time)] as number
  }

  /**
   * `steps` seconds of market after the last step; a frozen symbol keeps its price and trades
   * nothing, but its candles go on.
   */
  advance(steps: number, frozen = false): void {
    let remaining = Math.floor(steps)
    while (remaining > 0) {
      const ts = this.time + SECOND
      if (ts >= this.hourEnd) this.setHour(ts)
      const rolled = ts >= this.minuteEnd
      if (rolled) this.roll(ts)
      // Minutes nest in hours, so the volatility and volume scales hold for the whole minute.
      const n = Math.min(remaining, (this.minuteEnd - ts) / SECOND)
      if (!frozen) this.walk(n, rolled)
      else if (rolled) this.logOpen = this.logHigh = this.logLow = this.logMid
      this.time = ts + (n - 1) * SECOND
      this.cached = null
      remaining -= n
    }
  }

  /** Jumps to `time` without a step: a gap, as after a feed outage. */
  skipTo(time: number): void {
    if (time > this.time) this.time = time
  }

  // n one-second steps within one minute, on locals: this loop is the simulator's whole cost.
  private walk(n: number, opensCandle: boolean): void {
    const { alpha, beta, omega } = this
    const s = this.sigma * this.volScale
    const drift = 0.5 * s * s
    const volume = this.volumeScale
    let logMid = this.logMid
    let h = this.variance
    let high = opensCandle ? -Infinity : this.logHigh
    let low = opensCandle ? Infinity : this.logLow
    let traded = this.volume
    const zs = this.draws
    const us = this.uniforms
    fillDraws(this.random, zs, us, n)
    for (let i = 0; i < n; i++) {
      const shock = Math.sqrt(h) * (zs[i] as number)
      // The −σ²/2 drift keeps the mid itself (not its log) driftless.
      logMid += s * shock - drift * h
      if (logMid > high) high = logMid
      if (logMid < low) low = logMid
      // (1 + h) × uniform has mean 1 (so does h): volume rises with the moment's volatility.
      traded += volume * (1 + h) * (us[i] as number)
      h = omega + alpha * shock * shock + beta * h
      if (opensCandle && i === 0) this.logOpen = logMid
    }
    this.logMid = logMid
    this.variance = h
    this.logHigh = high
    this.logLow = low
    this.volume = traded
  }

  /** The candle being built, as it is now. */
  currentCandle(): Candle {
    if (this.cached) return this.cached
    const grid = this.grid
    this.cached = {
      symbol: this.symbol,
      time: this.minute,
      open: grid.price(grid.nearest(this.logOpen)),
      high: grid.price(grid.nearest(this.logHigh)),
      low: grid.price(grid.nearest(this.logLow)),
      close: grid.price(grid.nearest(this.logMid)),
      volume: this.volume,
    }
    return this.cached
  }

  private roll(ts: number): void {
    this.completed.push(this.currentCandle())
    this.completedTotal++
    this.minute = Math.floor(ts / MINUTE) * MINUTE
    this.minuteEnd = this.minute + MINUTE
    this.volume = 0
  }

  private setHour(ts: number): void {
    const hour = hourOf(ts)
    this.hourEnd = Math.floor(ts / HOUR) * HOUR + HOUR
    this.volScale = this.hourVolatility[hour] as number
    this.volumeScale = this.volumePerSecond * (this.hourVolume[hour] as number)
  }
}
