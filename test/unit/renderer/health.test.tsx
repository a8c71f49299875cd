import { act, cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { ok, type Result } from '../../../shared/result'
import type { HealthCheck, HealthReport } from '../../../shared/types'
import { App } from '../../../renderer/src/app'
import { HEALTH_TIMELINE_CAP, useHealthStore } from '../../../renderer/src/stores/health-store'
import { chartCalls } from './chart-mock'
import { connectFake, FakeTransport, snapshot } from './harness'

vi.mock('lightweight-charts', async () => ({
  ...(await import('./chart-mock')).lightweightChartsMock(),
  HistogramSeries: { type: 'Histogram' },
}))

function check(overrides: Partial<HealthCheck> = {}): HealthCheck {
  return {
    name: 'event_loop_lag',
    label: 'Event-loop lag',
    accountId: null,
    level: 'OK',
    value: 3,
    unit: 'ms',
    threshold: 'warn above 100 ms, fail above 500 ms',
    message: 'The engine answers promptly.',
    ...overrides,
  }
}

// The clock stands still (timers still run), so "12 s ago" does not drift while the machine is
// slow between building the reports below and rendering them.
vi.useFakeTimers({ toFake: ['Date'], now: Date.parse('2026-11-24T10:00:00Z') })

function report(overrides: Partial<HealthReport> = {}): HealthReport {
  const checks = overrides.checks ?? [check()]
  const status = checks.some((c) => c.level === 'FAIL')
    ? 'CRITICAL'
    : checks.some((c) => c.level === 'WARN')
      ? 'DEGRADED'
      : 'HEALTHY'
  return { ts: Date.now() - 12_000, status, checks, durationMs: 38, ...overrides }
}

const DEGRADED = report({
  checks: [
    check(),
    check({
      name: 'memory',
      label: 'Memory (RSS)',
      level: 'WARN',
      value: 1_250.5,
      unit: 'MB',
      threshold: 'warn above 1,024 MB, fail above 2,048 MB',
      message: 'The engine uses more memory than usual.',
    }),
  ],
})

describe('Health', () => {
  let disconnect: () => void = () => undefined
  let host: FakeTransport

  async function start(health: HealthReport | null, past: HealthReport[] = []): Promise<void> {
    host = new FakeTransport(snapshot({ health }))
    host.responders['health:history'] = () => ok(past)
    disconnect = await connectFake(host)
  }

  beforeEach(() => {
    history.replaceState(null, '', '#/')
    chartCalls.reset()
  })

  afterEach(() => {
    cleanup()
    disconnect()
  })

  it('shows the status from the snapshot in the header, follows each new round, and opens the screen', async () => {
    await start(DEGRADED)
    render(<App />)
    const badge = screen.getByTestId('health-badge')
    expect(badge.textContent).toBe('DEGRADED')
    expect(badge.className).toContain('health-degraded')

    act(() => {
      host.emit({
        type: 'health:report',
        payload: report({
          ts: Date.now(),
          checks: [check({ level: 'FAIL', value: 812, message: 'The engine is stalling.' })],
        }),
      })
    })
    expect(screen.getByTestId('health-badge').textContent).toBe('CRITICAL')
    expect(screen.getByTestId('health-badge').className).toContain('health-critical')

    fireEvent.click(screen.getByTestId('health-badge'))
    expect(location.hash).toBe('#/health')
    expect(screen.getByTestId('nav-health').getAttribute('aria-current')).toBe('page')
    expect(screen.getByTestId('health-status').textContent).toBe('CRITICAL')
    expect(screen.getByTestId('health-counts').textContent).toBe('1 failing, 0 warning, 0 OK')
  })

  it('runs a round on Check now, shows that it is running, then shows the new report', async () => {
    await start(DEGRADED)
    let answer: (value: Result<unknown>) => void = () => undefined
    host.responders['health:check'] = () => new Promise((resolve) => (answer = resolve))
    render(<App />)
    fireEvent.click(screen.getByTestId('nav-health'))
    expect(screen.getByTestId('health-status').textContent).toBe('DEGRADED')
    expect(screen.getByTestId('health-last-round').textContent).toMatch(
      /^Last round 12 s ago \(.+\), took 38 ms\.$/,
    )

    const button = screen.getByRole('button', { name: 'Check now' })
    fireEvent.click(button)
    expect(host.callsTo('health:check')).toEqual([{}])
    expect(button.textContent).toBe('Checking…')
    expect(button.getAttribute('aria-busy')).toBe('true')
    expect(screen.getByTestId('health-check-progress').textContent).toBe('Running the checks…')
    // A second press while it runs does not start a second round.
    fireEvent.click(button)
    expect(host.callsTo('health:check')).toHaveLength(1)

    await act(async () => {
      answer(ok(report({ ts: Date.now(), durationMs: 1_450, checks: [check()] })))
    })
    expect(screen.getByTestId('health-status').textContent).toBe('HEALTHY')
    expect(screen.getByTestId('health-badge').textContent).toBe('HEALTHY')
    expect(screen.getByTestId('health-last-round').textContent).toMatch(/took 1\.5 s\.$/)
    expect(button.textContent).toBe('Check now')
    expect(screen.getByTestId('health-check-progress').textContent).toBe(
      'Round finished: HEALTHY, 0 failing, 0 warning, 1 OK.',
    )
  })

  it('says why Check now failed', async () => {
    await start(DEGRADED)
    host.responders['health:check'] = () => ({
      ok: false,
      error: { code: 'UNAVAILABLE', message: 'Vigil did not answer within 30 seconds.' },
    })
    render(<App />)
    fireEvent.click(screen.getByTestId('nav-health'))
    fireEvent.click(screen.getByRole('button', { name: 'Check now' }))
    await waitFor(() =>
      expect(screen.getByTestId('health-check-error').textContent).toBe(
        'The checks could not run: Vigil did not answer within 30 seconds.',
      ),
    )
    expect(screen.getByTestId('health-status').textContent).toBe('DEGRADED')
  })

  it('lists failing checks first, with their measured values and thresholds, grouped by account', async () => {
    await start(
      report({
        checks: [
          check(),
          check({
            name: 'broker',
            label: 'Broker Paper',
            accountId: 'paper-main',
            level: 'OK',
            value: 42,
            threshold: 'warn above 1,000 ms, fail above 5,000 ms',
            message: 'The broker answered.',
          }),
          check({
            name: 'balance_sync',
            label: 'Balance sync Paper',
            accountId: 'paper-main',
            level: 'FAIL',
            value: 12.5,
            unit: 'USD',
            threshold: 'warn above 0.01 USD, fail above 1 USD',
            message: 'Local USD balance differs from the broker by $12.50.',
          }),
          check({
            name: 'disk_space',
            label: 'Free disk space',
            level: 'WARN',
            value: 4,
            unit: 'GB',
            threshold: 'warn below 5.0 GB, fail below 1.0 GB',
            message: '4.0 GB free.',
          }),
          check({
            name: 'market_data',
            label: 'Market data SOL-USD',
            level: 'WARN',
            value: null,
            unit: 's',
            threshold: 'warn above 10 s, fail above 60 s',
            message: 'No SOL-USD price has arrived yet.',
          }),
        ],
      }),
    )
    render(<App />)
    fireEvent.click(screen.getByTestId('nav-health'))
    expect(screen.getByTestId('health-status').textContent).toBe('CRITICAL')

    // The account has a failing check and the system only warnings: the account comes first.
    const rows = screen.getAllByTestId('health-check-row')
    expect(rows.map((r) => r.getAttribute('data-level'))).toEqual([
      'FAIL',
      'OK',
      'WARN',
      'WARN',
      'OK',
    ])
    const cells = (row: HTMLElement): string[] =>
      [...row.querySelectorAll('th, td')].map((c) => c.textContent ?? '')
    expect(cells(rows[0]!)).toEqual([
      'Balance sync Paper',
      'FAIL',
      '12.5 USD',
      'warn above 0.01 USD, fail above 1 USD',
      'Local USD balance differs from the broker by $12.50.',
    ])
    // Disk in GB with one decimal, the same figure as its message: not "4,096 MB" beside it.
    expect(cells(rows[2]!)).toEqual([
      'Free disk space',
      'WARN',
      '4.0 GB',
      'warn below 5.0 GB, fail below 1.0 GB',
      '4.0 GB free.',
    ])
    expect(cells(rows[3]!).slice(0, 3)).toEqual(['Market data SOL-USD', 'WARN', 'not measured'])

    const account = screen.getByTestId('health-group-paper-main')
    expect(within(account).getByRole('columnheader', { name: 'Account Paper' })).toBeTruthy()
    expect(within(account).getAllByTestId('health-check-row')[0]).toBe(rows[0])
    const system = screen.getByTestId('health-group-system')
    expect(within(system).getByRole('columnheader', { name: 'System' })).toBeTruthy()
    expect(within(system).getAllByTestId('health-check-row')[0]).toBe(rows[2])
  })

  it('says so when no round has run yet', async () => {
    await start(null)
    render(<App />)
    const badge = screen.getByTestId('health-badge')
    expect(badge.getAttribute('data-status')).toBe('UNKNOWN')
    expect(badge.getAttribute('aria-label')).toBe(
      'System health: not known yet. Open the Health screen.',
    )
    fireEvent.click(badge)
    expect(screen.getByTestId('health-empty').textContent).toMatch(/No health round has run yet/)
    expect(screen.queryByTestId('health-status')).toBeNull()
    expect(screen.getByTestId('health-timeline-summary').textContent).toBe('No rounds yet.')
  })

  it('draws a timeline from the history and each new round, worst colour on top', async () => {
    const t0 = Date.now() - 3 * 30_000
    const history = [
      report({ ts: t0, checks: [check()] }),
      report({ ts: t0 + 30_000, checks: [check({ level: 'WARN' })] }),
      report({ ts: t0 + 60_000, checks: [check({ level: 'FAIL' })] }),
    ]
    await start(history[2]!, history)
    render(<App />)
    fireEvent.click(screen.getByTestId('nav-health'))
    await waitFor(() =>
      expect(screen.getByTestId('health-timeline-summary').textContent).toMatch(
        /^3 rounds from .+: 1 healthy, 1 degraded, 1 critical\.$/,
      ),
    )
    act(() => {
      host.emit({ type: 'health:report', payload: report({ ts: t0 + 90_000, checks: [check()] }) })
    })
    expect(screen.getByTestId('health-timeline-summary').textContent).toMatch(
      /: 2 healthy, 1 degraded, 1 critical\.$/,
    )
    const columns = chartCalls.setData[chartCalls.setData.length - 1] as {
      time: number
      value: number
      color: string
    }[]
    expect(columns.map((c) => c.value)).toEqual([1, 2, 3, 1])
    expect(columns[2]!.color).toBe('#f85149')
    expect(columns[3]!.time).toBe(Math.floor((t0 + 90_000) / 1000))
  })

  it('keeps at most a day of rounds', async () => {
    await start(null)
    const t0 = Date.now()
    act(() => {
      for (let i = 0; i < HEALTH_TIMELINE_CAP + 5; i++) {
        useHealthStore.getState().applyReport(report({ ts: t0 + i * 30_000 }))
      }
    })
    const { timeline, latest } = useHealthStore.getState()
    expect(timeline).toHaveLength(HEALTH_TIMELINE_CAP)
    expect(timeline[0]!.ts).toBe(t0 + 5 * 30_000)
    expect(latest?.ts).toBe(t0 + (HEALTH_TIMELINE_CAP + 4) * 30_000)
  })
})
