import { act, cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { DEFAULT_REPORT_SETTINGS, type ReportInfo } from '../../../shared/performance'
import { err, ok } from '../../../shared/result'
import { App } from '../../../renderer/src/app'
import { yesterday } from '../../../renderer/src/features/reports/reports-screen'
import { useReportsStore } from '../../../renderer/src/stores/reports-store'
import type { VigilBridge } from '../../../shared/bridge'
import { connectFake, FakeTransport, snapshot } from './harness'

vi.mock('lightweight-charts', async () => (await import('./chart-mock')).lightweightChartsMock())

function info(
  date: string,
  summary = `${date}: 4 trades, net +$12.50, meets 3 of 4 targets`,
  trades = 4,
) {
  return {
    trades,
    date,
    generatedAt: Date.parse(`${date}T23:05:00Z`),
    files: {
      json: `report-${date}.json`,
      csv: `report-${date}.csv`,
      html: `report-${date}.html`,
    },
    summary,
  } satisfies ReportInfo
}

const html = (date: string): string =>
  `<!doctype html><html><head><style>h1{color:#123}</style></head><body><h1>Report ${date}</h1><script>window.parent.hacked = true</script></body></html>`

/** The server host's answers to POST /session/report: a one-time address per call. */
function reportLinks() {
  const asked: { date: string; authorization: string | null }[] = []
  let refusal: string | null = null
  const fetch = vi.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
    if (String(input) !== '/session/report') throw new Error(`unexpected fetch ${String(input)}`)
    const { date } = JSON.parse(String(init?.body)) as { date: string }
    asked.push({ date, authorization: new Headers(init?.headers).get('authorization') })
    if (refusal !== null) {
      return new Response(JSON.stringify({ error: { code: 'UNAUTHORIZED', message: refusal } }), {
        status: 401,
      })
    }
    return new Response(JSON.stringify({ url: `/reports/${date}.html?ticket=t${asked.length}` }), {
      status: 201,
    })
  })
  return {
    fetch,
    asked,
    refuse(reason: string) {
      refusal = reason
    },
  }
}

