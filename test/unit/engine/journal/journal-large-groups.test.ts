/**
 * A large group is written and fdatasynced in the thread pool, not on the main thread: records
 * stay in order and durable in order around it, the event loop keeps turning while it is on its
 * way, and a write the disk refuses there is refused as on the main thread.
 */
import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import {
  Journal,
  JournalWriteError,
  listSegments,
  segmentDataSize,
  verifyJournal,
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

const malformed = (i: number) => ({ source: 'api', reason: `bad request ${i}` }) as const

/**
 * A file layer whose thread-pool writes wait until the test lets them go (or fail them), so a
 * test can act while a large group is on its way. Synchronous writes go to the disk at once.
 */
class HeldDisk implements JournalFiles {
  readonly held: { go: () => void; fail: (error: Error) => void }[] = []

  open(file: string): JournalFile {
    const real = new FullDisk().open(file)
    return {
      ...real,
      writeDurable: (bytes, position) =>
        new Promise<void>((resolve, reject) => {
          this.held.push({
            go: () => {
              real.write(bytes, 0, bytes.length, position)
              real.datasync()
              resolve()
            },
            fail: reject,
          })
        }),
    }
  }
}

describe('a large journal group', () => {
  it('is written off the main thread, and the records after it wait for it, in order', async () => {
    const dir = fresh()
    const disk = new HeldDisk()
    const journal = await Journal.open({
      dir,
      clock: new FakeClock(),
      files: disk,
      asyncGroupBytes: 4096,
    })
    await journal.append('order.malformed', malformed(0))
    const large = Array.from({ length: 100 }, (_, i) =>
      journal.append('order.malformed', malformed(i + 1)),
    )
    // The large group is in the thread pool; the event loop goes on, and so do appends.
    await new Promise((resolve) => setImmediate(resolve))
    expect(disk.held).toHaveLength(1)
    const after = journal.append('order.malformed', malformed(101))
    let afterDone = false
    void after.then(() => (afterDone = true))
    await new Promise((resolve) => setImmediate(resolve))
    await new Promise((resolve) => setImmediate(resolve))
    expect(afterDone).toBe(false)
    expect(journal.position.seq).toBe(102)

    disk.held[0]?.go()
    const records: StoredRecord[] = [...(await Promise.all(large)), await after]
    expect(records.map((r) => r.seq)).toEqual(Array.from({ length: 101 }, (_, i) => i + 2))
    expect(journal.position.offset).toBe(
      segmentDataSize(path.join(dir, listSegments(dir)[0] as string)),
    )
    await journal.close()
    expect(await verifyJournal(dir)).toMatchObject({ ok: true, records: 102 })
  })

  it('refused by the disk in the thread pool, refuses it and every later record', async () => {
    const dir = fresh()
    const disk = new HeldDisk()
    const journal = await Journal.open({
      dir,
      clock: new FakeClock(),
      files: disk,
      asyncGroupBytes: 4096,
    })
    const first = await journal.append('order.malformed', malformed(0))
    const large = Array.from({ length: 100 }, (_, i) =>
      journal.append('order.malformed', malformed(i + 1)),
    )
    await new Promise((resolve) => setImmediate(resolve))
    const after = journal.append('order.malformed', malformed(101))
    disk.held[0]?.fail(Object.assign(new Error('EIO: i/o error, write'), { code: 'EIO' }))
    for (const refused of [...large, after])
      await expect(refused).rejects.toThrow(JournalWriteError)
    expect(journal.failure?.message).toContain('input/output error')
    expect(journal.head).toEqual({ seq: 1, hash: first.hash })
    expect(() => journal.write('order.malformed', malformed(102))).toThrow(JournalWriteError)
    await journal.close()
    expect(await verifyJournal(dir)).toMatchObject({ ok: true, records: 1 })
  })
})
