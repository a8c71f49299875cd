/**
 * The simulated market's place in time, kept in the data folder: an origin made once and
 * kept, and checkpoints that let a restart remake the last day without stepping from the origin.
 */
import { readFileSync, statSync } from 'node:fs'
import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import {
  marketStart,
  openMarketTime,
  withCheckpoint,
  type MarketTime,
} from '../../../../electron/engine/market/market-time'
import { cleanup, tempDir } from '../../../kit/engine'

const dirs: string[] = []
afterEach(() => dirs.splice(0).forEach(cleanup))
const HOUR = 3_600_000
const T = Date.UTC(2026, 10, 24, 12)

describe('market time', () => {
  it('makes the origin once, privately, and keeps it for the same seed', () => {
    const dir = tempDir()
    dirs.push(dir)
    const file = path.join(dir, 'market.json')
    const first = openMarketTime(file, 7, T, true)
    expect(first.origin).toBe(T - 240 * 60_000)
    expect(statSync(file).mode & 0o777).toBe(0o600)
    expect(openMarketTime(file, 7, T + 5 * HOUR, true).origin).toBe(first.origin)
    // Another seed is another market.
    expect(openMarketTime(file, 8, T + 5 * HOUR, true).origin).toBe(T + 5 * HOUR - 240 * 60_000)
    expect(JSON.parse(readFileSync(file, 'utf8')).seed).toBe(8)
  })

  it('starts a restart from the newest checkpoint a day old, six hours apart, two days kept', () => {
    let time: MarketTime = { version: 1, seed: 1, origin: T, simulatedTime: T }
    const at = (h: number) => ({ time: T + h * HOUR, symbols: {} })
    for (let h = 0; h <= 72; h++) time = withCheckpoint(time, at(h))
    expect(time.checkpoints?.map((c) => (c.time - T) / HOUR)).toEqual([
      30, 36, 42, 48, 54, 60, 66, 72,
    ])
    expect(marketStart(time, T + 73 * HOUR)?.time).toBe(T + 48 * HOUR)
    // Nothing a day old yet: from the origin.
    expect(marketStart(time, T + 40 * HOUR)).toBeUndefined()
  })
})