describe('Reports', () => {
  let disconnect: () => void = () => undefined
  let host: FakeTransport
  let links: ReturnType<typeof reportLinks>

  async function open(list: ReportInfo[]): Promise<void> {
    host = new FakeTransport(snapshot({ reports: { list, settings: DEFAULT_REPORT_SETTINGS } }))
    host.responders['reports:list'] = () => ok(list)
    host.responders['reports:get'] = (p) => {
      const { date } = p as { date: string }
      const found = list.find((r) => r.date === date)
      return found
        ? ok({ info: found, html: html(date) })
        : err('NOT_FOUND', `No report for ${date}.`)
    }
    disconnect = await connectFake(host)
    render(<App />)
    fireEvent.click(screen.getByTestId('nav-reports'))
  }

  beforeEach(() => {
    history.replaceState(null, '', '#/')
    useReportsStore.setState(useReportsStore.getInitialState(), true)
    localStorage.setItem('vigil.session', 'tab-session')
    links = reportLinks()
    vi.stubGlobal('fetch', links.fetch)
  })

  afterEach(() => {
    cleanup()
    disconnect()
    delete window.vigil
    vi.unstubAllGlobals()
    localStorage.clear()
  })

  it('lists the reports newest first and opens the newest in a frame that runs no script', async () => {
    await open([info('2026-11-20'), info('2026-11-22'), info('2026-11-21')])
    const items = within(screen.getByTestId('report-list')).getAllByRole('button')
    expect(items.map((b) => b.textContent?.slice(0, 10))).toEqual([
      '2026-11-22',
      '2026-11-21',
      '2026-11-20',
    ])
    const frame = (await screen.findByTestId('report-frame')) as HTMLIFrameElement
    expect(host.callsTo('reports:get')).toEqual([{ date: '2026-11-22' }])
    // The frame loads the report from its own one-time address, bought with the tab's session:
    // the report's HTML is never put into the console's page.
    expect(links.asked).toContainEqual({ date: '2026-11-22', authorization: 'Session tab-session' })
    expect(frame.getAttribute('src')).toMatch(/^\/reports\/2026-11-22\.html\?ticket=t\d+$/)
    expect(frame.hasAttribute('srcdoc')).toBe(false)
    expect(frame.getAttribute('referrerpolicy')).toBe('no-referrer')
    const sandbox = frame.getAttribute('sandbox')
    expect(sandbox).not.toBeNull()
    expect(sandbox).not.toContain('allow-scripts')
    expect(sandbox).not.toContain('allow-top-navigation')

    fireEvent.click(screen.getByTestId('report-item-2026-11-20'))
    await waitFor(() =>
      expect(screen.getByTestId('report-frame').getAttribute('src')).toMatch(
        /^\/reports\/2026-11-20\.html\?ticket=/,
      ),
    )
    expect(screen.getByTestId('report-item-2026-11-20').getAttribute('aria-current')).toBe('true')
  })

  it('opens the newest day that has trades, not a newer quiet one', async () => {
    await open([
      info('2026-11-23', '2026-11-23: no trades', 0),
      info('2026-11-22', '2026-11-22: no trades', 0),
      info('2026-11-21'),
      info('2026-11-20'),
    ])
    await screen.findByTestId('report-frame')
    expect(host.callsTo('reports:get')).toEqual([{ date: '2026-11-21' }])
    expect(screen.getByTestId('report-item-2026-11-21').getAttribute('aria-current')).toBe('true')
  })

  it('opens the newest report when no day has trades yet', async () => {
    await open([info('2026-11-23', '2026-11-23: no trades', 0), info('2026-11-22', 'x', 0)])
    await screen.findByTestId('report-frame')
    expect(host.callsTo('reports:get')).toEqual([{ date: '2026-11-23' }])
  })

  it('adds a report the engine made to the list', async () => {
    await open([])
    expect(screen.getByTestId('reports-empty')).toBeTruthy()
    act(() => host.emit({ type: 'reports:created', payload: info('2026-11-23') }))
    expect(screen.getByTestId('report-item-2026-11-23').textContent).toContain(
      '4 trades, net +$12.50',
    )
  })

  it('generates the report of yesterday by default, then shows it', async () => {
    const made: ReportInfo[] = []
    await open(made)
    const day = yesterday(Date.now())
    expect((screen.getByTestId('report-date') as HTMLInputElement).value).toBe(day)
    host.responders['reports:generate'] = (p) => {
      const report = info((p as { date: string }).date)
      made.push(report)
      return ok(report)
    }
    fireEvent.click(screen.getByTestId('report-generate'))
    await waitFor(() =>
      expect(screen.getByTestId('report-frame').getAttribute('src')).toMatch(
        new RegExp(`^/reports/${day}\\.html\\?ticket=`),
      ),
    )
    expect(host.callsTo('reports:generate')).toEqual([{ date: day }])
  })

  it('shows why a report could not be generated', async () => {
    await open([])
    host.responders['reports:generate'] = () =>
      err('INVALID_INPUT', 'date: 2026-12-01 has not ended yet')
    fireEvent.change(screen.getByTestId('report-date'), { target: { value: '2026-12-01' } })
    fireEvent.click(screen.getByTestId('report-generate'))
    expect((await screen.findByTestId('report-generate-error')).textContent).toBe(
      'date: 2026-12-01 has not ended yet',
    )
  })

  it('exports HTML in the browser, and offers PDF only where the desktop app can make one', async () => {
    const createObjectURL = vi.fn(() => 'blob:report')
    const revokeObjectURL = vi.fn()
    Object.assign(URL, { createObjectURL, revokeObjectURL })
    await open([info('2026-11-22')])
    await screen.findByTestId('report-frame')
    expect(screen.queryByTestId('report-export-pdf')).toBeNull()
    const saved: string[] = []
    const click = vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (
      this: HTMLAnchorElement,
    ) {
      saved.push(this.download)
    })
    fireEvent.click(screen.getByTestId('report-export-html'))
    click.mockRestore()
    expect(saved).toEqual(['vigil-report-2026-11-22.html'])
    const blob = (createObjectURL.mock.calls[0] as unknown as [Blob])[0]
    expect(await blob.text()).toBe(html('2026-11-22'))
    cleanup()
    disconnect()

    // The desktop app without the PDF export: neither button (it keeps the HTML in the data folder).
    const reportAddress = vi.fn(async (date: string) => ok(`app://vigil/reports/${date}.html`))
    window.vigil = { reportAddress } as unknown as VigilBridge
    await open([info('2026-11-22')])
    await screen.findByTestId('report-frame')
    expect(screen.queryByTestId('report-export-html')).toBeNull()
    expect(screen.queryByTestId('report-export-pdf')).toBeNull()
    cleanup()
    disconnect()

    const exportReportPdf = vi.fn(async () =>
      ok({ path: '/home/me/report-2026-11-22.pdf', bytes: 48_000 }),
    )
    window.vigil = { exportReportPdf, reportAddress } as unknown as VigilBridge
    await open([info('2026-11-22')])
    await screen.findByTestId('report-frame')
    fireEvent.click(screen.getByTestId('report-export-pdf'))
    expect(await screen.findByText('Saved /home/me/report-2026-11-22.pdf (47 KB)')).toBeTruthy()
    expect(exportReportPdf).toHaveBeenCalledWith('2026-11-22')
  })

  it('in the desktop app loads the report from the app’s own address, asking the server nothing', async () => {
    const reportAddress = vi.fn(async (date: string) => ok(`app://vigil/reports/${date}.html`))
    window.vigil = { reportAddress } as unknown as VigilBridge
    await open([info('2026-11-22')])
    const frame = await screen.findByTestId('report-frame')
    expect(frame.getAttribute('src')).toBe('app://vigil/reports/2026-11-22.html')
    expect(frame.hasAttribute('srcdoc')).toBe(false)
    expect(reportAddress).toHaveBeenCalledWith('2026-11-22')
    expect(links.fetch).not.toHaveBeenCalled()
  })

  it('shows why the report cannot be shown when the server refuses its address', async () => {
    links.refuse('This tab is not signed in to Vigil (its session ended or was never made).')
    await open([info('2026-11-22')])
    expect((await screen.findByTestId('report-frame-error')).textContent).toBe(
      'The report could not be shown: Vigil could not open the report: This tab is not signed in to Vigil (its session ended or was never made).',
    )
    expect(screen.queryByTestId('report-frame')).toBeNull()
  })

  it('saves the report settings with percent targets as fractions', async () => {
    await open([])
    host.responders['reports:update-settings'] = (p) =>
      ok({ ...DEFAULT_REPORT_SETTINGS, ...(p as object) })
    fireEvent.change(screen.getByTestId('report-target-winRatePct'), { target: { value: '55' } })
    fireEvent.change(screen.getByTestId('report-target-maxDrawdownPct'), {
      target: { value: '15' },
    })
    fireEvent.change(screen.getByTestId('report-time'), { target: { value: '06:30' } })
    fireEvent.click(screen.getByTestId('report-settings-save'))
    await waitFor(() => expect(host.callsTo('reports:update-settings')).toHaveLength(1))
    expect(host.callsTo('reports:update-settings')[0]).toEqual({
      time: '06:30',
      baseline: null,
      targets: { winRate: 0.55, averageProfit: 2, maxDrawdown: 0.15, sharpe: 1 },
    })

    fireEvent.click(screen.getByTestId('report-baseline-fixed'))
    fireEvent.change(screen.getByTestId('report-baseline-from'), {
      target: { value: '2026-10-01' },
    })
    fireEvent.change(screen.getByTestId('report-baseline-to'), { target: { value: '2026-10-31' } })
    host.responders['reports:update-settings'] = () =>
      err('INVALID_INPUT', 'baseline.from: must be a day of trading')
    fireEvent.click(screen.getByTestId('report-settings-save'))
    expect((await screen.findByTestId('report-settings-error')).textContent).toBe(
      'baseline.from: must be a day of trading',
    )
    expect(host.callsTo('reports:update-settings')[1]).toMatchObject({
      baseline: { from: '2026-10-01', to: '2026-10-31' },
    })
  })
})
