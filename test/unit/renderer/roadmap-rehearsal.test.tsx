import { act, cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { ok } from '../../../shared/result'
import type { RehearsalProgress, ValidationView } from '../../../shared/validation'
import { noPlan, validationView } from '../../kit/validation-fixture'
import type { FakeTransport } from './harness'
import { openRoadmap } from './roadmap-kit'

vi.mock('lightweight-charts', async () => (await import('./chart-mock')).lightweightChartsMock())

describe('Roadmap screen: rehearsal, audit report and a new plan', () => {
  let disconnect: () => void = () => undefined
  let host: FakeTransport

  async function open(view: ValidationView = validationView()): Promise<void> {
    ;({ host, disconnect } = await openRoadmap(view))
  }

  beforeEach(() => {
    history.replaceState(null, '', '#/')
  })

  afterEach(() => {
    cleanup()
    disconnect()
    vi.restoreAllMocks()
  })

  it('rehearses with a progress bar that follows the events, stops, and says where the report is', async () => {
    await open()
    const running = (day: number): RehearsalProgress => ({
      state: 'running',
      day,
      days: 30,
      message: '',
      outDir: null,
    })
    host.responders['validation:rehearse'] = () => ok(running(0))
    host.responders['validation:rehearse-stop'] = () =>
      ok({
        ...running(12),
        state: 'stopped',
        message: 'Stopped by the trader.',
        outDir: '/tmp/rehearsal-7',
      })
    fireEvent.change(await screen.findByTestId('rehearse-days'), { target: { value: '30' } })
    fireEvent.change(screen.getByTestId('rehearse-seed'), { target: { value: '7' } })
    fireEvent.click(screen.getByTestId('rehearse-start'))
    const bar = await screen.findByRole('progressbar', { name: 'Rehearsal progress' })
    expect(host.callsTo('validation:rehearse')).toEqual([{ days: 30, seed: 7 }])
    expect(bar.getAttribute('aria-valuenow')).toBe('0')
    act(() => host.emit({ type: 'validation:rehearsal', payload: running(12) }))
    expect(bar.getAttribute('aria-valuenow')).toBe('12')
    expect(bar.getAttribute('aria-valuemax')).toBe('30')
    expect(screen.getByTestId('rehearse-day').textContent).toBe('Day 12 of 30 (40 %)')
    fireEvent.click(screen.getByTestId('rehearse-stop'))
    await waitFor(() => expect(screen.queryByRole('progressbar')).toBeNull())
    expect(host.callsTo('validation:rehearse-stop')).toEqual([{}])
    const ended = screen.getByTestId('rehearse-ended')
    expect(ended.textContent).toMatch(
      /^Rehearsal stopped on day 12 of 30\. Stopped by the trader\./,
    )
    expect(within(ended).getByTestId('rehearse-outdir').textContent).toMatch(/\/tmp\/rehearsal-7/)
    // A rehearsal can start again.
    expect(screen.getByTestId('rehearse-start')).toBeTruthy()
  })

  it('refuses a rehearsal of more than 90 days before sending it', async () => {
    await open()
    fireEvent.change(await screen.findByTestId('rehearse-days'), { target: { value: '120' } })
    expect((screen.getByTestId('rehearse-start') as HTMLButtonElement).disabled).toBe(true)
    expect(screen.getByText('Days is a whole number from 1 to 90.')).toBeTruthy()
  })

  it('saves the audit report as an HTML file made from a Blob', async () => {
    await open()
    host.responders['validation:report'] = () =>
      ok({ html: '<h1>Audit of the 90 days</h1>', fileName: 'vigil-roadmap-2026-12-03.html' })
    let blob: Blob | null = null
    URL.createObjectURL = vi.fn((b: Blob) => {
      blob = b
      return 'blob:roadmap-1'
    })
    URL.revokeObjectURL = vi.fn()
    const saved: { href: string; download: string }[] = []
    vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (
      this: HTMLAnchorElement,
    ) {
      saved.push({ href: this.href, download: this.download })
    })
    fireEvent.click(await screen.findByRole('button', { name: 'Save audit report (HTML)' }))
    expect((await screen.findByTestId('audit-report-status')).textContent).toBe(
      'Saved as vigil-roadmap-2026-12-03.html in your downloads: open it in a browser.',
    )
    expect(saved).toEqual([{ href: 'blob:roadmap-1', download: 'vigil-roadmap-2026-12-03.html' }])
    expect(await (blob as unknown as Blob).text()).toBe('<h1>Audit of the 90 days</h1>')
  })

  it('opens the audit at its own one-time address to print it as a PDF', async () => {
    await open()
    localStorage.setItem('vigil.session', 'tab-session')
    const asked: unknown[] = []
    vi.stubGlobal(
      'fetch',
      vi.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
        asked.push([String(input), JSON.parse(String(init?.body))])
        return new Response(JSON.stringify({ url: '/reports/validation.html?ticket=t1' }), {
          status: 201,
        })
      }),
    )
    const opened: { href: string; target: string }[] = []
    vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (
      this: HTMLAnchorElement,
    ) {
      opened.push({ href: this.href, target: this.target })
    })
    fireEvent.click(await screen.findByRole('button', { name: 'Open audit to print as PDF' }))
    expect((await screen.findByTestId('audit-report-status')).textContent).toMatch(
      /opened in a new tab: use the browser’s Print/,
    )
    expect(asked).toEqual([['/session/report', { date: 'validation' }]])
    expect(opened).toEqual([
      { href: expect.stringMatching(/\/reports\/validation\.html\?ticket=t1$/), target: '_blank' },
    ])
    vi.unstubAllGlobals()
    localStorage.clear()
  })

  it('says "No plan yet" and starts one with the day, the accounts, the roll-back and a reason', async () => {
    await open(noPlan())
    const panel = await screen.findByTestId('roadmap-noplan')
    expect(within(panel).getByRole('heading').textContent).toBe('No plan yet')
    expect((within(panel).getByTestId('plan-start') as HTMLInputElement).value).toBe('2026-12-03')
    host.responders['validation:set-plan'] = () => ok(validationView({ day: 1 }))
    fireEvent.click(within(panel).getByTestId('plan-submit'))
    expect(within(panel).getByText('Enrol at least one account.')).toBeTruthy()
    expect(host.callsTo('validation:set-plan')).toEqual([])
    fireEvent.click(within(panel).getByTestId('plan-account-exchange-2'))
    fireEvent.click(within(panel).getByTestId('plan-rollback'))
    fireEvent.change(within(panel).getByTestId('plan-reason'), {
      target: { value: 'going live on the sandbox first' },
    })
    fireEvent.click(within(panel).getByTestId('plan-submit'))
    await waitFor(() => expect(screen.queryByTestId('roadmap-noplan')).toBeNull())
    expect(host.callsTo('validation:set-plan')).toEqual([
      {
        startDay: '2026-12-03',
        accounts: ['exchange-2'],
        rollBackOnCritical: false,
        reason: 'going live on the sandbox first',
      },
    ])
    expect(screen.getByTestId('roadmap-day').textContent).toBe('Day 1 of 90 · Phase 2')
  })
})
