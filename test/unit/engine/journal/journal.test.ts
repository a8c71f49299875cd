import { readFileSync, readdirSync, writeFileSync, appendFileSync } from 'node:fs'
import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import {
  Journal,
  JournalCorruptError,
  type StoredRecord,
} from '../../../../electron/engine/journal'
import { FakeClock } from '../../../kit/fake-clock'
import { cleanup, tempDir } from '../../../kit/engine'

const dirs: string[] = []
const fresh = (): string => {
  const d = tempDir()
  dirs.push(d)
  return d
}
afterEach(() => dirs.splice(0).forEach(cleanup))

const opened = (accountId: string) =>
  ({ accountId, name: accountId, kind: 'paper', quoteAsset: 'USD', initialBalance: '100' }) as const

async function reopen(
  dir: string,
  clock = new FakeClock(),
): Promise<{ journal: Journal; records: StoredRecord[] }> {
  const records: StoredRecord[] = []
  const journal = await Journal.open({ dir, clock, onRecord: (r) => records.push(r) })
  return { journal, records }
}

describe('journal', () => {
  it('chains records by hash and finds every one again on reopen', async () => {
    const dir = fresh()
    const clock = new FakeClock()
    const journal = await Journal.open({ dir, clock })
    const first = await journal.append('account.opened', opened('a'))
    const second = await journal.append('account.opened', opened('b'))
    expect(first.seq).toBe(1)
    expect(second.prev).toBe(first.hash)
    await journal.close()

    const { journal: again, records } = await reopen(dir)
    expect(records.map((r) => r.seq)).toEqual([1, 2])
    expect(again.head).toEqual({ seq: 2, hash: second.hash })
    await again.close()
  })

  it('commits a burst of appends as one group, each resolving only once written', async () => {
    const dir = fresh()
    const journal = await Journal.open({ dir, clock: new FakeClock() })
    const all = await Promise.all(
      Array.from({ length: 50 }, (_, i) => journal.append('account.opened', opened(`a${i}`))),
    )
    expect(all.map((r) => r.seq)).toEqual(Array.from({ length: 50 }, (_, i) => i + 1))
    const [segment] = readdirSync(dir)
    expect(
      readFileSync(path.join(dir, segment as string), 'utf8')
        .replace(/\0+$/, '')
        .trim()
        .split('\n'),
    ).toHaveLength(50)
    await journal.close()
  })

  it('writes one segment file per day', async () => {
    const dir = fresh()
    const clock = new FakeClock(Date.UTC(2026, 10, 24, 23, 59, 0))
    const journal = await Journal.open({ dir, clock })
    await journal.append('account.opened', opened('a'))
    clock.advance(120_000)
    await journal.append('account.opened', opened('b'))
    await journal.close()
    expect(readdirSync(dir).sort()).toEqual(['2026-11-24.jsonl', '2026-11-25.jsonl'])
    const { records } = await reopen(dir)
    expect(records).toHaveLength(2)
  })

  it('moves a torn last line aside and cuts it, keeping every complete record', async () => {
    const dir = fresh()
    const journal = await Journal.open({ dir, clock: new FakeClock() })
    await journal.append('account.opened', opened('a'))
    await journal.close()
    const [segment] = readdirSync(dir)
    appendFileSync(path.join(dir, segment as string), '{"seq":2,"ts":17955216000')

    const { journal: again, records } = await reopen(dir)
    expect(records).toHaveLength(1)
    expect(again.tornLines).toBe(1)
    expect(readdirSync(dir).some((f) => f.startsWith('torn-'))).toBe(true)
    expect(readFileSync(path.join(dir, segment as string), 'utf8').endsWith('}\n')).toBe(true)
    const next = await again.append('account.opened', opened('b'))
    expect(next.seq).toBe(2)
    await again.close()
  })

  it('refuses a journal with an edited record in the middle, naming the file and seq', async () => {
    const dir = fresh()
    const journal = await Journal.open({ dir, clock: new FakeClock() })
    for (const id of ['a', 'b', 'c']) await journal.append('account.opened', opened(id))
    await journal.close()
    const [segment] = readdirSync(dir)
    const file = path.join(dir, segment as string)
    writeFileSync(
      file,
      readFileSync(file, 'utf8').replace('"initialBalance":"100"', '"initialBalance":"900"'),
    )

    const failure = await reopen(dir).catch((e: unknown) => e)
    expect(failure).toBeInstanceOf(JournalCorruptError)
    expect((failure as JournalCorruptError).seq).toBe(1)
    expect((failure as Error).message).toContain(segment)
  })

  it('refuses a journal with a record removed from the middle', async () => {
    const dir = fresh()
    const journal = await Journal.open({ dir, clock: new FakeClock() })
    for (const id of ['a', 'b', 'c']) await journal.append('account.opened', opened(id))
    await journal.close()
    const [segment] = readdirSync(dir)
    const file = path.join(dir, segment as string)
    const lines = readFileSync(file, 'utf8').split('\n')
    lines.splice(1, 1)
    writeFileSync(file, lines.join('\n'))
    const failure = await reopen(dir).catch((e: unknown) => e)
    expect(failure).toBeInstanceOf(JournalCorruptError)
    expect((failure as JournalCorruptError).seq).toBe(2)
  })
})

describe('journal segments and the clock', () => {
  it('never writes into an older segment when the clock steps back over midnight', async () => {
    const dir = tempDir()
    dirs.push(dir)
    const clock = new FakeClock(Date.UTC(2026, 10, 24, 23, 59, 59))
    const journal = await Journal.open({ dir, clock })
    await journal.append('account.opened', opened('a'))
    clock.advance(2_000)
    await journal.append('account.opened', opened('b'))
    await journal.close()
    // A restart whose clock is a few seconds behind (NTP step): still the newest segment.
    const behind = new FakeClock(Date.UTC(2026, 10, 24, 23, 59, 58))
    const again = await Journal.open({ dir, clock: behind })
    await again.append('account.opened', opened('c'))
    await again.close()
    expect(
      readFileSync(path.join(dir, '2026-11-24.jsonl'), 'utf8').trim().split('\n'),
    ).toHaveLength(1)
    const { records } = await reopen(dir)
    expect(records.map((r) => r.seq)).toEqual([1, 2, 3])
  })
})
