/**
 * Position-tracker integrity: the ledger in memory against a fold of the journal on disk.
 */
import { afterEach, describe, expect, it } from 'vitest'
import { Journal, type JournalRecord } from '../../../../electron/engine/journal'
import { Ledger } from '../../../../electron/engine/ledger'
import { TrackerAudit } from '../../../../electron/engine/resilience/tracker-audit'
import { cleanup, tempDir } from '../../../kit/engine'
import { FakeClock } from '../../../kit/fake-clock'

const dirs: string[] = []
afterEach(() => dirs.splice(0).forEach(cleanup))

describe('tracker integrity', () => {
  it('agrees with a ledger that folded the same records, and names what a wrong fold got wrong', async () => {
    const dir = tempDir()
    dirs.push(dir)
    const journal = await Journal.open({ dir, clock: new FakeClock() })
    const live = new Ledger()
    const audit = await TrackerAudit.start(dir, live, 0)
    const opened = (await journal.append('account.opened', {
      accountId: 'paper-1',
      name: 'Paper',
      kind: 'paper',
      quoteAsset: 'USD',
      initialBalance: '10000',
    })) as Extract<JournalRecord, { type: 'account.opened' }>
    live.apply(opened)
    expect(await audit.compare(live, journal.head.seq)).toEqual({ mismatch: null, records: 1 })

    // A ledger that folded a record differently from what the journal holds.
    const wrong = new Ledger()
    wrong.apply({ ...opened, payload: { ...opened.payload, initialBalance: '10500' } })
    expect(await audit.compare(wrong, journal.head.seq)).toEqual({
      mismatch: 'paper-1 cash 10500 against 10000 on disk',
      records: 1,
    })
    // A ledger ahead of the disk (a record never written) is named too.
    expect((await audit.compare(live, 2)).mismatch).toBe(
      'the journal on disk ends at seq 1, the ledger is at 2',
    )
    await journal.close()
  })
})
