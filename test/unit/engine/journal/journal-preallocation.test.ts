/**
 * The segment being written has zeros written ahead of its data, so that an append writes
 * inside the file's size. Whatever reads a segment reads the records alone, a crash with zeros
 * ahead loses nothing acknowledged, and a sealed or closed segment holds its data only.
 */
import {
  closeSync,
  cpSync,
  openSync,
  readFileSync,
  readdirSync,
  statSync,
  writeSync,
} from 'node:fs'
import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import {
  Journal,
  JournalIndex,
  dataEnd,
  exportJournal,
  listSegments,
  verifyJournal,
  walkChainInBackground,
  type StoredRecord,
} from '../../../../electron/engine/journal'
import { scanLines } from '../../../../electron/engine/journal/index-segment'
import { cleanup, tempDir } from '../../../kit/engine'
import { FakeClock } from '../../../kit/fake-clock'

const dirs: string[] = []
const fresh = (): string => {
  const d = tempDir()
  dirs.push(d)
  return d
}
afterEach(() => dirs.splice(0).forEach(cleanup))

const malformed = (i: number) => ({ source: 'api', reason: `bad request ${i}` }) as const

/** A running journal with `count` acknowledged records and its zeros written ahead. */
async function running(count: number, clock = new FakeClock()) {
  const dir = fresh()
  const journal = await Journal.open({ dir, clock })
  const records: StoredRecord[] = []
  for (let i = 0; i < count; i++)
    records.push(await journal.append('order.malformed', malformed(i)))
  await journal.idle()
  return { dir, journal, records }
}

const only = (dir: string): string => path.join(dir, listSegments(dir)[0] as string)

/** The journal folder as a crash would leave it now: a copy of its files. */
function crashImage(dir: string): string {
  const copy = fresh()
  cpSync(dir, copy, { recursive: true })
  return copy
}

describe('zeros written ahead of the journal', () => {
  it('are there while it runs, every reader reads the records alone, and close trims them', async () => {
    const { dir, journal, records } = await running(30)
    const file = only(dir)
    const bytes = readFileSync(file)
    const end = dataEnd(bytes)
    expect(bytes.length).toBeGreaterThan(end)
    expect(bytes.subarray(end).every((b) => b === 0)).toBe(true)
    expect(end).toBe(journal.position.offset)

    const verified = await verifyJournal(dir)
    expect([verified.ok, verified.records]).toEqual([true, 30])
    let exported = ''
    const manifest = await exportJournal(dir, (chunk) => void (exported += chunk), new Date(0))
    expect([manifest.verified, manifest.records]).toEqual([true, 30])
    expect(exported).toBe(bytes.toString('utf8', 0, end))
    const scanned: number[] = []
    await scanLines(file, (seq) => scanned.push(seq))
    expect(scanned).toEqual(records.map((r) => r.seq))
    expect(await walkChainInBackground(dir).vouches(journal.head)).toBe(true)
    const index = await JournalIndex.open(dir, fresh())
    expect(index.read(30)).toEqual(records[29])
    index.close()

    await journal.close()
    expect(statSync(file).size).toBe(end)
  })

  it('after a crash, lose nothing acknowledged and the next record follows the last line', async () => {
    const { dir, records } = await running(20)
    const copy = crashImage(dir)
    expect((await verifyJournal(copy)).ok).toBe(true)

    const found: StoredRecord[] = []
    const journal = await Journal.open({
      dir: copy,
      clock: new FakeClock(),
      onRecord: (r) => found.push(r),
    })
    expect(found).toEqual(records)
    expect(journal.tornLines).toBe(0)
    const next = await journal.append('order.malformed', malformed(20))
    expect([next.seq, next.prev]).toEqual([21, records[19]?.hash])
    await journal.close()

    const text = readFileSync(only(copy), 'utf8')
    expect(
      text
        .split('\n')
        .slice(0, -1)
        .map((l) => JSON.parse(l).seq),
    ).toEqual(Array.from({ length: 21 }, (_, i) => i + 1))
    expect(text.endsWith('\n')).toBe(true)
    expect(readdirSync(copy).filter((f) => f.startsWith('torn-'))).toEqual([])
    expect(await verifyJournal(copy)).toMatchObject({ ok: true, records: 21 })
  })

  it('after a crash mid-write, move the torn line aside without the zeros', async () => {
    const { dir, journal } = await running(20)
    const copy = crashImage(dir)
    const torn = '{"seq":21,"ts":0,"type":"order.mal'
    const fd = openSync(only(copy), 'r+')
    writeSync(fd, torn, journal.position.offset)
    closeSync(fd)
    // Not repaired yet: the torn record is reported as such.
    expect((await verifyJournal(copy)).firstBad?.reason).toBe(
      'the segment ends with an incomplete record',
    )

    const again = await Journal.open({ dir: copy, clock: new FakeClock() })
    expect([again.tornLines, again.head.seq]).toEqual([1, 20])
    const aside = readdirSync(copy).filter((f) => f.startsWith('torn-'))
    expect(aside.map((f) => readFileSync(path.join(copy, f), 'utf8'))).toEqual([torn])
    await again.close()
    expect(statSync(only(copy)).size).toBe(journal.position.offset)
    expect(await verifyJournal(copy)).toMatchObject({ ok: true, records: 20 })
  })

  it('are trimmed off a segment as soon as the next day begins', async () => {
    const clock = new FakeClock(Date.UTC(2026, 10, 24, 23, 59))
    const { dir, journal } = await running(5, clock)
    const first = only(dir)
    expect(statSync(first).size).toBeGreaterThan(journal.position.offset)
    const end = journal.position.offset
    clock.advance(120_000)
    await journal.append('order.malformed', malformed(5))
    expect(listSegments(dir)).toHaveLength(2)
    expect(statSync(first).size).toBe(end)
    await journal.close()
    expect(await verifyJournal(dir)).toMatchObject({ ok: true, records: 6 })
  })
})
