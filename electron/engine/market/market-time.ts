/**
 * Where the simulated market's path begins, kept in the data folder: the simulator's prices
 * are a function of the seed and this origin, so a restart makes the same candles again and
 * trade markers stay on theirs. The simulated time reached is kept too (it runs ahead of the
 * clock at a higher speed), so the market never goes back in time.
 */
import { readFileSync } from 'node:fs'
import { writeFileAtomicSync } from '../core/atomic-file'
import { MINUTE } from './process'
import { HISTORY_MINUTES } from './simulator'

/** The market's place in time, as saved. */
export interface MarketTime {
  readonly version: 1
  readonly seed: number
  /** Where the path begins (epoch ms, on a minute). */
  readonly origin: number
  /** The simulated time reached when it was saved. */
  readonly simulatedTime: number
}

/**
 * The saved market time for `seed`, or a new one starting HISTORY_MINUTES before `now`
 * (saved at once, so the origin is on disk before any price made from it is used).
 */
export function openMarketTime(
  file: string,
  seed: number,
  now: number,
  durable: boolean,
): MarketTime {
  try {
    const saved = JSON.parse(readFileSync(file, 'utf8')) as MarketTime
    if (
      saved.version === 1 &&
      saved.seed === seed &&
      Number.isSafeInteger(saved.origin) &&
      saved.origin % MINUTE === 0 &&
      Number.isFinite(saved.simulatedTime) &&
      saved.origin <= now
    )
      return saved
  } catch {
    // No file (a new data folder) or an unreadable one: the market starts a new path.
  }
  const fresh: MarketTime = {
    version: 1,
    seed,
    origin: Math.floor(now / MINUTE) * MINUTE - HISTORY_MINUTES * MINUTE,
    simulatedTime: now,
  }
  writeFileAtomicSync(file, JSON.stringify(fresh), durable)
  return fresh
}

/** Saves the simulated time reached. */
export function saveMarketTime(file: string, time: MarketTime, durable: boolean): void {
  writeFileAtomicSync(file, JSON.stringify(time), durable)
}
