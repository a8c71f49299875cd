import { act, cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { CostSummary } from '../../../shared/costs'
import { err, ok } from '../../../shared/result'
import { App } from '../../../renderer/src/app'
import {
  cusumPoints,
  MAX_DRAWN,
  thinPoints,
} from '../../../renderer/src/features/costs/costs-format'
import { useLedgerStore } from '../../../renderer/src/stores/ledger-store'
import { degradedSummary, emptySummary, feesView, point, T0 } from './costs-fixtures'
import { connectFake, FakeTransport, paperAccount, snapshot } from './harness'

vi.mock('lightweight-charts', async () => (await import('./chart-mock')).lightweightChartsMock())

describe('Costs screen', () => {
  let disconnect: () => void = () => undefined
  let host: FakeTransport

  async function open(summary: CostSummary | ((accountId: string) => CostSummary)) {
    host = new FakeTransport(
      snapshot({ accounts: [paperAccount(), paperAccount({ id: 'paper-2', name: 'Second' })] }),
    )
    host.responders['costs:summary'] = (payload) => {
      const { accountId } = payload as { accountId: string }
      const s = typeof summary === 'function' ? summary(accountId) : summary
      return ok({ ...s, accountId })
    }
    host.responders['costs:fees'] = (payload) =>
      ok(feesView((payload as { accountId: string }).accountId))
    disconnect = await connectFake(host)
    render(<App />)
    fireEvent.click(screen.getByTestId('nav-costs'))
  }

  beforeEach(() => {
    history.replaceState(null, '', '#/')
  })

  afterEach(() => {
    cleanup()
    disconnect()
    vi.useRealTimers()
  })

  it('says what to do on a fresh account, with the fill count and no p-value', async () => {
    await open(emptySummary())
    const noOrders = await screen.findByTestId('costs-no-orders')
    expect(noOrders.textContent).toMatch(/Place orders: each market order carries an estimate/)
    expect(within(noOrders).getByRole('link', { name: 'Trade screen' }).getAttribute('href')).toBe(
      '#/trade',
    )
    expect(screen.getByTestId('costs-verdict').textContent).toBe('Not enough fills: 0 of 20')
    expect(screen.getByTestId('costs-tests-wait').textContent).toMatch(/need 20 .* has 0/)
    expect(screen.queryByTestId('costs-tests')).toBeNull()
    // Never a p-value below the minimum, anywhere on the screen.
    expect(document.querySelector('main')?.textContent).not.toMatch(/\bp [=<] /)
    expect(screen.getByTestId('costs-in-band').textContent).toMatch(/built to hold 80 %/)
    expect(screen.getByTestId('costs-alarm').dataset.active).toBe('false')
    expect(screen.getByTestId('calibration-none').textContent).toBe(
      'No fit yet. Not enough fills: 0 usable taker fills, the fit needs 30. Meanwhile the model uses its prior: a = 1, Y = 0.7.',
    )
    expect(screen.queryByTestId('cost-scatter')).toBeNull()
  })

  it('shows the verdict with its tests, the band share and the alarm with the way out', async () => {
    await open(degradedSummary())
    const verdict = await screen.findByTestId('costs-verdict')
    expect(verdict.textContent).toBe('Execution costs have got worse')
    expect(screen.getByTestId('costs-test-bias').textContent).toBe(
      'Model bias (Wilcoxon signed-rank, one-sided): p = 0.012, median miss 1.10 bps',
    )
    expect(screen.getByTestId('costs-test-recent').textContent).toMatch(
      /Last 30 orders against the 24 before \(Mann–Whitney U, one-sided\): p < 0.001/,
    )
    expect(screen.getByTestId('costs-test-ratio').textContent).toMatch(
      /1.62× \(bootstrap 95 % interval 1.20–2.05×, 22 orders/,
    )
    expect(screen.getByTestId('costs-in-band').textContent).toMatch(
      /^58 % of orders landed inside the model's band \(14 of 24\); the band is built to hold 80 %/,
    )
    const alarm = screen.getByTestId('costs-alarm')
    expect(alarm.dataset.active).toBe('true')
    expect(alarm.textContent).toMatch(/Alarm: ON since 2026-11-20/)
    expect(alarm.textContent).toMatch(/latest rise began with the order at 2026-11-20/)
    expect(alarm.textContent).toMatch(/CUSUM 9.00 of the alarm line h = 5/)
    const wayOut = screen.getByTestId('costs-way-out')
    expect(wayOut.textContent).toMatch(/read the breakdowns below/)
    expect(within(wayOut).getByRole('link', { name: 'Alerts screen' }).getAttribute('href')).toBe(
      '#/alerts',
    )
  })

  it('draws expected against actual with the identity line, and the CUSUM with its markers', async () => {
    await open(degradedSummary())
    const scatter = await screen.findByTestId('cost-scatter')
    expect(scatter.dataset.points).toBe('24')
    expect(screen.getByTestId('cost-scatter-identity')).toBeTruthy()
    // Band ±1 bps: the 8 late orders (2.5 bps over) and 6 at 1.4 over fall outside.
    expect(screen.getByTestId('cost-scatter-inside').dataset.points).toBe('10')
    expect(screen.getByTestId('cost-scatter-outside').dataset.points).toBe('14')
    expect(scatter.textContent).toMatch(/Expected cost \(bps\).*Actual cost \(bps\)/)
    const cusum = screen.getByTestId('cusum-chart')
    expect(cusum.dataset.points).toBe('24')
    expect(screen.getByTestId('cusum-h-line')).toBeTruthy()
    expect(cusum.textContent).toMatch(/alarm line h = 5/)
    // seq 160 is the 17th order counted, seq 200 the 21st.
    expect(screen.getByTestId('cusum-change-marker').dataset.at).toBe('17')
    expect(screen.getByTestId('cusum-alarm-marker').dataset.at).toBe('21')
    expect(screen.queryByTestId('costs-thinned')).toBeNull()
  })

  it('breaks slippage down by hour, size and symbol with units, and shows the fitted coefficients', async () => {
    await open(degradedSummary())
    const hour = await screen.findByTestId('costs-by-hour')
    expect(within(hour).getByRole('columnheader', { name: 'Actual, median (bps)' })).toBeTruthy()
    const row = within(hour).getByTestId('costs-by-hour-row')
    expect([...row.children].map((c) => c.textContent)).toEqual([
      '09:00',
      '24 of 24',
      '2.40',
      '1.70',
      '0.80',
      '$48.20',
      '61.5',
    ])
    expect(within(screen.getByTestId('costs-by-size')).getAllByRole('row')).toHaveLength(2)
    const symbols = within(screen.getByTestId('costs-by-symbol')).getAllByTestId(
      'costs-by-symbol-row',
    )
    expect(symbols.map((r) => r.dataset.key)).toEqual(['BTC-USD', 'ETH-USD'])
    const fitted = screen.getByTestId('calibration-fitted').textContent
    expect(fitted).toMatch(/Spread coefficient a0.850 ± 0.120/)
    expect(fitted).toMatch(/Impact prefactor Y0.910 ± 0.200/)
    expect(fitted).toMatch(/42 \(a fit needs 30\)/)
    expect(fitted).toMatch(/a = 1, Y = 0.7/)
    // Which coefficients the estimates use, and why: here the fit is not yet trusted.
    expect(screen.getByTestId('calibration-in-use').textContent).toMatch(
      /Estimates use the defaults: a = 1.00, Y = 0.700\. Y is not yet known well enough/,
    )
    // Newest fit first.
    const history = within(screen.getByTestId('calibration-history')).getAllByRole('row')
    expect(history[1]?.textContent).toMatch(/40.*0.850 ± 0.120.*0.910 ± 0.200/)
    expect(history[2]?.textContent).toMatch(/30.*0.800 ± 0.200.*1.100 ± 0.300/)
  })

  it('shows the fee tier and the next, the tier changes, and effective against published rates', async () => {
    await open(degradedSummary())
    const tier = await screen.findByTestId('fees-tier')
    expect(tier.textContent).toMatch(/Tier nowtier 1 \(from \$0.00\): maker 0.400 %, taker 0.600 %/)
    expect(screen.getByTestId('fees-next').textContent).toBe(
      'tier 2: $6,400.00 more volume in 30 days (maker 0.250 %, taker 0.400 %)',
    )
    expect(screen.getByTestId('fees-tier-changes').textContent).toMatch(
      /down from tier 2 to tier 1 at \$9,800.00 of 30-day volume/,
    )
    const taker = screen.getByTestId('fees-rate-taker')
    expect([...taker.children].map((c) => c.textContent)).toEqual([
      'Taker',
      '18',
      '$15,600.00',
      '$93.60',
      '0.650 %',
      '0.600 %',
    ])
    const mix = screen.getByTestId('fees-mix').textContent
    expect(mix).toMatch(/Maker share of the notional: 25.0 %/)
    expect(mix).toMatch(/Paid \$1.56 more than the schedule \(1.7 %\)/)
    expect(screen.getByTestId('fees-schedule').textContent).toMatch(
      /Coinbase Advanced, effective 2022-09-20/,
    )
  })

  it('follows the account chosen in the header and asks again when the alarm turns', async () => {
    await open(degradedSummary())
    await screen.findByTestId('cost-scatter')
    expect(host.callsTo('costs:summary')).toEqual([{ accountId: 'paper-main' }])
    act(() => useLedgerStore.getState().selectAccount('paper-2'))
    await waitFor(() =>
      expect(host.callsTo('costs:summary')).toEqual([
        { accountId: 'paper-main' },
        { accountId: 'paper-2' },
      ]),
    )
    expect(host.callsTo('costs:fees').at(-1)).toEqual({ accountId: 'paper-2' })
    const { accountId: _a, ...alarm } = degradedSummary().alarms[0]!
    act(() =>
      host.emit({
        type: 'costs:alarm',
        payload: { ...alarm, accountId: 'paper-2', active: false },
      }),
    )
    await waitFor(() => expect(host.callsTo('costs:summary')).toHaveLength(3))
  })

  it('says why when the engine cannot answer', async () => {
    host = new FakeTransport(snapshot())
    host.responders['costs:summary'] = () => err('INTERNAL', 'the cost book is not loaded')
    host.responders['costs:fees'] = () => ok(feesView())
    disconnect = await connectFake(host)
    render(<App />)
    fireEvent.click(screen.getByTestId('nav-costs'))
    expect((await screen.findByTestId('costs-error')).textContent).toBe(
      'Vigil could not compute the costs: the cost book is not loaded',
    )
    expect(screen.getByTestId('costs-empty').textContent).toBe('No cost figures yet.')
  })

  it('says it is computing while the engine has not answered', async () => {
    host = new FakeTransport(snapshot())
    host.responders['costs:summary'] = () => new Promise(() => undefined)
    host.responders['costs:fees'] = () => ok(feesView())
    disconnect = await connectFake(host)
    render(<App />)
    fireEvent.click(screen.getByTestId('nav-costs'))
    expect((await screen.findByTestId('costs-empty')).textContent).toBe('Computing the costs…')
    expect(screen.getByTestId('costs-status').textContent).toBe('Updating…')
  })

  it('draws at most a few thousand of 100,000 orders, and says so', async () => {
    const many = degradedSummary()
    const points = Array.from({ length: 100_000 }, (_, i) => point(i % 50, 2, (i % 700) / 100)).map(
      (p, i) => ({ ...p, seq: i + 1, ts: T0 + i }),
    )
    await open({ ...many, points, alarms: [] })
    const scatter = await screen.findByTestId('cost-scatter')
    expect(Number(scatter.dataset.points)).toBe(MAX_DRAWN)
    expect(
      (screen.getByTestId('cost-scatter-inside').getAttribute('d')?.match(/M/g) ?? []).length +
        Number(screen.getByTestId('cost-scatter-outside').dataset.points),
    ).toBe(MAX_DRAWN)
    expect(Number(screen.getByTestId('cusum-chart').dataset.points)).toBeLessThanOrEqual(MAX_DRAWN)
    const notes = screen.getAllByTestId('costs-thinned').map((n) => n.textContent)
    expect(notes[0]).toMatch(/^2,000 of 100,000 orders drawn: the newest 1,000/)
    expect(notes[1]).toMatch(/highest and lowest of each of 1,000 stretches, so every peak shows/)
  })
})

describe('thinning the drawing', () => {
  it('keeps every newest point and an even sample of the rest', () => {
    const all = Array.from({ length: 10_000 }, (_, i) => i)
    const kept = thinPoints(all, 100)
    expect(kept).toHaveLength(100)
    expect(kept.slice(50)).toEqual(all.slice(9_950))
    expect(kept.slice(0, 3)).toEqual([0, 199, 398])
    expect(thinPoints([1, 2, 3], 100)).toEqual([1, 2, 3])
  })

  it('keeps the CUSUM peak that a plain sample would drop', () => {
    const points = Array.from({ length: 50_000 }, (_, i) =>
      point(1, 1, i === 31_337 ? 12 : 0.1),
    ).map((p, i) => ({ ...p, seq: i + 1 }))
    const { drawn, all } = cusumPoints(points)
    expect(all).toBe(50_000)
    expect(drawn.length).toBeLessThanOrEqual(MAX_DRAWN)
    expect(Math.max(...drawn.map((d) => d.value))).toBe(12)
    expect(drawn.find((d) => d.value === 12)?.n).toBe(31_338)
  })
})
