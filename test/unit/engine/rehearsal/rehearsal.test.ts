/**
 * A rehearsal: the reference strategy on generated candles through the whole engine.
 */
import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { verifyJournal } from '../../../../electron/engine/journal'
import { rehearse } from '../../../../electron/engine'
import { cleanup, tempDir } from '../../../kit/engine'

const dirs: string[] = []
afterEach(() => dirs.splice(0).forEach(cleanup))

const options = (dataDir: string) => ({
  dataDir,
  days: 2,
  seed: 11,
  symbols: ['BTC-USD', 'SOL-USD'] as const,
  strategyId: 'sma-cross',
  quantity: { 'BTC-USD': '0.01', 'SOL-USD': '2' },
  // The strategy alone, as before the plan: fixed sizes, no drills, no daily reports.
  plan: false,
  drillDays: [],
  reports: 'none' as const,
})

// Each rehearsal runs the whole engine over two days of minutes: seconds of work, more on a
// busy machine, so a budget above vitest's 5 s default (a ceiling, not a pace).
describe('rehearsal', { timeout: 30_000 }, () => {
  it('trades one paper account per symbol through the gate and leaves a journal that verifies', async () => {
    const dir = tempDir()
    dirs.push(dir)
    const report = await rehearse({ ...options(dir), symbols: [...options(dir).symbols] })
    expect(report.minutes).toBe(2 * 24 * 60)
    expect(report.accounts.map((a) => a.symbol)).toEqual(['BTC-USD', 'SOL-USD'])
    for (const a of report.accounts) {
      expect(a.orders).toBeGreaterThan(10)
      expect(a.filled + a.rejected).toBe(a.orders)
      expect(Number(a.fees)).toBeGreaterThan(0)
    }
    const verified = await verifyJournal(path.join(dir, 'journal'))
    expect(verified.ok).toBe(true)
    // Closing added two records: the engine's stop, and the one that vouches for the
    // rehearsal's snapshot.
    expect(verified.records).toBe(report.journalRecords + 2)
  })

  it('is reproducible: one seed, the same trades', async () => {
    const [a, b] = [tempDir(), tempDir()]
    dirs.push(a, b)
    const first = await rehearse({ ...options(a), symbols: ['BTC-USD'] })
    const second = await rehearse({ ...options(b), symbols: ['BTC-USD'] })
    expect(second.accounts[0]).toEqual(first.accounts[0])
  })
})
