/**
 * Recovery with a fold the snapshot has no state for (one added by a later version): that fold
 * must see the whole journal, so the state is rebuilt from the journal rather than from the
 * snapshot plus its tail.
 */
import { afterEach, describe, expect, it } from 'vitest'
import { FOLDS } from '../../../../electron/engine/folds'
import type { Fold } from '../../../../electron/engine/journal'
import { SnapshotStore, recover } from '../../../../electron/engine/resilience'
import { FakeClock } from '../../../kit/fake-clock'
import { call, cleanup, tempDir, testEngine, value } from '../../../kit/engine'

const dirs: string[] = []
afterEach(() => dirs.splice(0).forEach(cleanup))

/** A fold that counts the orders it has seen placed. */
const ordersSeen: Fold<{ n: number }, number> = {
  fromState: (n) => ({ n: n ?? 0 }),
  toState: (fold) => fold.n,
  apply: (fold, record) => {
    if (record.type === 'order.intent') fold.n += 1
  },
}

describe('recovery', () => {
  it('replays the whole journal for a fold the snapshot has no state for', async () => {
    const dir = tempDir()
    dirs.push(dir)
    const { engine } = await testEngine(dir)
    for (const quantity of ['0.001', '0.002'])
      value(
        await call(engine, 'orders:submit', {
          symbol: 'BTC-USD',
          side: 'buy',
          type: 'market',
          quantity,
        }),
      )
    await engine.close()

    const registry = { ...FOLDS, ordersSeen }
    const recovered = await recover(
      registry,
      { dataDir: dir, clock: new FakeClock(), sync: false },
      new SnapshotStore(dir),
    )
    await recovered.journal.close()
    expect(recovered.folds.state.ordersSeen.n).toBe(2)
    expect(recovered.data).toBeNull()
    expect(recovered.warnings).toEqual([
      'state.json was written before Vigil kept ordersSeen in it; rebuilding from the journal',
    ])

    // The registry the snapshot was written with resumes from it, replaying nothing.
    const same = await recover(
      FOLDS,
      { dataDir: dir, clock: new FakeClock(), sync: false },
      new SnapshotStore(dir),
    )
    await same.journal.close()
    expect(same.data).not.toBeNull()
    expect(same.replayed).toBe(0)
  })
})
