/**
 * The chain walk started with the engine, on a worker thread: it vouches for a journal only
 * when every record from the first is intact and linked and the chain ends exactly at the head
 * the journal opened on; anything else leaves the walk to the engine.
 */
import { appendFileSync, readFileSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { Journal, listSegments, walkChainInBackground } from '../../../../electron/engine/journal'
import { cleanup, tempDir } from '../../../kit/engine'
import { FakeClock } from '../../../kit/fake-clock'

const dirs: string[] = []
afterEach(() => dirs.splice(0).forEach(cleanup))

/** A journal of `count` records over two days (two segments); its head. */
async function journalOf(count: number) {
  const dir = tempDir()
  dirs.push(dir)
  const clock = new FakeClock()
  const journal = await Journal.open({ dir, clock })
  for (let i = 0; i < count; i++) {
    if (i === Math.floor(count / 2)) clock.advance(86_400_000)
    await journal.append('order.malformed', { source: 'api', reason: `bad request ${i}` })
  }
  await journal.close()
  return { dir, head: journal.head }
}

const segmentFile = (dir: string, which: number): string =>
  path.join(dir, listSegments(dir).at(which) as string)

describe('the chain walk started with the engine', () => {
  it('vouches for an intact chain ending at the head, and for no other head', async () => {
    const { dir, head } = await journalOf(40)
    expect(listSegments(dir)).toHaveLength(2)
    const walk = walkChainInBackground(dir)
    expect(await walk.vouches(head)).toBe(true)
    expect(await walk.vouches({ seq: head.seq - 1, hash: head.hash })).toBe(false)
    expect(await walk.vouches({ seq: head.seq, hash: '0'.repeat(64) })).toBe(false)
  })

  it('does not vouch for a chain with an edited record', async () => {
    const { dir, head } = await journalOf(40)
    const file = segmentFile(dir, 0)
    writeFileSync(file, readFileSync(file, 'utf8').replace('bad request 3"', 'bad request 4"'))
    expect(await walkChainInBackground(dir).vouches(head)).toBe(false)
  })

  it('does not vouch for a chain with a record removed', async () => {
    const { dir, head } = await journalOf(40)
    const file = segmentFile(dir, 0)
    const lines = readFileSync(file, 'utf8').split('\n')
    lines.splice(5, 1)
    writeFileSync(file, lines.join('\n'))
    expect(await walkChainInBackground(dir).vouches(head)).toBe(false)
  })

  it('walks the segments as they were when it started, up to a torn last line', async () => {
    const { dir, head } = await journalOf(40)
    appendFileSync(segmentFile(dir, -1), '{"seq":41,"ts":1,"type":"ord')
    expect(await walkChainInBackground(dir).vouches(head)).toBe(true)
  })

  it('vouches for nothing in a folder with no journal', async () => {
    const dir = tempDir()
    dirs.push(dir)
    const walk = walkChainInBackground(path.join(dir, 'missing'))
    expect(await walk.vouches({ seq: 0, hash: '0'.repeat(64) })).toBe(false)
  })
})
