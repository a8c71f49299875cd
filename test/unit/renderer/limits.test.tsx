import { act, cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { err, ok } from '../../../shared/result'
import type { RiskLimits } from '../../../shared/types'
import { LimitsScreen } from '../../../renderer/src/features/limits/limits-screen'
import { LIMIT_FIELDS } from '../../../renderer/src/features/limits/limit-fields'
import { connectFake, FakeTransport, riskLimits, snapshot } from './harness'

function field(key: keyof RiskLimits): HTMLInputElement {
  return screen.getByTestId(`limits-field-${key}`) as HTMLInputElement
}

function type(key: keyof RiskLimits, value: string): void {
  fireEvent.change(field(key), { target: { value } })
}

describe('Risk Limits screen', () => {
  let disconnect: () => void = () => undefined
  let host: FakeTransport
  let engineLimits: RiskLimits

  beforeEach(async () => {
    engineLimits = riskLimits()
    host = new FakeTransport(snapshot())
    host.responders['limits:get'] = () => ok(engineLimits)
    disconnect = await connectFake(host)
  })

  afterEach(() => {
    cleanup()
    disconnect()
  })

  it('shows every limit with its unit and what it does', async () => {
    render(<LimitsScreen />)
    const form = await screen.findByTestId('limits-form')
    for (const f of LIMIT_FIELDS) {
      const input = field(f.key)
      expect(input.value).toBe(String(engineLimits[f.key]))
      const label = form.querySelector(`label[for="${input.id}"]`)
      expect(label?.textContent).toContain(f.label)
      expect(input.getAttribute('aria-describedby')).toBeTruthy()
      const help = document.getElementById(input.getAttribute('aria-describedby') ?? '')
      expect(help?.textContent).toBe(f.help)
    }
    expect(form.textContent).toContain('Maximum order size ($)')
    expect(form.textContent).toContain('Maximum drawdown (%)')
    expect(form.textContent).toContain('Slippage tolerance (bps)')
    expect(form.textContent).toContain('Maximum quote age (ms)')
    expect(form.textContent).toContain('Maximum open positions (count)')
  })

  it('saves only after a confirmation listing old → new, then shows what the engine answered', async () => {
    host.responders['limits:update'] = (payload) => {
      const { limits } = payload as { limits: Partial<RiskLimits> }
      // The engine normalizes money to cents: the form must show its answer, not the input.
      engineLimits = { ...engineLimits, ...limits, maxOrderNotional: '6000.00' }
      return ok(engineLimits)
    }
    render(<LimitsScreen />)
    await screen.findByTestId('limits-form')
    expect((screen.getByTestId('limits-save') as HTMLButtonElement).disabled).toBe(true)

    type('maxOrderNotional', '6000')
    type('maxDrawdownPct', '25')
    type('priceBandPct', '5') // typed, but the same value: not a change
    fireEvent.click(screen.getByTestId('limits-save'))

    expect(host.callsTo('limits:update')).toHaveLength(0)
    const confirm = await screen.findByTestId('limits-confirm')
    const diff = screen.getByTestId('limits-diff')
    expect(diff.querySelectorAll('tbody tr')).toHaveLength(2)
    expect(screen.getByTestId('limits-change-maxOrderNotional').textContent).toBe(
      'Maximum order size$5,000→$6,000',
    )
    expect(screen.getByTestId('limits-change-maxDrawdownPct').textContent).toBe(
      'Maximum drawdown20 %→25 %',
    )
    expect(field('maxOrderNotional').matches(':disabled')).toBe(true)

    fireEvent.click(confirm)
    const saved = await screen.findByTestId('limits-saved')
    expect(saved.textContent).toMatch(/Saved 2 changes/)
    expect(host.callsTo('limits:update')).toEqual([
      { accountId: 'paper-main', limits: { maxOrderNotional: '6000', maxDrawdownPct: 25 } },
    ])
    expect(field('maxOrderNotional').value).toBe('6000.00')
    expect(field('maxDrawdownPct').value).toBe('25')
    expect(screen.queryByTestId('limits-confirm')).toBeNull()
  })

  it('goes back to editing without saving', async () => {
    render(<LimitsScreen />)
    await screen.findByTestId('limits-form')
    type('maxOpenPositions', '7')
    fireEvent.click(screen.getByTestId('limits-save'))
    fireEvent.click(await screen.findByText('Back to editing'))
    expect(screen.queryByTestId('limits-confirm')).toBeNull()
    expect(field('maxOpenPositions').value).toBe('7')
    expect(host.callsTo('limits:update')).toHaveLength(0)
  })

  it("shows the engine's validation error next to the form and marks the field", async () => {
    host.responders['limits:update'] = () =>
      err('INVALID_INPUT', 'limits.maxDrawdownPct: must be at most 100')
    render(<LimitsScreen />)
    await screen.findByTestId('limits-form')
    type('maxDrawdownPct', '150')
    fireEvent.click(screen.getByTestId('limits-save'))
    fireEvent.click(await screen.findByTestId('limits-confirm'))

    const error = await screen.findByTestId('limits-error')
    expect(error.textContent).toBe('Not saved. Maximum drawdown: must be at most 100')
    expect(error.getAttribute('role')).toBe('alert')
    expect(field('maxDrawdownPct').getAttribute('aria-invalid')).toBe('true')
    expect(field('maxDrawdownPct').value).toBe('150')
    const help = document.getElementById(field('maxDrawdownPct').getAttribute('aria-describedby')!)
    expect(help?.textContent).toBe('Maximum drawdown: must be at most 100')
    expect(field('maxOrderNotional').getAttribute('aria-invalid')).toBe('false')
    expect(screen.queryByTestId('limits-saved')).toBeNull()
  })

  it('explains a rule between two fields and marks both', async () => {
    host.responders['limits:update'] = () =>
      err(
        'INVALID_INPUT',
        'limits.minOrderNotional ($6000) must not be above limits.maxOrderNotional ($5000).',
      )
    render(<LimitsScreen />)
    await screen.findByTestId('limits-form')
    type('minOrderNotional', '6000')
    fireEvent.click(screen.getByTestId('limits-save'))
    fireEvent.click(await screen.findByTestId('limits-confirm'))
    const error = await screen.findByTestId('limits-error')
    expect(error.textContent).toBe(
      'Not saved. Minimum order size ($6000) must not be above Maximum order size ($5000).',
    )
    expect(field('minOrderNotional').getAttribute('aria-invalid')).toBe('true')
    expect(field('maxOrderNotional').getAttribute('aria-invalid')).toBe('true')
  })

  it('refuses a number field that holds no number before asking the engine', async () => {
    render(<LimitsScreen />)
    await screen.findByTestId('limits-form')
    type('maxQuoteAgeMs', 'ten seconds')
    fireEvent.click(screen.getByTestId('limits-save'))
    expect((await screen.findByTestId('limits-error')).textContent).toBe(
      'Not saved. Maximum quote age: must be a number (ms)',
    )
    expect(screen.queryByTestId('limits-confirm')).toBeNull()
    expect(host.callsTo('limits:update')).toHaveLength(0)
  })

  it('follows limits changed elsewhere, keeping what is being typed', async () => {
    render(<LimitsScreen />)
    await screen.findByTestId('limits-form')
    type('maxDailyLoss', '750')
    act(() =>
      host.emit({
        type: 'limits:updated',
        payload: {
          accountId: 'paper-main',
          limits: riskLimits({ maxOrdersPerMinute: 60, maxDailyLoss: '400' }),
        },
      }),
    )
    await waitFor(() => expect(field('maxOrdersPerMinute').value).toBe('60'))
    expect(field('maxDailyLoss').value).toBe('750')
    fireEvent.click(screen.getByTestId('limits-save'))
    expect(screen.getByTestId('limits-change-maxDailyLoss').textContent).toBe(
      'Maximum daily loss$400→$750',
    )
  })
})
