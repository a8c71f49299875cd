/**
 * The trade-history file: what is appended reads back whole, a frame a crash tore ends what is
 * read, and a file opened again (recovery trying another snapshot) is never written by the
 * history opened before it. A disk that refuses a write (full) neither stops the engine nor loses
 * a frame: it is written at its place once the disk takes it.
 */
import { appendFileSync, readFileSync, statSync } from 'node:fs'
import path from 'node:path'
import fs from 'node:fs'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { HistoryFile } from '../../../../electron/engine/performance/history-file'
import type { RoundTrip } from '../../../../electron/engine/performance'
import { cleanup, tempDir } from '../../../kit/engine'

const dirs: string[] = []
afterEach(() => dirs.splice(0).forEach(cleanup))

/** Every entry the file holds, read back. */
function entries(at: string) {
  const { frames } = HistoryFile.open(at)
  return Array.from({ length: frames.length }, (_, i) => frames.entry(i))
}

function file(): string {
  const dir = tempDir()
  dirs.push(dir)
  return path.join(dir, 'trade-history.bin')
}

const trip = (n: number): RoundTrip => ({
  accountId: 'paper-1',
  symbol: 'BTC-USD',
  side: 'long',
  openedAt: 1_000 * n,
  closedAt: 1_000 * n + 500,
  quantity: '0.01',
  entryPrice: '60000',
  exitPrice: '60100',
  grossPnl: '1',
  fees: '0.72',
  pnl: `0.2${n}`,
  closeFillId: `f${n}`,
  closeOrderId: `ord-${n}`,
})

describe('trade-history file', () => {
  it('reads back every round trip and outcome, and the round trips a view lists', () => {
    const at = file()
    const { history } = HistoryFile.open(at)
    const places = [1, 2, 3].map((n) => history.appendTrip(n * 10, trip(n)))
    history.appendOrder(
      31,
      { account: 'paper-1', ts: 5, symbol: 'BTC-USD', outcome: 'rejected' },
      null,
    )
    expect(history.readTrips([places[2], places[0]] as typeof places)).toEqual([trip(3), trip(1)])
    history.flush()
    const read = entries(at)
    expect(read.map((e) => [e.kind, e.seq])).toEqual([
      ['trip', 10],
      ['trip', 20],
      ['trip', 30],
      ['order', 31],
    ])
    expect(read[1]).toMatchObject({
      account: 'paper-1',
      pnl: '0.22',
      fee: '0.72',
      closedAt: 2_500,
    })
    expect(read[3]).toMatchObject({ outcome: 'rejected', slippage: null, symbol: 'BTC-USD' })
  })

  it('stops at a frame a crash tore', () => {
    const at = file()
    const { history } = HistoryFile.open(at)
    history.appendTrip(1, trip(1))
    history.appendTrip(2, trip(2))
    history.flush()
    const whole = readFileSync(at)
    appendFileSync(at, whole.subarray(0, 40))
    expect(entries(at).map((e) => e.seq)).toEqual([1, 2])
  })

  it('writes nothing more once the file was opened again', async () => {
    const at = file()
    const first = HistoryFile.open(at).history
    first.appendTrip(1, trip(1))
    const second = HistoryFile.open(at).history
    second.cut(0)
    // The first one's write was due at the end of this turn.
    await new Promise<void>((resolve) => setImmediate(resolve))
    expect(statSync(at).size).toBe(0)
    second.appendTrip(1, trip(1))
    second.flush()
    expect(entries(at)).toHaveLength(1)
  })

  it('keeps frames a full disk refused and writes them at their place once it takes them', async () => {
    const at = file()
    const { history } = HistoryFile.open(at)
    const full = Object.assign(new Error('ENOSPC: no space left on device, write'), {
      code: 'ENOSPC',
    })
    const write = vi.spyOn(fs, 'writeSync').mockImplementationOnce(() => {
      throw full
    })
    try {
      const first = history.appendTrip(10, trip(1))
      // The turn's write is refused: nothing is thrown out of the engine's event loop.
      await new Promise(setImmediate)
      expect(write).toHaveBeenCalledTimes(1)
      expect(statSync(at).size).toBe(0)
      // The disk takes the next one: both frames, in order, at their places.
      const second = history.appendTrip(20, trip(2))
      await new Promise(setImmediate)
      expect(entries(at).map((e) => [e.kind, e.seq])).toEqual([
        ['trip', 10],
        ['trip', 20],
      ])
      expect(history.readTrips([second, first])).toEqual([trip(2), trip(1)])
    } finally {
      write.mockRestore()
    }
  })
})
