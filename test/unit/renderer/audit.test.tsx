import { act, cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest'
import { ok, type Result } from '../../../shared/result'
import type { AuditFilter, AuditPage, AuditRow, VerifyReport } from '../../../shared/types'
import { AuditScreen } from '../../../renderer/src/features/audit/audit-screen'
import {
  HEADER_HEIGHT,
  MAX_SCROLL_PX,
  ROW_HEIGHT,
} from '../../../renderer/src/features/audit/audit-table'
import { auditRow, connectFake, FakeTransport, rejectedRecord, snapshot } from './harness'

const VIEW_HEIGHT = 600
const LIST_HEIGHT = VIEW_HEIGHT - HEADER_HEIGHT

// jsdom lays nothing out: the grid gets a height, and a scroll position the test sets.
const realClientHeight = Object.getOwnPropertyDescriptor(HTMLElement.prototype, 'clientHeight')
beforeAll(() => {
  Object.defineProperty(HTMLElement.prototype, 'clientHeight', {
    configurable: true,
    get(this: HTMLElement) {
      return this.dataset.testid === 'audit-table' ? VIEW_HEIGHT : 0
    },
  })
})
afterAll(() => {
  if (realClientHeight)
    Object.defineProperty(HTMLElement.prototype, 'clientHeight', realClientHeight)
})

/** An engine's audit list of `total` decisions, synthesized: seq n is BTC when odd, ETH when even. */
class FakeAuditLog {
  total: number
  readonly overrides = new Map<number, AuditRow>()
  /** When set, answers wait until the test releases them. */
  hold = false
  private readonly held: (() => void)[] = []

  constructor(total: number) {
    this.total = total
  }

  row(seq: number): AuditRow {
    return (
      this.overrides.get(seq) ??
      auditRow(seq, {
        symbol: seq % 2 === 0 ? 'ETH-USD' : 'BTC-USD',
        outcome: seq % 7 === 0 ? 'rejected' : 'passed',
      })
    )
  }

  query(payload: unknown): AuditPage {
    const {
      filter = {},
      offset = 0,
      limit = 200,
    } = payload as {
      filter?: AuditFilter
      offset?: number
      limit?: number
    }
    // Newest first; the ETH filter keeps even seqs only.
    const eth = filter.symbol === 'ETH-USD'
    const newest = eth ? this.total - (this.total % 2) : this.total
    const count = eth ? Math.floor(this.total / 2) : this.total
    const rows: AuditRow[] = []
    for (let i = offset; i < Math.min(count, offset + limit); i++) {
      rows.push(this.row(newest - i * (eth ? 2 : 1)))
    }
    return { total: count, offset, rows }
  }

  respond = (payload: unknown): Promise<Result<AuditPage>> | Result<AuditPage> => {
    if (!this.hold) return ok(this.query(payload))
    return new Promise((resolve) => this.held.push(() => resolve(ok(this.query(payload)))))
  }

  release(): void {
    this.hold = false
    for (const answer of this.held.splice(0)) answer()
  }
}

function grid(): HTMLElement {
  return screen.getByTestId('audit-table')
}

/** Scrolls the grid as a browser would: the position changes, then a scroll event fires. */
function scrollGridTo(top: number): void {
  const el = grid()
  Object.defineProperty(el, 'scrollTop', { configurable: true, writable: true, value: top })
  fireEvent.scroll(el)
}

function offsetsQueried(host: FakeTransport): number[] {
  return host.callsTo('audit:query').map((p) => (p as { offset: number }).offset)
}

describe('Audit screen', () => {
  let disconnect: () => void = () => undefined
  let host: FakeTransport
  let log: FakeAuditLog

  beforeEach(async () => {
    host = new FakeTransport(snapshot())
    log = new FakeAuditLog(10_000)
    host.responders['audit:query'] = log.respond
    disconnect = await connectFake(host)
    // The grid's own scroll calls (a new filter goes back to the top) move the fake position.
    HTMLElement.prototype.scrollTo = function (
      this: HTMLElement,
      options?: ScrollToOptions | number,
    ) {
      const top = typeof options === 'number' ? 0 : (options?.top ?? 0)
      Object.defineProperty(this, 'scrollTop', { configurable: true, writable: true, value: top })
      // A browser reports the scroll on its next frame, not inside the call.
      setTimeout(() => act(() => void this.dispatchEvent(new Event('scroll'))), 0)
    } as typeof HTMLElement.prototype.scrollTo
  })

  afterEach(() => {
    cleanup()
    disconnect()
    vi.restoreAllMocks()
  })

  it('loads the top of the list and shows the total, rendering only the rows in view', async () => {
    render(<AuditScreen />)
    await screen.findByTestId('audit-row-10000')
    expect(screen.getByTestId('audit-total').textContent).toBe('10,000 decisions')
    expect(host.callsTo('audit:query')[0]).toEqual({ filter: {}, offset: 0, limit: 200 })
    const rendered = grid().querySelectorAll('[role=row][aria-rowindex]').length - 1
    expect(rendered).toBeGreaterThanOrEqual(Math.ceil(LIST_HEIGHT / ROW_HEIGHT))
    expect(rendered).toBeLessThan(60)
    const top = screen.getByTestId('audit-row-10000')
    expect(top.textContent).toContain('ETH-USD')
    expect(within(top).getByTestId('audit-outcome').textContent).toBe('Passed')
    expect(
      within(screen.getByTestId('audit-row-9996')).getByTestId('audit-outcome').textContent,
    ).toBe('Rejected')
  })

  it('fetches the page under the viewport when it scrolls, with placeholders meanwhile', async () => {
    render(<AuditScreen />)
    await screen.findByTestId('audit-row-10000')
    log.hold = true
    scrollGridTo(5_000 * ROW_HEIGHT)
    // Index 5,000 is position 4,999 from the oldest: page 24, which starts at offset 5,000.
    await waitFor(() => expect(offsetsQueried(host)).toContain(5_000))
    expect(host.callsTo('audit:query').at(-1)).toMatchObject({ limit: 200 })
    expect(grid().querySelectorAll('[aria-busy=true]').length).toBeGreaterThan(10)
    expect(screen.queryByTestId('audit-row-5000')).toBeNull()
    act(() => log.release())
    await screen.findByTestId('audit-row-5000')
    expect(grid().querySelectorAll('[aria-busy=true]')).toHaveLength(0)
  })

  it('reaches the oldest of a million decisions, compressing the scroll range', async () => {
    log = new FakeAuditLog(1_000_000)
    host.responders['audit:query'] = log.respond
    render(<AuditScreen />)
    await screen.findByTestId('audit-row-1000000')
    const rows = grid().querySelector('[role=rowgroup]') as HTMLElement
    expect(rows.style.height).toBe(`${MAX_SCROLL_PX}px`)

    scrollGridTo(MAX_SCROLL_PX - LIST_HEIGHT)
    await screen.findByTestId('audit-row-1')
    expect(offsetsQueried(host)).toContain(1_000_000 - 200)
    // The oldest row sits at the very bottom of the viewport.
    const last = screen.getByTestId('audit-row-1')
    const top = Number(/translateY\((-?[\d.]+)px\)/.exec(last.style.transform)?.[1])
    expect(Math.abs(top + ROW_HEIGHT - MAX_SCROLL_PX)).toBeLessThanOrEqual(1)

    scrollGridTo((MAX_SCROLL_PX - LIST_HEIGHT) / 2)
    await waitFor(() => expect(screen.queryByTestId('audit-row-1')).toBeNull())
    await screen.findByTestId('audit-row-500000')
  })

  it('starts again from the top with a new filter', async () => {
    render(<AuditScreen />)
    await screen.findByTestId('audit-row-10000')
    scrollGridTo(5_000 * ROW_HEIGHT)
    await screen.findByTestId('audit-row-5000')
    const before = host.callsTo('audit:query').length

    fireEvent.change(screen.getByTestId('audit-filter-symbol'), { target: { value: 'ETH-USD' } })
    await screen.findByTestId('audit-row-10000')
    const after = host.callsTo('audit:query').slice(before)
    expect(after[0]).toEqual({ filter: { symbol: 'ETH-USD' }, offset: 0, limit: 200 })
    expect(grid().scrollTop).toBe(0)
    expect(screen.getByTestId('audit-total').textContent).toBe('5,000 decisions')
    expect(screen.queryByTestId('audit-row-9999')).toBeNull()

    fireEvent.change(screen.getByTestId('audit-filter-outcome'), {
      target: { value: 'verification_failed' },
    })
    await waitFor(() =>
      expect(host.callsTo('audit:query').at(-1)).toEqual({
        filter: { symbol: 'ETH-USD', outcome: 'verification_failed' },
        offset: 0,
        limit: 200,
      }),
    )
    fireEvent.change(screen.getByTestId('audit-filter-from'), {
      target: { value: '2024-05-01T09:30' },
    })
    await waitFor(() =>
      expect(host.callsTo('audit:query').at(-1)).toMatchObject({
        filter: { from: new Date('2024-05-01T09:30').getTime() },
        offset: 0,
      }),
    )
  })

  it('updates a loaded row live and puts a new decision on top', async () => {
    render(<AuditScreen />)
    await screen.findByTestId('audit-row-9999')
    act(() =>
      host.emit({
        type: 'audit:row',
        payload: auditRow(9_999, {
          outcome: 'verification_failed',
          reason: 'Fill price $65,400.00 is 61.5 bps from the expected price, tolerance 50 bps.',
        }),
      }),
    )
    const updated = screen.getByTestId('audit-row-9999')
    await waitFor(() =>
      expect(within(updated).getByTestId('audit-outcome').textContent).toBe('Verification failed'),
    )
    expect(updated.textContent).toContain('61.5 bps from the expected price')

    log.total = 10_001
    log.overrides.set(10_001, auditRow(10_001, { outcome: 'pending', fillPrice: null }))
    act(() => host.emit({ type: 'audit:row', payload: log.row(10_001) }))
    const fresh = await screen.findByTestId('audit-row-10001')
    expect(within(fresh).getByTestId('audit-outcome').textContent).toBe('Pending')
    expect(fresh.getAttribute('aria-rowindex')).toBe('2')
    expect(screen.getByTestId('audit-total').textContent).toBe('10,001 decisions')
  })

  it('calls a canceled order Canceled, with who canceled it, and offers it as a filter', async () => {
    render(<AuditScreen />)
    await screen.findByTestId('audit-row-9999')
    act(() =>
      host.emit({
        type: 'audit:row',
        payload: auditRow(9_999, {
          outcome: 'canceled',
          fillPrice: null,
          reason: 'Canceled by the kill switch (bot loose).',
        }),
      }),
    )
    const row = screen.getByTestId('audit-row-9999')
    // Not "Passed": the gate passed it, and the badge's title says so; what happened is the cancel.
    await waitFor(() =>
      expect(within(row).getByTestId('audit-outcome').textContent).toBe('Canceled'),
    )
    expect(within(row).getByTestId('audit-outcome').getAttribute('title')).toMatch(
      /gate passed it; then it was canceled/,
    )
    expect(row.textContent).toContain('Canceled by the kill switch (bot loose).')
    const options = [...screen.getByTestId('audit-filter-outcome').querySelectorAll('option')]
    expect(options.map((o) => o.textContent)).toContain('Canceled')
  })

  it('opens a decision with the keyboard and shows every check', async () => {
    host.responders['audit:get'] = (payload) => ok(rejectedRecord((payload as { seq: number }).seq))
    render(<AuditScreen />)
    await screen.findByTestId('audit-row-10000')
    grid().focus()
    fireEvent.keyDown(grid(), { key: 'ArrowDown' })
    fireEvent.keyDown(grid(), { key: 'ArrowDown' })
    expect(screen.getByTestId('audit-row-9999').getAttribute('aria-selected')).toBe('true')
    expect(grid().getAttribute('aria-activedescendant')).toBe(
      screen.getByTestId('audit-row-9999').id,
    )
    fireEvent.keyDown(grid(), { key: 'Enter' })

    const detail = await screen.findByTestId('audit-detail')
    await waitFor(() => expect(detail.textContent).toContain('Pre-execution checks'))
    expect(host.callsTo('audit:get')).toEqual([{ seq: 9_999 }])
    const checks = within(detail).getAllByTestId('audit-gate-check')
    expect(checks.map((c) => c.getAttribute('data-passed'))).toEqual(['true', 'false'])
    expect(checks[1]?.textContent).toContain(
      'Order value $650,000.00 is above the maximum order size of $5,000.00.',
    )
    expect(detail.textContent).toContain('Not sent: the checks refused the order.')
    expect(detail.textContent).toContain('$10,000.00')
  })

  it('shows verification progress, then a tampered journal in red', async () => {
    let finish: (report: VerifyReport) => void = () => undefined
    host.responders['audit:verify'] = () =>
      new Promise((resolve) => (finish = (report) => resolve(ok(report))))
    render(<AuditScreen />)
    fireEvent.click(screen.getByTestId('audit-verify'))
    expect((screen.getByTestId('audit-verify') as HTMLButtonElement).disabled).toBe(true)
    act(() =>
      host.emit({ type: 'audit:verify-progress', payload: { checked: 4_000, total: 12_345 } }),
    )
    const progress = (await screen.findByTestId('audit-verify-progress')) as HTMLProgressElement
    await waitFor(() => expect(progress.value).toBe(4_000))
    expect(progress.max).toBe(12_345)
    expect(screen.getByText('4,000 of 12,345 records checked')).toBeTruthy()

    act(() =>
      finish({
        ok: false,
        records: 12_345,
        segments: 3,
        head: { seq: 12_345, hash: 'ab'.repeat(32) },
        firstBad: { seq: 8_123, segment: '000002.jsonl', reason: 'the record hash does not match' },
        durationMs: 420,
      }),
    )
    const result = await screen.findByTestId('audit-verify-result')
    expect(result.textContent).toBe(
      'Journal tampered: first bad record seq 8123 in segment 000002.jsonl: the record hash does not match',
    )
    expect(result.className).toContain('verify-bad')
    expect(screen.queryByTestId('audit-verify-progress')).toBeNull()
  })

  it('says the journal is intact in green', async () => {
    host.responders['audit:verify'] = () =>
      ok({
        ok: true,
        records: 12_345,
        segments: 1,
        head: { seq: 12_345, hash: 'cd'.repeat(32) },
        firstBad: null,
        durationMs: 80,
      })
    render(<AuditScreen />)
    fireEvent.click(screen.getByTestId('audit-verify'))
    const result = await screen.findByTestId('audit-verify-result')
    expect(result.textContent).toBe('Journal intact: 12,345 records checked')
    expect(result.className).toContain('verify-good')
  })

  it('downloads the journal with its manifest, and the CSV, each at a one-time address its session buys', async () => {
    const clicked: string[] = []
    vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (
      this: HTMLAnchorElement,
    ) {
      clicked.push(`${this.getAttribute('href')} ${this.download}`)
    })
    localStorage.setItem('vigil.session', 'tab-session')
    const asked: string[] = []
    vi.spyOn(globalThis, 'fetch').mockImplementation(async (input, init) => {
      const { format } = JSON.parse(String(init?.body)) as { format: string }
      asked.push(`${String(input)} ${new Headers(init?.headers).get('authorization')} ${format}`)
      const url = `/api/v1/audit/export?format=${format}&ticket=t-${format}`
      return new Response(JSON.stringify({ url }), { status: 201 })
    })
    try {
      render(<AuditScreen />)
      fireEvent.click(screen.getByTestId('audit-export-jsonl'))
      await screen.findByText(/Exported/)
      fireEvent.click(screen.getByTestId('audit-export-csv'))
      await waitFor(() => expect(clicked).toHaveLength(3))
      expect(asked).toEqual([
        '/session/download Session tab-session jsonl',
        '/session/download Session tab-session manifest',
        '/session/download Session tab-session csv',
      ])
      expect(clicked).toEqual([
        '/api/v1/audit/export?format=jsonl&ticket=t-jsonl vigil-journal.jsonl',
        '/api/v1/audit/export?format=manifest&ticket=t-manifest vigil-journal-manifest.json',
        '/api/v1/audit/export?format=csv&ticket=t-csv vigil-audit.csv',
      ])
    } finally {
      localStorage.removeItem('vigil.session')
    }
  })

  it('says why an export could not start when the session is refused', async () => {
    vi.spyOn(globalThis, 'fetch').mockResolvedValue(
      new Response(
        JSON.stringify({
          error: { code: 'UNAUTHORIZED', message: 'This tab is not signed in to Vigil.' },
        }),
        { status: 401 },
      ),
    )
    render(<AuditScreen />)
    fireEvent.click(screen.getByTestId('audit-export-csv'))
    await screen.findByText(
      /Vigil could not start the download: This tab is not signed in to Vigil\./,
    )
  })

  it('exports through the Electron host when it offers a save dialog', async () => {
    const exportAudit = vi.fn(async () =>
      ok({
        files: ['/home/trader/vigil-audit-20260101.csv'],
        path: '/home/trader/vigil-audit-20260101.csv',
        manifestPath: null,
        records: 3,
        sha256: 'ef'.repeat(32),
      }),
    )
    window.vigil = { invoke: vi.fn(), subscribe: vi.fn(() => () => undefined), exportAudit }
    try {
      render(<AuditScreen />)
      fireEvent.click(screen.getByTestId('audit-export-csv'))
      await screen.findByText('Exported /home/trader/vigil-audit-20260101.csv')
      expect(exportAudit).toHaveBeenCalledWith('csv')
    } finally {
      delete window.vigil
    }
  })
})
