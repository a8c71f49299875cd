/**
 * The journal on a disk that fills up: every byte of a group is on disk before it is
 * acknowledged, and a group the disk cannot take whole is refused and cut off again, so the
 * journal stays valid and nothing after it is written.
 */
import { readFileSync, statSync } from 'node:fs'
import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import {
  Journal,
  JournalWriteError,
  listSegments,
  type JournalFile,
  type JournalFiles,
  type StoredRecord,
} from '../../../../electron/engine/journal'
import { cleanup, tempDir } from '../../../kit/engine'
import { FakeClock } from '../../../kit/fake-clock'
import { FullDisk } from '../../../kit/full-disk'

const dirs: string[] = []
const fresh = (): string => {
  const d = tempDir()
  dirs.push(d)
  return d
}
afterEach(() => dirs.splice(0).forEach(cleanup))

const opened = (accountId: string) =>
  ({ accountId, name: accountId, kind: 'paper', quoteAsset: 'USD', initialBalance: '100' }) as const

async function reopen(dir: string): Promise<{ journal: Journal; records: StoredRecord[] }> {
  const records: StoredRecord[] = []
  const journal = await Journal.open({
    dir,
    clock: new FakeClock(),
    onRecord: (r) => records.push(r),
  })
  return { journal, records }
}

/** The one segment file a journal written on one day holds. */
function segment(dir: string): string {
  const [only, ...more] = listSegments(dir)
  if (only === undefined || more.length > 0) throw new Error(`expected one segment in ${dir}`)
  return path.join(dir, only)
}

describe('journal on a disk that takes little at a time', () => {
  it('writes every byte of a group before acknowledging it, however short each write is', async () => {
    const dir = fresh()
    const disk = new FullDisk(Number.POSITIVE_INFINITY, 7)
    const journal = await Journal.open({ dir, clock: new FakeClock(), files: disk })
    // One group of three records, then a group of one.
    const group = ['a', 'b', 'c'].map((id) => journal.write('account.opened', opened(id)).durable)
    await Promise.all(group)
    await journal.append('account.opened', opened('d'))
    await journal.close()
    expect(disk.writes).toBeGreaterThan(4)

    const { journal: again, records } = await reopen(dir)
    expect(again.tornLines).toBe(0)
    expect(records.map((r) => r.payload)).toEqual(
      ['a', 'b', 'c', 'd'].map((id) => expect.objectContaining({ accountId: id })),
    )
    await again.close()
  })
})

describe('journal on a full disk', () => {
  it('refuses a group the disk takes only part of, cuts it off, and takes nothing more', async () => {
    const dir = fresh()
    const disk = new FullDisk(Number.POSITIVE_INFINITY, 16)
    const journal = await Journal.open({ dir, clock: new FakeClock(), files: disk })
    await journal.append('account.opened', opened('a'))
    const before = readFileSync(segment(dir))

    // Room for 40 more bytes: the next record goes in 16 bytes, 16, 8, then ENOSPC.
    disk.free = 40
    const failure = await journal.append('account.opened', opened('b')).catch((e: unknown) => e)
    expect(failure).toBeInstanceOf(JournalWriteError)
    expect((failure as Error).message).toMatch(/the disk is full/)
    // The partial bytes are gone: the file is exactly what was acknowledged.
    expect(readFileSync(segment(dir))).toEqual(before)
    expect(journal.failure).toBe(failure)
    expect(journal.head.seq).toBe(1)

    // Later appends are refused at once, without a write to the disk.
    const writes = disk.writes
    expect(() => journal.write('account.opened', opened('c'))).toThrow(JournalWriteError)
    await expect(journal.flush()).resolves.toBeUndefined()
    expect(disk.writes).toBe(writes)
    await journal.close()

    // Space freed: the journal opens without repair and goes on from the last good record.
    const { journal: again, records } = await reopen(dir)
    expect(again.tornLines).toBe(0)
    expect(records.map((r) => r.seq)).toEqual([1])
    expect((await again.append('account.opened', opened('b'))).seq).toBe(2)
    await again.close()
    expect((await reopen(dir)).records.map((r) => r.seq)).toEqual([1, 2])
  })

  it('refuses the appends that were made while the failing group was written', async () => {
    const dir = fresh()
    let writes = 0
    let c: Promise<void> | null = null
    let journal: Journal | null = null
    const files: JournalFiles = {
      open: (file) => {
        const real = new FullDisk().open(file)
        const fh: JournalFile = {
          ...real,
          write: (buffer, offset, length, position) => {
            writes += 1
            if (writes === 1) return real.write(buffer, offset, length, position)
            // Appended while b's group is on its way to the disk: a group of its own, after b's.
            c = journal?.write('account.opened', opened('c')).durable ?? null
            throw Object.assign(new Error('EIO: i/o error, write'), { code: 'EIO' })
          },
        }
        return fh
      },
    }
    journal = await Journal.open({ dir, clock: new FakeClock(), files })
    await journal.append('account.opened', opened('a'))
    const before = readFileSync(segment(dir))

    const b = journal.write('account.opened', opened('b')).durable
    await expect(b).rejects.toThrow(/input\/output error/)
    expect(c).not.toBeNull()
    await expect(c).rejects.toThrow(/input\/output error/)
    expect(writes).toBe(2)
    expect(statSync(segment(dir)).size).toBe(before.length)
    await journal.close()
    expect((await reopen(dir)).records.map((r) => r.seq)).toEqual([1])
  })
})
