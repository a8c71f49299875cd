import { describe, expect, it } from 'vitest'
import type { AuditPage } from '../../../shared/types'
import { AuditPages } from '../../../renderer/src/stores/audit-pages'
import { auditRow } from './harness'

/** The engine's answer for a list of `total` decisions (seq = position + 1), newest first. */
function answer(total: number, offset: number, limit: number): AuditPage {
  const rows = []
  for (let i = offset; i < Math.min(total, offset + limit); i++) rows.push(auditRow(total - i))
  return { total, offset, rows }
}

function load(pages: AuditPages, total: number, page: number): void {
  const { offset, limit } = pages.requestFor(page)
  pages.apply(answer(total, offset, limit), pages.generation)
}

describe('audit page cache', () => {
  it('keeps loaded rows in place when new decisions arrive at the top', () => {
    const pages = new AuditPages({}, 10, 100)
    pages.apply(answer(95, 0, 10), 0)
    expect(pages.total).toBe(95)
    expect(pages.rowAt(0)?.seq).toBe(95)
    load(pages, 95, 4)
    expect(pages.rowAt(50)?.seq).toBe(45)

    // Two new decisions: every index moves down by two, and nothing loaded is lost.
    expect(pages.upsert(auditRow(96))).toBe('new')
    pages.apply(answer(97, 0, 10), pages.generation)
    expect(pages.total).toBe(97)
    expect(pages.rowAt(0)?.seq).toBe(97)
    expect(pages.rowAt(52)?.seq).toBe(45)
    expect(pages.indexOfSeq(45)).toBe(52)
  })

  it('asks only for pages it lacks, those on screen first', () => {
    const pages = new AuditPages({}, 10, 100)
    pages.apply(answer(100, 0, 10), 0)
    // Indexes 30..45 are positions 69..54: pages 6 and 5, plus one page either side.
    expect(pages.missingPages(30, 45)).toEqual([6, 5, 7, 4])
    expect(pages.requestFor(6)).toEqual({ key: 6, offset: 30, limit: 10 })
    load(pages, 100, 6)
    expect(pages.missingPages(30, 45)).toEqual([5, 7, 4])
  })

  it('does not count an answer that predates a new decision twice', () => {
    const pages = new AuditPages({}, 10, 100)
    pages.apply(answer(50, 0, 10), 0)
    pages.upsert(auditRow(51))
    // A page requested before decision 51 existed answers with the old total.
    pages.apply(answer(50, 20, 10), pages.generation)
    pages.apply(answer(51, 0, 10), pages.generation)
    expect(pages.total).toBe(51)
    expect(pages.rowAt(21)?.seq).toBe(30)
  })

  it('updates a loaded row and reloads when a row leaves an outcome filter', () => {
    const pages = new AuditPages({ outcome: 'pending' }, 10, 100)
    pages.apply({ total: 1, offset: 0, rows: [auditRow(7, { outcome: 'pending' })] }, 0)
    expect(pages.upsert(auditRow(7, { outcome: 'pending', reason: 'still waiting' }))).toBe(
      'updated',
    )
    expect(pages.rowAt(0)?.reason).toBe('still waiting')
    expect(pages.upsert(auditRow(7, { outcome: 'passed' }))).toBe('invalidate')
    // An older decision that now matches may belong anywhere in the list.
    expect(pages.upsert(auditRow(3, { outcome: 'pending' }))).toBe('invalidate')
    expect(pages.upsert(auditRow(4, { outcome: 'passed' }))).toBe('ignored')
  })

  it('ignores decisions the filter excludes', () => {
    const pages = new AuditPages({ symbol: 'ETH-USD' }, 10, 100)
    pages.apply(answer(0, 0, 10), 0)
    expect(pages.upsert(auditRow(1, { symbol: 'BTC-USD' }))).toBe('ignored')
    expect(pages.upsert(auditRow(2, { symbol: 'ETH-USD' }))).toBe('new')
  })

  it('holds a bounded number of pages, keeping those on screen', () => {
    const pages = new AuditPages({}, 10, 5)
    pages.apply(answer(1_000, 0, 10), 0)
    for (let page = 90; page >= 60; page--) load(pages, 1_000, page)
    expect(pages.size).toBeLessThanOrEqual(50)
    expect(pages.rowAt(999 - 600)?.seq).toBe(601)
    expect(pages.rowAt(0)).toBeUndefined()
  })

  it('after invalidation, keeps rows on screen but asks for them again', () => {
    const pages = new AuditPages({}, 10, 100)
    pages.apply(answer(30, 0, 10), 0)
    pages.invalidate()
    expect(pages.rowAt(0)?.seq).toBe(30)
    expect(pages.missingPages(0, 5)).toContain(2)
  })
})
