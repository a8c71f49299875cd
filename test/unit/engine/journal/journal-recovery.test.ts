/**
 * Recovery from a snapshot's place in the journal: start-up reads and checks only the records
 * after it, the chain before it is walked in the background, and a journal that is not the
 * one the snapshot saw is still refused at start.
 */
import { appendFileSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import type { Engine } from '../../../../electron/engine'
import {
  Journal,
  JournalCorruptError,
  segmentDataSize,
  type JournalPosition,
  type StoredRecord,
} from '../../../../electron/engine/journal'
import { call, cleanup, tempDir, testEngine, value } from '../../../kit/engine'
import { FakeClock } from '../../../kit/fake-clock'

const dirs: string[] = []
const engines: Engine[] = []
const fresh = (): string => {
  const d = tempDir()
  dirs.push(d)
  return d
}
afterEach(async () => {
  await Promise.all(engines.splice(0).map((e) => e.close()))
  dirs.splice(0).forEach(cleanup)
})

const opened = (accountId: string) =>
  ({
    accountId,
    name: `${accountId} – “paper”`,
    kind: 'paper',
    quoteAsset: 'USD',
    initialBalance: '100',
  }) as const

/** A journal over two days: records a, b, c on the first, d on the second; returns c's place. */
async function twoDays(dir: string): Promise<JournalPosition> {
  const clock = new FakeClock(Date.UTC(2026, 10, 24, 23, 59, 0))
  const journal = await Journal.open({ dir, clock })
  for (const id of ['a', 'b', 'c']) await journal.append('account.opened', opened(id))
  const place = journal.position
  clock.advance(120_000)
  await journal.append('account.opened', opened('d'))
  await journal.close()
  return place
}

async function reopen(
  dir: string,
  after?: JournalPosition,
): Promise<{ journal: Journal; records: StoredRecord[] }> {
  const records: StoredRecord[] = []
  const journal = await Journal.open({
    dir,
    clock: new FakeClock(),
    ...(after ? { after } : {}),
    onRecord: (r) => records.push(r),
  })
  return { journal, records }
}

const edit = (file: string, from: string, to: string): void => {
  const text = readFileSync(file, 'utf8')
  expect(text).toContain(from)
  writeFileSync(file, text.replace(from, to))
}

describe('journal: opening at a snapshot position', () => {
  it('knows where each record ends, across segments and multi-byte text', async () => {
    const dir = fresh()
    const place = await twoDays(dir)
    expect(place).toMatchObject({ seq: 3, segment: '2026-11-24.jsonl' })
    expect(place.offset).toBe(statSync(path.join(dir, '2026-11-24.jsonl')).size)
    const { journal } = await reopen(dir)
    const file = path.join(dir, '2026-11-25.jsonl')
    expect(journal.position).toEqual({
      ...journal.head,
      segment: '2026-11-25.jsonl',
      offset: statSync(file).size,
    })
    // Still being written: the position is where the record will end.
    const { durable } = journal.write('account.opened', opened('é'))
    const pending = journal.position
    await durable
    expect(pending).toEqual({
      ...journal.head,
      segment: '2026-11-25.jsonl',
      // Its data: zeros may be written ahead of it by now.
      offset: segmentDataSize(file),
    })
    await journal.close()
  })

  it('reads only the records after the position and leaves the chain before it unchecked', async () => {
    const dir = fresh()
    const place = await twoDays(dir)
    // An edit before the position: only a walk of the whole chain can see it.
    edit(path.join(dir, '2026-11-24.jsonl'), '"accountId":"a"', '"accountId":"z"')

    const { journal, records } = await reopen(dir, place)
    expect(records.map((r) => r.payload)).toEqual([expect.objectContaining({ accountId: 'd' })])
    expect(journal.uncheckedUpTo).toBe(3)
    expect(journal.head.seq).toBe(4)
    await journal.close()
    await expect(reopen(dir)).rejects.toBeInstanceOf(JournalCorruptError)
  })

  it('refuses an edited record after the position, as a full check would', async () => {
    const dir = fresh()
    const place = await twoDays(dir)
    edit(path.join(dir, '2026-11-25.jsonl'), '"initialBalance":"100"', '"initialBalance":"900"')
    const failure = await reopen(dir, place).catch((e: unknown) => e)
    expect(failure).toBeInstanceOf(JournalCorruptError)
    expect((failure as JournalCorruptError).seq).toBe(4)
  })

  it('checks every record when the position does not hold the record it names', async () => {
    const dir = fresh()
    const place = await twoDays(dir)
    const { journal, records } = await reopen(dir, { ...place, offset: place.offset - 1 })
    expect(journal.uncheckedUpTo).toBe(0)
    expect(records.map((r) => r.seq)).toEqual([4])
    await journal.close()
    const other = await reopen(dir, { ...place, hash: 'f'.repeat(64) })
    expect(other.journal.uncheckedUpTo).toBe(0)
    await other.journal.close()
  })

  it('moves a torn last line after the position aside and cuts it at the right byte', async () => {
    const dir = fresh()
    const place = await twoDays(dir)
    const file = path.join(dir, '2026-11-25.jsonl')
    const whole = readFileSync(file, 'utf8')
    appendFileSync(file, '{"seq":5,"ts":17955216000')

    const { journal, records } = await reopen(dir, place)
    expect(journal.tornLines).toBe(1)
    expect(records.map((r) => r.seq)).toEqual([4])
    expect(readFileSync(file, 'utf8')).toBe(whole)
    expect((await journal.append('account.opened', opened('e'))).seq).toBe(5)
    await journal.close()
    expect((await reopen(dir)).journal.head.seq).toBe(5)
  })
})

/** An engine with a few orders, closed (a snapshot is written), then a tail after it. */
async function withTail(dir: string, ids = ['o1', 'o2']): Promise<void> {
  const first = await testEngine(dir)
  for (const id of ids)
    value(
      await call(first.engine, 'orders:submit', {
        clientOrderId: id,
        symbol: 'BTC-USD',
        side: 'buy',
        type: 'market',
        quantity: '0.001',
      }),
    )
  await first.engine.close()
  const snapshot = path.join(dir, 'state.json')
  const saved = readFileSync(snapshot, 'utf8')
  const second = await testEngine(dir)
  value(await call(second.engine, 'limits:update', { limits: { maxOpenPositions: 3 } }))
  await second.engine.close()
  // As if the process died after writing the tail and before a newer snapshot.
  writeFileSync(snapshot, saved)
}

const segmentOf = (dir: string): string => {
  const [segment] = readdirSync(path.join(dir, 'journal')).filter((f) => f.endsWith('.jsonl'))
  return path.join(dir, 'journal', segment as string)
}

describe('engine: recovery from the snapshot position', () => {
  it('starts on the tail alone and finds an edit before it in the background: alert and halt', async () => {
    const dir = fresh()
    await withTail(dir)
    edit(segmentOf(dir), '"clientOrderId":"o1"', '"clientOrderId":"o9"')

    // testEngine waits for start-up's background work: the walk has found the edit by then.
    const { engine } = await testEngine(dir)
    engines.push(engine)
    // The second run's records: its start, the limits it changed, its stop.
    expect(engine.info.replayed).toBe(3)
    const { alerts } = value(await call(engine, 'alerts:status', {}))
    expect(alerts[0]).toMatchObject({
      severity: 'critical',
      kind: 'journal_tampered',
      message: expect.stringContaining('was edited'),
    })
    const refused = await call(engine, 'orders:submit', {
      symbol: 'BTC-USD',
      side: 'buy',
      type: 'market',
      quantity: '0.001',
    })
    expect(refused.ok ? null : refused.error.message).toMatch(/Trading is HALTED/)
    expect(value(await call(engine, 'app:get-snapshot', {})).globalTradingState).toBe('HALTED')
  })

  it('never gives an alert id twice, even to alerts the journal could not take, across restarts', async () => {
    const dir = fresh()
    await withTail(dir)
    edit(segmentOf(dir), '"clientOrderId":"o1"', '"clientOrderId":"o9"')
    // Each start walks the chain, finds the edit and raises an alert that is shown, not
    // journaled (the journal failed its check); from the second start on, trading is already
    // halted, so only the engine's start and stop are journaled.
    for (let start = 0; start < 3; start++) {
      const { engine } = await testEngine(dir)
      await engine.close()
    }
    const { engine } = await testEngine(dir)
    engines.push(engine)
    const ids = value(await call(engine, 'alerts:status', {})).alerts.map((a) => a.id)
    expect(ids.length).toBeGreaterThanOrEqual(3)
    expect(new Set(ids).size).toBe(ids.length)
  })

  it('starts clean, walks the whole chain in the background, and leaves trading alone', async () => {
    const dir = fresh()
    await withTail(dir)
    const { engine } = await testEngine(dir)
    engines.push(engine)
    // The second run's records: its start, the limits it changed, its stop.
    expect(engine.info.replayed).toBe(3)
    // audit:verify joins the walk start-up began.
    const report = value(await call(engine, 'audit:verify', {}))
    expect(report).toMatchObject({ ok: true, records: engine.info.journalSeq })
    expect(value(await call(engine, 'app:get-snapshot', {})).globalTradingState).toBe('ACTIVE')
  })

  it('refuses to start when the tail after the snapshot was edited', async () => {
    const dir = fresh()
    await withTail(dir)
    edit(segmentOf(dir), '"maxOpenPositions":3', '"maxOpenPositions":9')
    await expect(testEngine(dir)).rejects.toBeInstanceOf(JournalCorruptError)
  })

  it('refuses to start on another journal of the same length', async () => {
    const dir = fresh()
    const other = fresh()
    await withTail(dir)
    await withTail(other, ['p1', 'p2'])
    const theirs = readFileSync(segmentOf(other), 'utf8')
    const mine = readFileSync(segmentOf(dir), 'utf8')
    expect(theirs.split('\n')).toHaveLength(mine.split('\n').length)
    writeFileSync(segmentOf(dir), theirs)
    await expect(testEngine(dir)).rejects.toThrow(/does not match the state snapshot/)
  })
})
