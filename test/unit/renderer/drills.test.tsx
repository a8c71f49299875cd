import { act, cleanup, fireEvent, render, screen, within } from '@testing-library/react'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { err, ok, type Result } from '../../../shared/result'
import type { DrillProgress, DrillResult, DrillsStatus, Snapshot } from '../../../shared/types'
import { App } from '../../../renderer/src/app'
import { useDrillsStore } from '../../../renderer/src/stores/drills-store'
import { connectFake, exchangeAccount, FakeTransport, paperAccount, snapshot } from './harness'

vi.mock('lightweight-charts', async () => (await import('./chart-mock')).lightweightChartsMock())

const T0 = 1_700_000_000_000

function result(overrides: Partial<DrillResult> = {}): DrillResult {
  return {
    id: 'drill-1',
    kind: 'broker_outage',
    accountId: 'paper-main',
    startedAt: T0,
    detectedAfterMs: 850,
    recoveredAfterMs: 2_400,
    outcome: 'recovered',
    detectedBy: 'the broker health check',
    recoveredBy: 'the account reconnected',
    notes: 'Connection dropped for 3 s.',
    ...overrides,
  }
}

function drills(overrides: Partial<DrillsStatus> = {}): DrillsStatus {
  return { running: null, results: [], recoveries: {}, ...overrides }
}

const TWO_ACCOUNTS = { accounts: [paperAccount(), exchangeAccount()] }

