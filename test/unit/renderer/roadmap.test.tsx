import { act, cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { err, ok } from '../../../shared/result'
import type { ValidationView } from '../../../shared/validation'
import { dayTs, validationView } from '../../kit/validation-fixture'
import type { FakeTransport } from './harness'
import { openRoadmap } from './roadmap-kit'

vi.mock('lightweight-charts', async () => (await import('./chart-mock')).lightweightChartsMock())

describe('Roadmap screen', () => {
  let disconnect: () => void = () => undefined
  let host: FakeTransport

  async function open(view: ValidationView = validationView()): Promise<void> {
    ;({ host, disconnect } = await openRoadmap(view))
  }

  /** The row of a criterion in the open phase's table. */
  const row = (id: string): HTMLElement => screen.getByTestId(`criterion-${id}`)
  const verdict = (id: string): string | null =>
    within(row(id)).getByTestId('criterion-verdict').textContent

  beforeEach(() => {
    history.replaceState(null, '', '#/')
  })

  afterEach(() => {
    cleanup()
    disconnect()
    vi.restoreAllMocks()
  })

  it('says when a plan set for a later day starts, and marks no day of it as today', async () => {
    const base = validationView()
    await open(
      validationView({
        settings: { ...base.settings, startDay: '2026-12-07' },
        today: '2026-12-03',
        day: null,
        phase: 1,
        phases: base.phases.map((p) => ({ ...p, status: 'upcoming' as const, signOff: null })),
        changes: [],
        incidents: [],
        recoveries: [],
      }),
    )
    expect((await screen.findByTestId('roadmap-day')).textContent).toBe(
      'The plan starts on 2026-12-07: nothing is measured before then · Phase 1',
    )
    expect(screen.getByTestId('roadmap-start').textContent).toMatch(
      /^Starts 2026-12-07 \(UTC\); today 2026-12-03\./,
    )
    expect(screen.queryByTestId('timeline-today')).toBeNull()
  })

  it('says the day, the phase and what it allows, and draws the 90 days with today and incidents', async () => {
    await open()
    expect((await screen.findByTestId('roadmap-day')).textContent).toBe('Day 40 of 90 · Phase 2')
    expect(screen.getByTestId('roadmap-allows').textContent).toMatch(/Orders of \$50–200 each/)
    expect(screen.getByTestId('roadmap-band').textContent).toBe(
      'Phase 2 band: $50–200 per order (USD), enforced by the gate on paper-main.',
    )
    const statuses = [1, 2, 3].map((p) => screen.getByTestId(`timeline-phase-${p}`).dataset.status)
    expect(statuses).toEqual(['done', 'current', 'upcoming'])
    expect(screen.getByTestId('timeline-phase-2').textContent).toBe(
      'Phase 2: days 31–60, currentPhase 2 · days 31–60 · current',
    )
    expect(screen.getByTestId('timeline-today').dataset.day).toBe('40')
    const marks = screen.getAllByTestId('timeline-incident')
    expect(marks.map((m) => `${m.dataset.day}:${m.dataset.kind}`)).toEqual([
      '12:drill',
      '19:crash',
      '35:drill',
      '38:critical_alert',
    ])
    // Each mark can be reached with Tab and says what happened.
    expect(marks[1]?.getAttribute('tabindex')).toBe('0')
    expect(marks[1]?.getAttribute('aria-label')).toMatch(
      /^Day 19, .*: Crash\. Engine crashed; back after 3 min$/,
    )
    const change = screen.getByTestId('timeline-change')
    expect(change.dataset.kind).toBe('advance')
    expect(change.getAttribute('aria-label')).toMatch(/Day 31: Advanced from phase 1 to phase 2/)
  })

  it('draws a roll-back dashed and red, unlike an advance, and says when the plan is complete', async () => {
    const base = validationView()
    await open({
      ...base,
      phase: 'complete',
      changes: [
        ...base.changes,
        {
          ts: dayTs(44),
          day: 44,
          from: 2,
          to: 1,
          kind: 'roll_back',
          reason: 'Critical failure: 2 integrity violations',
          seq: 5001,
        },
      ],
    })
    const changes = await screen.findAllByTestId('timeline-change')
    const [advance, back] = changes
    expect(advance?.querySelector('line')?.getAttribute('stroke-dasharray')).toBeNull()
    expect(back?.dataset.kind).toBe('roll_back')
    expect(back?.getAttribute('class')).toMatch(/roadmap-change-roll_back/)
    expect(back?.querySelector('line')?.getAttribute('stroke-dasharray')).toBe('4 3')
    expect(back?.textContent).toMatch(/↩ back to 1/)
    expect(screen.getByTestId('roadmap-phase').textContent).toBe(
      'Complete: all three phases signed off',
    )
    expect(screen.getByTestId('roadmap-complete').textContent).toMatch(/The plan is complete/)
  })

  it('shows each criterion of the current phase with its unit, verdict in words, interval and history', async () => {
    await open()
    const panel = await screen.findByTestId('phase-panel-2')
    expect(screen.getByTestId('phase-tab-2').getAttribute('aria-selected')).toBe('true')
    expect(verdict('tracker_failures')).toBe('✓ Pass')
    expect(verdict('slippage_in_model')).toBe('✗ Fail')
    // Not enough data is never a tick, whatever the value.
    expect(verdict('win_rate')).toBe('? Not enough data')
    expect(within(row('win_rate')).getByTestId('criterion-verdict').textContent).not.toMatch(/✓/)
    expect(within(row('slippage_in_model')).getByTestId('criterion-value').textContent).toBe('71 %')
    expect(within(row('slippage_in_model')).getByTestId('criterion-target').textContent).toBe(
      '≥ 80 %',
    )
    expect(row('tracker_failures').textContent).toMatch(/gates the phase/)
    const win = row('win_rate')
    expect(win.textContent).toMatch(/shown, does not gate/)
    expect(within(win).getByTestId('criterion-interval').textContent).toBe('95 % CI 29 % – 60 %')
    expect(within(win).getByTestId('criterion-target').textContent).toBe('> 45 %')
    expect(win.textContent).toMatch(/n = 36 trades/)
    // Days without data are gaps: day 31 and day 34 split the slippage line in two.
    const spark = within(row('slippage_in_model')).getByTestId('roadmap-spark')
    expect(spark.dataset.segments).toBe('2')
    expect(spark.getAttribute('aria-label')).toBe(
      'History over 10 days: 75 % on day 32, 71 % on day 40, 2 days without data',
    )
    expect(within(panel).getByTestId('roadmap-proof').textContent).toMatch(
      /^What 90 days can prove: At 95 % confidence, 90 days .* Sharpe ratio is above about 3.9/,
    )
  })

  it('moves between phases with the arrow keys and shows the sign-off of a done phase', async () => {
    await open()
    const tab2 = await screen.findByTestId('phase-tab-2')
    tab2.focus()
    fireEvent.keyDown(tab2, { key: 'ArrowLeft' })
    expect(screen.getByTestId('phase-tab-1').getAttribute('aria-selected')).toBe('true')
    expect(document.activeElement).toBe(screen.getByTestId('phase-tab-1'))
    expect(screen.getByTestId('signoff-done').textContent).toMatch(
      /^Signed off by Dana Reyes on 2026-11-24 \d\d:35:00 \(day 31\): “Capital protection held for 30 days/,
    )
    expect(screen.queryByTestId('signoff-open')).toBeNull()
    expect(verdict('max_drawdown')).toBe('✓ Pass')
    fireEvent.keyDown(screen.getByTestId('phase-tab-1'), { key: 'End' })
    expect(screen.getByTestId('phase-panel-3')).toBeTruthy()
    expect(screen.getByTestId('signoff-later').textContent).toMatch(/once it is the current phase/)
  })

  it('lists every blocker before Confirm and keeps Confirm off while any stands', async () => {
    await open()
    fireEvent.click(await screen.findByTestId('signoff-open'))
    const dialog = screen.getByTestId('signoff-dialog')
    const blockers = within(dialog).getByTestId('signoff-blockers')
    expect([...blockers.querySelectorAll('li')].map((li) => li.textContent)).toEqual([
      'Phase 2 runs until day 60; today is day 40.',
      'Slippage within the model: 71 % is below the target 80 %.',
      'Checklist item not done: Review slippage by hour of day.',
    ])
    fireEvent.change(within(dialog).getByTestId('signoff-by'), { target: { value: 'Dana Reyes' } })
    fireEvent.change(within(dialog).getByTestId('signoff-note'), {
      target: { value: 'Ready to size up' },
    })
    const confirm = within(dialog).getByTestId('signoff-confirm')
    expect((confirm as HTMLButtonElement).disabled).toBe(true)
    fireEvent.submit(confirm.closest('form') as HTMLFormElement)
    expect(host.callsTo('validation:sign-off')).toEqual([])
  })

  it('signs a phase off with who and the note, and shows the sign-off the engine answers', async () => {
    const ready = validationView()
    const phases = ready.phases.map((p) =>
      p.phase === 2 ? { ...p, canSignOff: { ok: true, blockers: [] } } : p,
    )
    await open({ ...ready, day: 61, phases })
    host.responders['validation:sign-off'] = (payload) => {
      const { by, note } = payload as { by: string; note: string }
      return ok({
        ...ready,
        day: 61,
        phase: 3,
        phases: phases.map((p) =>
          p.phase === 2
            ? {
                ...p,
                status: 'done',
                signOff: { phase: 2, by, note, ts: dayTs(61), day: 61, criteria: [] },
              }
            : p.phase === 3
              ? { ...p, status: 'current' }
              : p,
        ),
      } as ValidationView)
    }
    fireEvent.click(await screen.findByTestId('signoff-open'))
    const dialog = screen.getByTestId('signoff-dialog')
    expect(within(dialog).getByTestId('signoff-ready').textContent).toMatch(/phase 3 starts/)
    const confirm = within(dialog).getByTestId('signoff-confirm') as HTMLButtonElement
    expect(confirm.disabled).toBe(true)
    fireEvent.change(within(dialog).getByTestId('signoff-by'), { target: { value: 'Dana Reyes' } })
    fireEvent.change(within(dialog).getByTestId('signoff-note'), {
      target: { value: 'Slippage back inside the model' },
    })
    fireEvent.click(confirm)
    await waitFor(() => expect(screen.queryByTestId('signoff-dialog')).toBeNull())
    expect(host.callsTo('validation:sign-off')).toEqual([
      { phase: 2, by: 'Dana Reyes', note: 'Slippage back inside the model' },
    ])
    expect(screen.getByTestId('roadmap-phase').textContent).toBe('Phase 3')
    fireEvent.click(screen.getByTestId('phase-tab-2'))
    expect(screen.getByTestId('signoff-done').textContent).toMatch(
      /^Signed off by Dana Reyes .*\(day 61\): “Slippage back inside the model”/,
    )
  })

  it('edits a percent target as percent, sends the fraction with the reason, and shows a refusal', async () => {
    await open()
    host.responders['validation:set-target'] = () =>
      err('INVALID_INPUT', 'A win-rate target must be below the phase 3 target of 50 %.')
    fireEvent.click(await screen.findByTestId('target-edit-win_rate'))
    const dialog = screen.getByTestId('target-dialog')
    const input = within(dialog).getByTestId('target-input') as HTMLInputElement
    expect(input.value).toBe('45')
    expect(document.activeElement).toBe(input)
    fireEvent.change(input, { target: { value: '55' } })
    fireEvent.click(within(dialog).getByTestId('target-save'))
    // No reason: nothing is sent, and the field says what is missing.
    expect(within(dialog).getByRole('alert').textContent).toMatch(/Say why/)
    expect(host.callsTo('validation:set-target')).toEqual([])
    fireEvent.change(within(dialog).getByTestId('target-reason'), {
      target: { value: 'trend strategy wins less often' },
    })
    fireEvent.click(within(dialog).getByTestId('target-save'))
    expect((await within(dialog).findByTestId('target-error')).textContent).toBe(
      'Vigil did not change the target: A win-rate target must be below the phase 3 target of 50 %.',
    )
    expect(host.callsTo('validation:set-target')).toEqual([
      { phase: 2, criterion: 'win_rate', target: 0.55, reason: 'trend strategy wins less often' },
    ])
    expect(input.value).toBe('55')
    expect(verdict('win_rate')).toBe('? Not enough data')
  })

  it('ticks a checklist item and adds one, and asks again when the engine says the plan changed', async () => {
    const view = validationView()
    await open(view)
    host.responders['validation:check-item'] = () => ok(view)
    host.responders['validation:add-item'] = () => ok(view)
    const items = await screen.findAllByTestId('checklist-item')
    expect(screen.getByTestId('checklist-criteria').textContent).toBe(
      'Gating criteria: 2 of 3 pass, 1 fail, 0 without enough data.',
    )
    fireEvent.click(
      within(items[1] as HTMLElement).getByRole('checkbox', { name: /Review slippage/ }),
    )
    await waitFor(() => expect(host.callsTo('validation:check-item')).toHaveLength(1))
    expect(host.callsTo('validation:check-item')[0]).toEqual({ id: 'item-2', done: true, note: '' })
    fireEvent.change(screen.getByTestId('checklist-add-input'), {
      target: { value: 'Compare fills with the exchange statement' },
    })
    fireEvent.click(screen.getByTestId('checklist-add'))
    await waitFor(() => expect(host.callsTo('validation:add-item')).toHaveLength(1))
    expect(host.callsTo('validation:add-item')[0]).toEqual({
      phase: 2,
      text: 'Compare fills with the exchange statement',
    })

    host.responders['validation:get'] = () => ok(validationView({ day: 41 }))
    act(() => host.emit({ type: 'validation:changed', payload: { phase: 2, day: 41 } }))
    await waitFor(() =>
      expect(screen.getByTestId('roadmap-day').textContent).toBe('Day 41 of 90 · Phase 2'),
    )
  })

  it('lists downtime with its cause, health failures by kind and recoveries with their time', async () => {
    await open()
    const downtime = await screen.findByTestId('roadmap-downtime')
    expect(downtime.textContent).toMatch(/3 min, crash: The engine stopped without its stop record/)
    expect(downtime.textContent).toMatch(/42 min, stopped: Stopped by the trader/)
    expect(screen.getByTestId('roadmap-health-failures').textContent).toBe(
      'broker: 2 timesfeed staleness: 1 time',
    )
    expect(screen.getByTestId('roadmap-recoveries').textContent).toMatch(
      /Restart after the crash: recovered in 3 min/,
    )
  })
})
