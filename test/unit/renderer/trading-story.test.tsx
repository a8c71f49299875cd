/**
 * The true state on screen: the header, the Risk limits panel and the drills say who or what
 * set a trading state, why, since when, what it allows (RECOVERING's cap in dollars), when it
 * changes by itself (a countdown to the engine's own moment) and the way out. A breaker halt
 * is never put down to the kill switch; a reconciliation block is not shown as ACTIVE; a drill
 * does not say "Recovered" in green while its account is halted.
 */
import { act, cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { ok, type Result } from '../../../shared/result'
import type { DrillResult, Snapshot, TradingCause } from '../../../shared/types'
import { App } from '../../../renderer/src/app'
import { TradingStateBadge } from '../../../renderer/src/components/trading-state-badge'
import { LimitsScreen } from '../../../renderer/src/features/limits/limits-screen'
import { formatClockTime } from '../../../renderer/src/lib/format'
import { connectFake, FakeTransport, riskLimits, snapshot } from './harness'

vi.mock('lightweight-charts', async () => (await import('./chart-mock')).lightweightChartsMock())

/** The engine's time at the snapshot. */
const T0 = 1_700_000_000_000
const TRIPPED = T0 - 27_500
const COOL_DOWN_END = TRIPPED + 300_000
const STALE =
  'Circuit breaker tripped: a critical health check: Prices BTC-USD (simulator): no new price for 12 s.'

function cause(overrides: Partial<TradingCause>): TradingCause {
  return {
    state: 'HALTED',
    by: 'breaker',
    trigger: 'health',
    reason: STALE,
    since: TRIPPED,
    until: COOL_DOWN_END,
    fraction: null,
    ...overrides,
  }
}

/** Every account halted by the breaker after a stale price, as the engine journaled it. */
const BREAKER_HALT: Partial<Snapshot> = {
  serverTime: T0,
  globalTradingState: 'HALTED',
  tradingStates: { 'paper-main': 'HALTED' },
  tradingCauses: { '*': cause({}) },
  limits: { 'paper-main': riskLimits({ maxOrderNotional: '5000' }) },
}

function showScreens(): void {
  render(
    <>
      <TradingStateBadge />
      <LimitsScreen />
    </>,
  )
}

describe('the trading state with its cause, countdown and way out', () => {
  let disconnect: () => void = () => undefined
  let host: FakeTransport

  async function open(overrides: Partial<Snapshot>): Promise<void> {
    const engine = snapshot(overrides)
    host = new FakeTransport(engine)
    host.responders['limits:get'] = () => ok(riskLimits({ maxOrderNotional: '5000' }))
    disconnect = await connectFake(host)
    showScreens()
    await screen.findByTestId('trading-panel')
  }

  beforeEach(() => history.replaceState(null, '', '#/'))
  afterEach(() => {
    cleanup()
    disconnect()
    vi.useRealTimers()
  })

  it('says in the header that the breaker halted every account, and counts down to RECOVERING', async () => {
    // This window's clock runs 42 s ahead of the engine's: the countdown must not follow it.
    const local = T0 + 42_000
    vi.useFakeTimers({ toFake: ['Date'], now: local })
    await open(BREAKER_HALT)
    // From here the window's clock is stepped by hand (the screens are shown again on it).
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval', 'Date'], now: local })
    cleanup()
    showScreens()
    expect(screen.getByTestId('global-trading-state').textContent).toBe('HALTED · ALL ACCOUNTS')
    const chip = screen.getByTestId('trading-cause')
    // 300 s of cool-down, 27.5 s of it gone at the engine's clock.
    expect(chip.textContent).toBe('breaker · RECOVERING in 4:33')
    expect(screen.getByTestId('trading-state').getAttribute('title')).toContain(
      'The circuit breaker, tripped by a critical health check.',
    )
    expect(document.body.textContent).not.toMatch(/kill switch or an override/)
    act(() => vi.advanceTimersByTime(60_000))
    expect(chip.textContent).toBe('breaker · RECOVERING in 3:33')

    fireEvent.click(chip)
    const story = within(screen.getByTestId('trading-state-details'))
    expect(story.getByTestId('trading-story-who').textContent).toBe(
      'The circuit breaker, tripped by a critical health check.',
    )
    expect(story.getByTestId('trading-story-why').textContent).toBe(STALE)
    expect(story.getByTestId('trading-story-since').textContent).toBe(formatClockTime(TRIPPED))
    expect(story.getByTestId('trading-story-allows').textContent).toBe(
      'No order is sent. Open orders stay open.',
    )
    expect(story.getByTestId('trading-story-next').textContent).toBe(
      `Moves to RECOVERING by itself at ${formatClockTime(COOL_DOWN_END)}, at a reduced order size; halts again if the failure is still there. (in 3:33)`,
    )
    expect(story.getByTestId('trading-story-action').textContent).toMatch(
      /Wait for the cool-down, or after fixing the cause: Risk limits → Resume all accounts gradually\. Open Risk limits$/,
    )
    expect(story.getByRole('link', { name: 'Open Risk limits' }).getAttribute('href')).toBe(
      '#/limits',
    )
    fireEvent.keyDown(window, { key: 'Escape' })
    expect(screen.queryByTestId('trading-state-details')).toBeNull()

    // The Risk limits panel tells the same story, without a link to the screen it is on.
    const panel = within(screen.getByTestId('trading-panel-story-global'))
    expect(panel.getByTestId('trading-panel-story-global-who').textContent).toBe(
      'The circuit breaker, tripped by a critical health check.',
    )
    expect(panel.getByTestId('trading-panel-story-global-countdown').textContent).toBe(' (in 3:33)')
    expect(panel.queryByRole('link')).toBeNull()
    expect(screen.getByTestId('trading-panel-global-blocks').textContent).toMatch(
      /^HALTED for every account, set by the circuit breaker\./,
    )
  })

  it('after the cool-down shows RECOVERING with the order-size cap in dollars', async () => {
    await open(BREAKER_HALT)
    const recovering = cause({
      state: 'RECOVERING',
      reason: 'Cool-down of 5 min over: recovering at 25% order size.',
      since: COOL_DOWN_END,
      until: null,
      fraction: 0.25,
    })
    act(() =>
      host.emit({
        type: 'trading:state',
        payload: {
          accountId: 'paper-main',
          state: 'RECOVERING',
          global: 'RECOVERING',
          cause: cause({ state: 'ACTIVE', by: 'unknown', reason: null, since: null, until: null }),
          globalCause: recovering,
        },
      }),
    )
    await waitFor(() =>
      expect(screen.getByTestId('trading-cause').textContent).toBe('breaker · orders ≤ $1,250.00'),
    )
    expect(screen.getByTestId('trading-state').textContent).toBe('RECOVERING')
    expect(screen.getByTestId('trading-panel-story-global-allows').textContent).toBe(
      'Orders up to $1,250.00 (25 % of the $5,000.00 maximum order size); the cap steps up after clean verified trades.',
    )
    expect(screen.getByTestId('trading-panel-global-blocks').textContent).toMatch(
      /^RECOVERING for every account, set by the circuit breaker\. That is what limits Paper/,
    )
    expect(screen.getByTestId('trading-panel-story-global-next').textContent).toMatch(
      /^Steps up to full size \(ACTIVE\) by itself after clean verified trades/,
    )
  })

  it('shows an account blocked by reconciliation as BLOCKED, with the way to settle it', async () => {
    await open({
      serverTime: T0,
      reconciliation: {
        open: [
          {
            id: 'f-1',
            accountId: 'paper-main',
            kind: 'unknown_position',
            severity: 'critical',
            subject: 'ETH-USD',
            symbol: 'ETH-USD',
            orderId: null,
            local: '0',
            broker: '0.5',
            message: 'The broker holds 0.5 ETH that the ledger does not.',
            ts: T0 - 60_000,
          },
        ],
        resolved: [],
        runs: {},
      },
    })
    const badge = screen.getByTestId('trading-state')
    expect(badge.textContent).toBe('BLOCKED')
    expect(badge.className).toContain('trading-halted')
    fireEvent.click(screen.getByTestId('trading-cause'))
    const story = within(screen.getByTestId('trading-state-details'))
    expect(story.getByTestId('trading-story-why').textContent).toBe(
      'The broker holds 0.5 ETH that the ledger does not.',
    )
    expect(story.getByRole('link', { name: 'Open Reconciliation' }).getAttribute('href')).toBe(
      '#/reconcile',
    )
  })

  it('says what an older engine or journal did not record, rather than guessing', async () => {
    await open({
      serverTime: T0,
      globalTradingState: 'HALTED',
      tradingStates: { 'paper-main': 'HALTED' },
      tradingCauses: {
        '*': cause({ by: 'unknown', trigger: null, reason: null, since: null, until: null }),
      },
    })
    const panel = within(screen.getByTestId('trading-panel-story-global'))
    expect(panel.getByTestId('trading-panel-story-global-who').textContent).toMatch(/^Not known/)
    expect(panel.getByTestId('trading-panel-story-global-why').textContent).toMatch(/^Not known/)
    expect(panel.getByTestId('trading-panel-story-global-since').textContent).toBe(
      'Not known (not recorded).',
    )
  })
})

describe('a drill result next to the state now', () => {
  let disconnect: () => void = () => undefined
  afterEach(() => {
    cleanup()
    disconnect()
  })

  it('does not say "Recovered" in green while the drilled account is halted', async () => {
    const done: DrillResult = {
      id: 'drill-1',
      kind: 'frozen_prices',
      accountId: 'paper-main',
      startedAt: T0 - 90_000,
      detectedAfterMs: 31_000,
      recoveredAfterMs: 2_000,
      outcome: 'recovered',
      detectedBy: 'the price check',
      recoveredBy: 'prices moved again',
      notes: '',
    }
    history.replaceState(null, '', '#/')
    const host = new FakeTransport(
      snapshot({
        ...BREAKER_HALT,
        drills: { running: null, results: [done], recoveries: { frozen_prices: 1 } },
      }),
    )
    disconnect = await connectFake(host)
    render(<App />)
    fireEvent.click(screen.getByTestId('nav-drills'))
    const outcome = screen.getByTestId('drill-outcome')
    expect(outcome.textContent).toBe('Failure over · HALTED now')
    expect(outcome.className).not.toContain('badge-filled')

    // A drill run now ends with the account still halted by the breaker: the notice says so.
    let answer: (value: Result<unknown>) => void = () => undefined
    host.responders['drills:run'] = () => new Promise((resolve) => (answer = resolve))
    fireEvent.click(screen.getByTestId('drill-kind-frozen_prices'))
    fireEvent.click(screen.getByTestId('drill-run'))
    fireEvent.click(
      within(screen.getByTestId('drill-confirm')).getByRole('button', { name: 'Run drill' }),
    )
    const next: DrillResult = { ...done, id: 'drill-2', startedAt: T0 }
    host.responders['drills:status'] = () =>
      ok({ running: null, results: [next, done], recoveries: { frozen_prices: 2 } })
    await act(async () => answer(ok(next)))
    const notice = screen.getByTestId('drill-finished')
    expect(notice.className).not.toContain('notice')
    expect(notice.textContent).toMatch(
      /^Frozen prices drill on Paper finished\. Failure over: detected after 31 s, recovered after 2 s\. Trading in Paper is HALTED now, set by the circuit breaker\. Moves to RECOVERING by itself at /,
    )
    expect(notice.textContent).not.toMatch(/Recovered/)
  })
})
