/**
 * The journal's on-disk index: a record by seq is its exact line (one read at the offset the
 * index gives), an order's records are found by Vigil's order id and by the client order id,
 * also across a segment boundary, the answers survive a reopen and a lost sidecar, and the
 * index's files are private; and the audit trail folds a late record of a decision it no
 * longer holds from what is on disk.
 */
import { openSync, readSync, closeSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs'
import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import {
  AuditTrail,
  Journal,
  JournalIndex,
  type JournalRecord,
  type RecordPayloads,
} from '../../../../electron/engine/journal'
import { cleanup, tempDir } from '../../../kit/engine'
import { FakeClock } from '../../../kit/fake-clock'

const dirs: string[] = []
afterEach(() => dirs.splice(0).forEach(cleanup))

const DAY = 86_400_000

function intent(orderId: string, clientOrderId: string): RecordPayloads['order.intent'] {
  return {
    orderId,
    accountId: 'paper-1',
    clientOrderId,
    symbol: 'BTC-USD',
    side: 'buy',
    type: 'market',
    quantity: '0.01',
    source: 'api',
    expectedPrice: '65000',
  }
}

function fill(orderId: string, n: number): RecordPayloads['order.fill'] {
  return {
    fillId: `${orderId}-f${n}`,
    orderId,
    accountId: 'paper-1',
    quantity: '0.005',
    price: '65000.5',
    fee: '0.1',
    feeAsset: 'USD',
    liquidity: 'taker',
    ts: n,
  }
}

/** A journal of two days, written with its index following; order A spans midnight. */
async function written() {
  const dir = tempDir()
  dirs.push(dir)
  const journalDir = path.join(dir, 'journal')
  const indexDir = path.join(dir, 'journal-index')
  const clock = new FakeClock(Date.UTC(2026, 0, 1, 23, 0))
  const index = await JournalIndex.open(journalDir, indexDir)
  const journal = await Journal.open({ dir: journalDir, clock, observer: index })
  const a = (await journal.append('order.intent', intent('ord-1', 'bot-a'))).seq
  const b = (await journal.append('order.intent', intent('ord-2', 'bot-b'))).seq
  await journal.append('order.fill', fill('ord-2', 1))
  await journal.append('order.closed', {
    orderId: 'ord-2',
    accountId: 'paper-1',
    status: 'canceled',
    reason: 'Canceled: nothing more “filled”.',
  })
  await journal.append('order.fill', fill('ord-1', 1))
  clock.advance(DAY)
  await journal.append('settings.changed', {
    accountId: 'paper-1',
    key: 'limits',
    old: null,
    new: {} as RecordPayloads['settings.changed']['new'],
  })
  await journal.append('order.fill', fill('ord-1', 2))
  await journal.close()
  index.close()
  const lines = readdirSync(journalDir)
    .filter((f) => f.endsWith('.jsonl'))
    .sort()
    .flatMap((f) => readFileSync(path.join(journalDir, f), 'utf8').trimEnd().split('\n'))
  return { journalDir, indexDir, index, a, b, lines }
}

function expectSameAnswers(index: JournalIndex, lines: readonly string[]): void {
  expect(index.head).toBe(lines.length)
  for (let seq = 1; seq <= lines.length; seq++) {
    expect(index.read(seq)).toEqual(JSON.parse(lines[seq - 1] as string))
  }
  expect(index.orderSeqs('ord-1')).toEqual([1, 5, 7])
  expect(index.orderSeqs('bot-a')).toEqual([1, 5, 7])
  expect(index.orderSeqs('ord-2')).toEqual([2, 3, 4])
  expect(index.orderSeqs('bot-b')).toEqual([2, 3, 4])
  expect(index.orderSeqs('ord-404')).toEqual([])
}

describe('journal index', () => {
  it('reads a record by seq with one read, and an order by either id across segments', async () => {
    const { journalDir, indexDir, lines } = await written()
    const index = await JournalIndex.open(journalDir, indexDir)
    try {
      const at = index.locate(6)
      if (!at) throw new Error('record 6 is not indexed')
      const buf = Buffer.alloc(at.length)
      const fd = openSync(path.join(journalDir, at.segment), 'r')
      readSync(fd, buf, 0, at.length, at.offset)
      closeSync(fd)
      expect(buf.toString('utf8')).toBe(`${lines[5]}\n`)
      expect(at.segment).toBe('2026-01-02.jsonl')
      expectSameAnswers(index, lines)
    } finally {
      index.close()
    }
  })

  it('finds an order by its client id on a day sealed after it was first asked', async () => {
    const dir = tempDir()
    dirs.push(dir)
    const journalDir = path.join(dir, 'journal')
    const clock = new FakeClock(Date.UTC(2026, 0, 1, 12, 0))
    const index = await JournalIndex.open(journalDir, path.join(dir, 'journal-index'))
    const journal = await Journal.open({ dir: journalDir, clock, observer: index })
    try {
      const a = (await journal.append('order.intent', intent('ord-1', 'bot-a'))).seq
      clock.advance(DAY)
      const b = (await journal.append('order.intent', intent('ord-2', 'bot-b'))).seq
      // Day 1 is sealed: asked now, with a new id and an old one.
      expect(index.orderSeqs('bot-new')).toEqual([])
      expect(index.orderSeqs('bot-a')).toEqual([a])
      clock.advance(DAY)
      await journal.append('order.intent', intent('ord-3', 'bot-c'))
      // Day 2 is sealed too: its ids are found as well as day 1's.
      expect(index.orderSeqs('bot-b')).toEqual([b])
      expect(index.orderSeqs('bot-a')).toEqual([a])
    } finally {
      await journal.close()
      index.close()
    }
  })

  it('gives the same answers with its sidecar lost or cut, rebuilt from the journal', async () => {
    const { journalDir, indexDir, lines } = await written()
    const sidecar = path.join(indexDir, '2026-01-01.jsonl.idx')
    expect(statSync(sidecar).size).toBeGreaterThan(32)
    for (const harm of [() => rmSync(sidecar), () => rmSync(indexDir, { recursive: true })]) {
      harm()
      const index = await JournalIndex.open(journalDir, indexDir)
      try {
        expectSameAnswers(index, lines)
      } finally {
        index.close()
      }
    }
  })

  it('keeps its files private', async () => {
    const { indexDir } = await written()
    expect(statSync(indexDir).mode & 0o777).toBe(0o700)
    for (const f of readdirSync(indexDir))
      expect(statSync(path.join(indexDir, f)).mode & 0o777).toBe(0o600)
  })
})

describe('audit trail over the index', () => {
  it('folds a late record of a decision it no longer holds from the journal on disk', async () => {
    const { journalDir, indexDir } = await written()
    const index = await JournalIndex.open(journalDir, indexDir)
    const journal = await Journal.open({ dir: journalDir, clock: new FakeClock(), observer: index })
    try {
      // A trail that has seen none of ord-1's records, as after a restart.
      const trail = new AuditTrail(index)
      const late = journal.write('order.fill', {
        ...fill('ord-1', 3),
        price: '65003.5',
        adopted: true,
      })
      const row = trail.apply(late.record as JournalRecord)
      await late.durable
      // Three fills of 0.005: two at 65,000.5 on disk and the late one at 65,003.5.
      expect(row).toMatchObject({ seq: 1, orderId: 'ord-1', fillPrice: '65001.5' })
      const listed = await trail.since(1, 10)
      expect(listed.map((r) => r.seq)).toEqual([1, 2])
      expect((await trail.query({}, 0, 10)).rows.map((r) => r.orderId)).toEqual(['ord-2', 'ord-1'])
    } finally {
      await journal.close()
      index.close()
    }
  })
})

describe('journal index that cannot be written', () => {
  it('never stops the journal: it stops following, says so, and is rebuilt when next opened', async () => {
    const dir = tempDir()
    dirs.push(dir)
    const journalDir = path.join(dir, 'journal')
    const indexDir = path.join(dir, 'journal-index')
    const clock = new FakeClock(Date.UTC(2026, 0, 1, 23, 0))
    const index = await JournalIndex.open(journalDir, indexDir)
    const journal = await Journal.open({ dir: journalDir, clock, observer: index })
    await journal.append('order.intent', intent('ord-1', 'bot-a'))
    // Its folder gone: sealing the day at midnight cannot write the day's sidecar.
    rmSync(indexDir, { recursive: true })
    clock.advance(DAY)
    await journal.append('order.fill', fill('ord-1', 1))
    await journal.append('order.fill', fill('ord-1', 2))
    expect(journal.head.seq).toBe(3)
    expect(index.following).toBe(false)
    expect(() => index.check()).toThrow(/restart Vigil to rebuild it from the journal/)
    await journal.close()
    index.close()

    const reopened = await JournalIndex.open(journalDir, indexDir)
    try {
      expect(reopened.following).toBe(true)
      expect(reopened.orderSeqs('bot-a')).toEqual([1, 2, 3])
    } finally {
      reopened.close()
    }
  })
})
