import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { err, ok } from '../../../shared/result'
import { DEFAULT_BANDS, type ValidationView } from '../../../shared/validation'
import { noPlan, planSettings, validationView } from '../../kit/validation-fixture'
import type { FakeTransport } from './harness'
import { openRoadmap } from './roadmap-kit'

vi.mock('lightweight-charts', async () => (await import('./chart-mock')).lightweightChartsMock())

describe('Roadmap screen: plan settings', () => {
  let disconnect: () => void = () => undefined
  let host: FakeTransport

  /** Opens the Roadmap on day 40 (phase 2, paper-main enrolled) and unfolds the settings. */
  async function open(view: ValidationView = validationView()): Promise<HTMLElement> {
    ;({ host, disconnect } = await openRoadmap(view))
    fireEvent.click(await screen.findByTestId('plan-settings-toggle'))
    return screen.getByTestId('plan-settings')
  }

  const type = (testId: string, value: string): void => {
    fireEvent.change(screen.getByTestId(testId), { target: { value } })
  }
  const confirm = (): HTMLButtonElement => screen.getByTestId('settings-confirm')
  const texts = (testId: string): string[] =>
    [...screen.getByTestId(testId).querySelectorAll('li')].map((li) => li.textContent ?? '')

  beforeEach(() => {
    history.replaceState(null, '', '#/')
  })

  afterEach(() => {
    cleanup()
    disconnect()
    vi.restoreAllMocks()
  })

  it("changes phase 2's band: shows now → new and what the gate refuses from now on, then sends only that band with the reason", async () => {
    const panel = await open()
    expect((panel as HTMLDetailsElement).open).toBe(true)
    expect(screen.getByTestId('settings-nochange')).toBeTruthy()
    type('band-2-min', '60')
    type('band-2-max', '250')
    const row = screen.getByTestId('settings-change-band-2')
    expect([...row.children].map((cell) => cell.textContent)).toEqual([
      'Phase 2 size band',
      '$50 to $200 per order',
      '→',
      '$60 to $250 per order',
    ])
    // Raising the minimum of the current phase refuses orders it allowed; raising the max does not.
    expect(texts('settings-warnings')).toEqual([
      'Phase 2 is the current phase: from now on the gate refuses orders below $60 on Paper (until now it allowed $50 to $200 per order).',
    ])
    expect(confirm().textContent).toBe('Confirm 1 change')

    fireEvent.click(confirm())
    expect(screen.getByTestId('settings-reason').getAttribute('aria-invalid')).toBe('true')
    expect(host.callsTo('validation:set-plan')).toEqual([])

    const changed = validationView({
      settings: planSettings({ bands: { ...DEFAULT_BANDS, 2: { min: '60', max: '250' } } }),
    })
    host.responders['validation:set-plan'] = () => ok(changed)
    type('settings-reason', 'fees make $50 orders too expensive')
    fireEvent.click(confirm())
    await waitFor(() => expect(host.callsTo('validation:set-plan')).toHaveLength(1))
    expect(host.callsTo('validation:set-plan')).toEqual([
      { bands: { 2: { min: '60', max: '250' } }, reason: 'fees make $50 orders too expensive' },
    ])
    await screen.findByTestId('settings-saved')
    expect(screen.getByTestId('settings-saved').textContent).toMatch(
      /^Saved at \d\d:\d\d:\d\d: Phase 2 size band\. The journal keeps the change and its reason\.$/,
    )
    expect(screen.getByTestId('roadmap-band').textContent).toMatch(
      /^Phase 2 band: \$60–250 per order/,
    )
    // The form starts again from the plan as it now is.
    expect((screen.getByTestId('band-2-min') as HTMLInputElement).value).toBe('60')
    expect(screen.getByTestId('settings-nochange')).toBeTruthy()
  })

  it('warns before Confirm when a minimum is above its maximum, an amount is negative or no account is left, and sends nothing', async () => {
    await open()
    type('band-2-min', '300')
    expect(screen.getByTestId('band-2-help').textContent).toBe(
      'Phase 2: the minimum $300 is above the maximum $200, so no order could fit the band.',
    )
    expect(screen.getByTestId('band-2-min').getAttribute('aria-invalid')).toBe('true')
    type('band-1-max', '-5')
    fireEvent.click(screen.getByTestId('settings-account-paper-main'))
    expect(texts('settings-problems')).toEqual([
      'Phase 1 maximum: an amount cannot be negative; type 0 or more (USD).',
      'Phase 2: the minimum $300 is above the maximum $200, so no order could fit the band.',
      'Accounts: enrol at least one account; the plan holds only the accounts in it.',
    ])
    expect(confirm().disabled).toBe(true)
    expect(screen.getByTestId('settings-blocked').textContent).toBe(
      'Fix the 3 problems above before confirming.',
    )
    type('settings-reason', 'tighten phase 2')
    fireEvent.submit(confirm().closest('form') as HTMLFormElement)
    expect(host.callsTo('validation:set-plan')).toEqual([])

    // Phase 3's maximum may stay empty: up to the account's own limits.
    fireEvent.click(screen.getByTestId('settings-discard'))
    type('band-3-min', '100')
    expect(screen.getByTestId('settings-change-band-3').textContent).toBe(
      "Phase 3 size bandthe account's own limits→from $100 per order up to the account's own limits",
    )
    expect(confirm().disabled).toBe(false)
  })

  it('ends the plan only after a confirmation that says what happens, and sends startDay null with the reason', async () => {
    await open()
    fireEvent.click(screen.getByTestId('plan-end'))
    let dialog = screen.getByTestId('plan-end-dialog')
    expect(within(dialog).getByTestId('plan-end-what').textContent).toMatch(
      /The size bands stop applying: paper-main goes back to its own limits only\..*The plan's history stays in the journal/,
    )
    // Focus starts in the dialog on the reason, not on the destructive button.
    expect(document.activeElement).toBe(within(dialog).getByTestId('plan-end-reason'))
    fireEvent.click(within(dialog).getByTestId('plan-end-cancel'))
    expect(screen.queryByTestId('plan-end-dialog')).toBeNull()
    expect(host.callsTo('validation:set-plan')).toEqual([])

    fireEvent.click(screen.getByTestId('plan-end'))
    dialog = screen.getByTestId('plan-end-dialog')
    fireEvent.click(within(dialog).getByTestId('plan-end-confirm'))
    expect(within(dialog).getByRole('alert').textContent).toMatch(/Say why/)
    expect(host.callsTo('validation:set-plan')).toEqual([])

    host.responders['validation:set-plan'] = () => ok(noPlan())
    fireEvent.change(within(dialog).getByTestId('plan-end-reason'), {
      target: { value: 'strategy retired' },
    })
    fireEvent.click(within(dialog).getByTestId('plan-end-confirm'))
    await screen.findByTestId('roadmap-noplan')
    expect(host.callsTo('validation:set-plan')).toEqual([
      { startDay: null, reason: 'strategy retired' },
    ])
    expect(screen.queryByTestId('plan-end-dialog')).toBeNull()
  })

  it("shows the engine's refusal and keeps what was typed", async () => {
    await open()
    host.responders['validation:set-plan'] = () =>
      err('NOT_FOUND', 'accounts: no account exchange-2; the accounts are: paper-main.')
    fireEvent.click(screen.getByTestId('settings-account-exchange-2'))
    fireEvent.click(screen.getByTestId('settings-rollback'))
    expect(texts('settings-warnings')).toEqual([
      'Kraken sandbox joins the plan: from now on its orders must fit the phase 2 band, $50 to $200 per order.',
    ])
    expect(screen.getByTestId('settings-change-rollback').textContent).toBe(
      'A critical failuresends the plan back a phase→does not move the plan back',
    )
    type('settings-reason', 'sandbox joins the plan')
    fireEvent.click(confirm())
    expect((await screen.findByTestId('settings-error')).textContent).toBe(
      'Vigil did not change the plan: accounts: no account exchange-2; the accounts are: paper-main.',
    )
    expect(host.callsTo('validation:set-plan')).toEqual([
      {
        accounts: ['paper-main', 'exchange-2'],
        rollBackOnCritical: false,
        reason: 'sandbox joins the plan',
      },
    ])
    expect((screen.getByTestId('settings-account-exchange-2') as HTMLInputElement).checked).toBe(
      true,
    )
    expect((screen.getByTestId('settings-reason') as HTMLInputElement).value).toBe(
      'sandbox joins the plan',
    )
    expect(screen.getByTestId('roadmap-band').textContent).toMatch(
      /enforced by the gate on paper-main\.$/,
    )
  })
})