describe('Drills screen', () => {
  let disconnect: () => void = () => undefined
  let host: FakeTransport

  async function start(overrides: Partial<Snapshot>): Promise<void> {
    host = new FakeTransport(snapshot(overrides))
    disconnect = await connectFake(host)
    render(<App />)
    fireEvent.click(screen.getByTestId('nav-drills'))
  }

  beforeEach(() => {
    history.replaceState(null, '', '#/')
    useDrillsStore.setState(useDrillsStore.getInitialState(), true)
  })

  afterEach(() => {
    cleanup()
    disconnect()
    vi.useRealTimers()
  })

  it('offers paper accounts only, and says why an exchange account cannot be drilled', async () => {
    await start(TWO_ACCOUNTS)
    const paper = screen.getByTestId<HTMLInputElement>('drill-account-paper-main')
    const exchange = screen.getByTestId<HTMLInputElement>('drill-account-exchange-2')
    expect(paper.checked).toBe(true)
    expect(exchange.disabled).toBe(true)
    expect(screen.getByTestId('drill-account-refused-exchange-2').textContent).toContain(
      'Not allowed: drills only run on paper accounts.',
    )

    // Every drill says what it does; the two that reach further say so.
    const kinds = screen.getByTestId('drill-kinds')
    expect(within(kinds).getAllByRole('radio')).toHaveLength(5)
    expect(kinds.textContent).toContain('The paper exchange drops the connection')
    expect(screen.getByTestId('drill-warning-frozen_prices').textContent).toMatch(
      /trips the circuit breaker for every account on the simulated market/,
    )
    expect(screen.getByTestId('drill-warning-failed_verification').textContent).toMatch(
      /places one small probe order/,
    )
    expect(screen.queryByTestId('drill-warning-broker_outage')).toBeNull()
  })

  it('will not run a drill when only exchange accounts exist', async () => {
    await start({ accounts: [exchangeAccount()], defaultAccountId: 'exchange-2' })
    const run = screen.getByTestId('drill-run')
    expect(run.getAttribute('aria-disabled')).toBe('true')
    expect(screen.getByTestId('drill-run-blocked').textContent).toBe(
      'There is no paper account to drill: add one on the Accounts screen.',
    )
    fireEvent.click(run)
    expect(screen.queryByTestId('drill-confirm')).toBeNull()
    expect(host.callsTo('drills:run')).toEqual([])
  })

  it('asks first, then follows the drill live and shows its result and the new count', async () => {
    await start(TWO_ACCOUNTS)
    vi.useFakeTimers({ toFake: ['Date', 'setInterval', 'clearInterval'] })
    let answer: (value: Result<unknown>) => void = () => undefined
    host.responders['drills:run'] = () => new Promise((resolve) => (answer = resolve))

    fireEvent.click(screen.getByTestId('drill-kind-frozen_prices'))
    fireEvent.click(screen.getByTestId('drill-run'))
    const dialog = screen.getByTestId('drill-confirm')
    expect(dialog.textContent).toContain('Run a frozen prices drill on Paper?')
    expect(dialog.textContent).toMatch(/Warning: It trips the circuit breaker/)
    // Cancelling sends nothing; Escape closes like every dialog.
    fireEvent.keyDown(dialog, { key: 'Escape' })
    expect(screen.queryByTestId('drill-confirm')).toBeNull()
    expect(host.callsTo('drills:run')).toEqual([])

    fireEvent.click(screen.getByTestId('drill-kind-broker_outage'))
    fireEvent.click(screen.getByTestId('drill-run'))
    fireEvent.click(
      within(screen.getByTestId('drill-confirm')).getByRole('button', { name: 'Run drill' }),
    )
    expect(host.callsTo('drills:run')).toEqual([{ accountId: 'paper-main', kind: 'broker_outage' }])
    expect(screen.queryByTestId('drill-confirm')).toBeNull()
    expect(screen.getByTestId('drill-phase').textContent).toMatch(/^Starting/)
    expect(screen.getByTestId('drill-run').textContent).toBe('Drill running…')

    const progress: DrillProgress = {
      id: 'drill-2',
      kind: 'broker_outage',
      accountId: 'paper-main',
      phase: 'detecting',
      startedAt: Date.now(),
      message: 'The paper exchange is refusing connections.',
    }
    act(() => host.emit({ type: 'drills:status', payload: drills({ running: progress }) }))
    const panel = screen.getByTestId('drill-progress')
    expect(panel.textContent).toContain('Running: Broker outage on Paper')
    expect(screen.getByTestId('drill-phase').textContent).toMatch(/^Detecting/)
    expect(screen.getByTestId('drill-message').textContent).toBe(
      'The paper exchange is refusing connections.',
    )
    expect(screen.getByTestId('drill-elapsed').textContent).toBe('0 s elapsed')
    act(() => vi.advanceTimersByTime(3_000))
    expect(screen.getByTestId('drill-elapsed').textContent).toBe('3 s elapsed')

    act(() =>
      host.emit({
        type: 'drills:status',
        payload: drills({
          running: { ...progress, phase: 'recovering', message: 'Waiting for it to reconnect.' },
        }),
      }),
    )
    expect(screen.getByTestId('drill-phase').textContent).toMatch(/^Recovering/)
    act(() => vi.advanceTimersByTime(9_000))
    expect(screen.getByTestId('drill-elapsed').textContent).toBe('12 s elapsed')

    const done = result({ id: 'drill-2', startedAt: progress.startedAt, detectedAfterMs: 1_200 })
    host.responders['drills:status'] = () =>
      ok(drills({ results: [done], recoveries: { broker_outage: 1 } }))
    await act(async () => answer(ok(done)))
    expect(screen.queryByTestId('drill-progress')).toBeNull()
    expect(screen.getByTestId('drill-finished').textContent).toBe(
      'Broker outage drill on Paper finished. Recovered: detected after 1.2 s, recovered after 2.4 s. Trading in Paper is ACTIVE now.',
    )
    expect(screen.getAllByTestId('drill-result')).toHaveLength(1)
    const count = screen
      .getAllByTestId('drill-recoveries-row')
      .find((r) => r.getAttribute('data-kind') === 'broker_outage')
    expect(within(count!).getByTestId('drill-recovered-count').textContent).toBe('1')
    expect(screen.getByTestId('drill-run').textContent).toBe('Run drill…')
  })

  it('shows why the engine refused a drill', async () => {
    await start(TWO_ACCOUNTS)
    host.responders['drills:run'] = () =>
      err('CONFLICT', 'A drill is already running on Paper; wait for it to end.')
    fireEvent.click(screen.getByTestId('drill-run'))
    await act(async () => {
      fireEvent.click(screen.getByRole('button', { name: 'Run drill' }))
    })
    expect(screen.getByTestId('drill-run-error').textContent).toBe(
      'The drill did not run: A drill is already running on Paper; wait for it to end.',
    )
    expect(screen.queryByTestId('drill-progress')).toBeNull()
  })

  it('lists results newest first with times in units, outcomes, and recoveries by kind', async () => {
    await start({
      ...TWO_ACCOUNTS,
      drills: drills({
        results: [
          result({ id: 'old', startedAt: T0 }),
          result({
            id: 'new',
            kind: 'rate_limit_storm',
            startedAt: T0 + 600_000,
            detectedAfterMs: null,
            recoveredAfterMs: null,
            outcome: 'not_detected',
            detectedBy: null,
            recoveredBy: null,
            notes: 'No check noticed the 429 answers within 30 s.',
          }),
        ],
        recoveries: { broker_outage: 4 },
      }),
    })
    const rows = screen.getAllByTestId('drill-result')
    expect(rows.map((r) => r.getAttribute('data-kind'))).toEqual([
      'rate_limit_storm',
      'broker_outage',
    ])
    const [storm, outage] = rows as [HTMLElement, HTMLElement]
    expect(within(outage).getByTestId('drill-detection').textContent).toBe('850 ms')
    expect(within(outage).getByTestId('drill-recovery').textContent).toBe('2.4 s')
    expect(within(outage).getByTestId('drill-outcome').textContent).toBe('Recovered')
    expect(outage.textContent).toContain('the broker health check')
    expect(outage.textContent).toContain('the account reconnected')
    expect(within(storm).getByTestId('drill-detection').textContent).toBe('not detected')
    expect(within(storm).getByTestId('drill-outcome').textContent).toBe('Not detected')
    expect(within(storm).getByTestId('drill-outcome').className).toContain('badge-failed')
    expect(storm.textContent).toContain('No check noticed the 429 answers within 30 s.')

    const counts = Object.fromEntries(
      screen
        .getAllByTestId('drill-recoveries-row')
        .map((r) => [
          r.getAttribute('data-kind'),
          within(r).getByTestId('drill-recovered-count').textContent,
        ]),
    )
    expect(counts).toEqual({
      broker_outage: '4',
      rate_limit_storm: '0',
      frozen_prices: '0',
      failed_verification: '0',
      crash_restart: '0',
    })

    const chart = screen.getAllByTestId('drill-chart-row')
    expect(chart).toHaveLength(2)
    expect(chart[0]?.textContent).toMatch(/Rate-limit storm.*not detected.*not recovered/)
    expect(chart[1]?.textContent).toMatch(/Broker outage.*850 ms.*2\.4 s/)
  })
})
