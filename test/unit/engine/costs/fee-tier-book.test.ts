import { describe, expect, it } from 'vitest'
import { FeeTierBook, KEPT_TIER_CHANGES, feeTiersFold } from '../../../../electron/engine/costs'
import { COINBASE_ADVANCED_2022_09_20 } from '../../../../electron/engine/brokers'
import type { JournalRecord } from '../../../../electron/engine/journal'

const change = (seq: number, old: number, next: number, volume: string): JournalRecord =>
  ({
    seq,
    ts: seq * 1_000,
    type: 'fees.tier_changed',
    payload: {
      accountId: 'paper-1',
      scheduleId: COINBASE_ADVANCED_2022_09_20.id,
      old,
      new: next,
      oldFrom: COINBASE_ADVANCED_2022_09_20.tiers[old]!.from,
      newFrom: COINBASE_ADVANCED_2022_09_20.tiers[next]!.from,
      volume30d: volume,
    },
    prev: '',
    hash: '',
  }) as JournalRecord

describe('the fee tier fold', () => {
  it('keeps the tier and the latest changes only, however long the history', () => {
    const book = feeTiersFold.fromState(undefined)
    for (let i = 1; i <= 3 * KEPT_TIER_CHANGES; i++)
      feeTiersFold.apply(book, i % 2 ? change(i, 0, 1, '12000') : change(i, 1, 0, '0'), {})
    const kept = book.of('paper-1')!
    expect(kept.changes).toHaveLength(KEPT_TIER_CHANGES)
    expect(kept.changes.at(-1)!.seq).toBe(3 * KEPT_TIER_CHANGES)
    expect(book.position('paper-1', COINBASE_ADVANCED_2022_09_20.id)).toBe(0)
    // What the snapshot keeps brings back the same book.
    const state = JSON.parse(JSON.stringify(feeTiersFold.toState(book)))
    expect(feeTiersFold.toState(FeeTierBook.fromState(state))).toEqual(feeTiersFold.toState(book))
    // Other record types leave it alone; an account it never saw is at the first tier.
    expect(book.position('paper-2', COINBASE_ADVANCED_2022_09_20.id)).toBe(0)
  })

  it('answers the tier in force when an order was placed: by journal order, then by time', () => {
    const book = new FeeTierBook()
    book.apply(change(10, 0, 1, '12000'))
    book.apply(change(20, 1, 3, '150000'))
    const at = (seq: number, ts = 0) =>
      book.volumeAt('paper-1', COINBASE_ADVANCED_2022_09_20, { ts, seq }).toString()
    expect(at(5)).toBe('0') // before the first change: the tier it left
    expect(at(10)).toBe('0') // the change's own seq is not before it
    expect(at(11)).toBe('12000')
    expect(at(21)).toBe('150000')
    // An order from a journal without seqs: by time (changes at 10 s and 20 s).
    expect(at(0, 15_000)).toBe('12000')
  })
})
