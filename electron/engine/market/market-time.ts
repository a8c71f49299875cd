/**
 * Where the simulated market's path begins, kept in the data folder: the simulator's prices
 * are a function of the seed and this origin, so a restart makes the same candles again and
 * trade markers stay on theirs. The simulated time reached is kept too (it runs ahead of the
 * clock at a higher speed), so the market never goes back in time, and checkpoints on the path
 * spare a restart from stepping again through every second since the origin.
 */
import { readFileSync } from 'node:fs'
import { writeFileAtomicSync } from '../core'
import { MINUTE } from './process'
import { HISTORY_MINUTES, type MarketCheckpoint } from './simulator'

/** The market's place in time, as saved. */
export interface MarketTime {
  readonly version: 1
  readonly seed: number
  /** Where the path begins (epoch ms, on a minute). */
  readonly origin: number
  /** The simulated time reached when it was saved. */
  readonly simulatedTime: number
  /**
   * Points on the path, oldest first, CHECKPOINT_EVERY apart: a restart goes on from one old
   * enough to remake the candles of the last day, not from an origin months back.
   */
  readonly checkpoints?: readonly MarketCheckpoint[]
}

/** How far apart checkpoints are, and how many are kept (two days of them). */
const CHECKPOINT_EVERY = 6 * 60 * MINUTE
const CHECKPOINTS_KEPT = 8
/** The history a restart remakes: the simulator's day of candles, and a minute to spare. */
const HISTORY_SPAN = 24 * 60 * MINUTE + MINUTE

/**
 * Where a restart at `now` starts the market: the newest checkpoint old enough to remake the
 * last day of candles, or undefined for the origin.
 */
export function marketStart(time: MarketTime, now: number): MarketCheckpoint | undefined {
  const before = Math.max(now, time.simulatedTime) - HISTORY_SPAN
  return [...(time.checkpoints ?? [])].reverse().find((c) => c.time <= before)
}

/** The market time with `checkpoint` added if one is due; the same object if not. */
export function withCheckpoint(time: MarketTime, checkpoint: MarketCheckpoint): MarketTime {
  const newest = time.checkpoints?.at(-1)
  if (newest && checkpoint.time < newest.time + CHECKPOINT_EVERY) return time
  return {
    ...time,
    checkpoints: [...(time.checkpoints ?? []), checkpoint].slice(-CHECKPOINTS_KEPT),
  }
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
