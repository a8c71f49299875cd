/**
 * Phases advance only when their days are over, their gating criteria pass, their checklist is
 * ticked and they are signed off; the sign-off is journaled with the criteria as they were. A
 * critical failure sends the plan back a phase when the plan says so, and not when it does not.
 */
import { describe, expect, it } from 'vitest'
import { attempt, call } from './call'
import { DAY, planKit } from '../../../kit/plan-kit'

/** A plan on 2026-03-01 for account a, with `days` good days of trading (3 winning trips a day). */
async function goodDays(kit: ReturnType<typeof planKit>, days: number, first = 0) {
  for (let d = 0; d < days; d++) {
    for (let i = 0; i < 3; i++) kit.order('a', { pnl: 2 })
    const date = new Date(kit.clock.now()).toISOString().slice(0, 10)
    kit.closes.push({ accountId: 'a', day: date, equity: String(1_000 + 6 * (first + d + 1)) })
    if (d < days - 1) kit.clock.advance(DAY)
  }
}

async function newPlan(rollBackOnCritical = true) {
  const kit = planKit()
  await call(kit.service, 'validation:set-plan', {
    startDay: '2026-03-01',
    accounts: ['a'],
    rollBackOnCritical,
    reason: 'go live',
  })
  return kit
}

describe('signing a phase off', () => {
  it('is refused before the phase is over, with failing criteria or an open checklist', async () => {
    const kit = await newPlan()
    // Day 1, nothing traded: too early, and nothing measured yet.
    const early = await attempt(kit.service, 'validation:sign-off', {
      phase: 1,
      by: 'Ana',
      note: 'looks good',
    })
    expect(early.ok).toBe(false)
    expect(!early.ok && early.error.message).toMatch(/runs to day 30; today is day 1/)
    expect(!early.ok && early.error.message).toMatch(/All trades tracked: not enough data/)

    await goodDays(kit, 30)
    const item = (
      await call(kit.service, 'validation:add-item', {
        phase: 1,
        text: 'Read the first daily reports',
      })
    ).phases[0]!.checklist[0]!
    let view = await call(kit.service, 'validation:get', {})
    expect(view.day).toBe(30)
    expect(view.phases[0]!.criteria.filter((c) => c.gating).map((c) => c.verdict)).toEqual([
      'pass',
      'pass',
      'pass',
    ])
    expect(view.phases[0]!.canSignOff.blockers).toEqual([
      `Checklist: "Read the first daily reports" is not ticked.`,
    ])
    const open = await attempt(kit.service, 'validation:sign-off', {
      phase: 1,
      by: 'Ana',
      note: 'ready',
    })
    expect(!open.ok && open.error.message).toMatch(/is not ticked/)
    expect((await call(kit.service, 'validation:get', {})).phase).toBe(1)

    await call(kit.service, 'validation:check-item', {
      id: item.id,
      done: true,
      note: 'read days 1-30',
    })
    // The wrong phase is refused too.
    const wrong = await attempt(kit.service, 'validation:sign-off', {
      phase: 2,
      by: 'Ana',
      note: 'skip ahead',
    })
    expect(!wrong.ok && wrong.error.message).toMatch(
      /not the current phase; the plan is in phase 1/,
    )

    view = await call(kit.service, 'validation:sign-off', {
      phase: 1,
      by: 'Ana',
      note: 'phase 1 clean',
    })
    expect(view.phase).toBe(2)
    expect(view.allows).toContain('$50 to $200')
    const done = view.phases[0]!
    expect(done.status).toBe('done')
    expect(done.signOff).toMatchObject({ phase: 1, by: 'Ana', note: 'phase 1 clean', day: 30 })
    expect(done.signOff!.criteria.find((c) => c.id === 'win_rate')).toMatchObject({
      value: 1,
      target: 0.45,
    })
    expect(kit.book.band('a')).toEqual({ phase: 2, min: '50', max: '200' })
    expect(view.changes).toEqual([
      expect.objectContaining({ from: 1, to: 2, kind: 'advance', day: 30 }),
    ])
  })

  it('sends the plan back a phase after a critical failure, when the plan says so', async () => {
    const kit = await newPlan(true)
    await goodDays(kit, 30)
    await call(kit.service, 'validation:sign-off', { phase: 1, by: 'Ana', note: 'phase 1 clean' })
    kit.clock.advance(DAY)
    expect(kit.book.band('a')).toMatchObject({ phase: 2 })
    // Day 31: a fill fails verification.
    kit.order('a', { passed: false })
    const view = await call(kit.service, 'validation:get', {})
    expect(view.phase).toBe(1)
    expect(view.changes.at(-1)).toMatchObject({ from: 2, to: 1, kind: 'roll_back', day: 31 })
    expect(view.changes.at(-1)!.reason).toMatch(
      /Back to phase 1 after order o\d+ failed verification/,
    )
    // The smaller band again, and phase 1 must be signed off again.
    expect(kit.book.band('a')).toEqual({ phase: 1, min: '10', max: '50' })
    expect(view.phases[0]!.status).toBe('current')
    expect(view.phases[0]!.signOff).toBeNull()
    expect(view.phases[0]!.canSignOff.ok).toBe(false)
  })

  it('starts a new plan from nothing once the old one is ended', async () => {
    const kit = await newPlan()
    await goodDays(kit, 30)
    await call(kit.service, 'validation:sign-off', { phase: 1, by: 'Ana', note: 'phase 1 clean' })
    const moved = await attempt(kit.service, 'validation:set-plan', {
      startDay: '2026-04-02',
      reason: 'later',
    })
    expect(!moved.ok && moved.error.message).toMatch(/can no longer move/)
    const ended = await call(kit.service, 'validation:set-plan', {
      startDay: null,
      reason: 'start over',
    })
    expect(ended.phase).toBeNull()
    expect(kit.book.band('a')).toBeNull()
    const fresh = await call(kit.service, 'validation:set-plan', {
      startDay: '2026-03-30',
      reason: 'again',
    })
    expect(fresh).toMatchObject({ phase: 1, day: 1, changes: [], incidents: [] })
    expect(fresh.phases[0]!.signOff).toBeNull()
    expect(fresh.phases[0]!.criteria.find((c) => c.id === 'trades_tracked')!.verdict).toBe(
      'not_enough_data',
    )
  })

  it('measures the plan from its new start when the start is moved before any sign-off', async () => {
    const kit = await newPlan()
    const moved = await call(kit.service, 'validation:set-plan', {
      startDay: '2026-03-03',
      reason: 'start after the weekend',
    })
    expect(moved).toMatchObject({ phase: 1, day: null })
    kit.clock.advance(2 * DAY)
    kit.uptimeFrom.length = 0
    const view = await call(kit.service, 'validation:get', {})
    expect(view.day).toBe(1)
    // Uptime (and the drills' recoveries) are measured from midnight of the new first day,
    // not from when the plan was first set up two days before.
    expect(kit.uptimeFrom.length).toBeGreaterThan(0)
    expect(new Set(kit.uptimeFrom)).toEqual(new Set([Date.UTC(2026, 2, 3)]))
  })

  it('stays in the phase after a critical failure when roll-back is off', async () => {
    const kit = await newPlan(false)
    await goodDays(kit, 30)
    await call(kit.service, 'validation:sign-off', { phase: 1, by: 'Ana', note: 'phase 1 clean' })
    kit.order('a', { tracked: false })
    const view = await call(kit.service, 'validation:get', {})
    expect(view.phase).toBe(2)
    expect(view.changes.map((c) => c.kind)).toEqual(['advance'])
    expect(view.incidents.at(-1)).toMatchObject({ kind: 'tracker_failure' })
  })

  it("does not count a drill's deliberate failures against the plan", async () => {
    const kit = await newPlan(true)
    kit.order('a')
    // A failed-verification drill: its probe fails verification, the broker check fails.
    kit.write('health.failed', {
      check: 'broker',
      label: 'Broker a',
      accountId: 'a',
      message: 'down',
    })
    kit.order('a', { drill: true, passed: false, pnl: -1 })
    kit.write('drill.completed', {
      id: 'd1',
      kind: 'failed_verification',
      accountId: 'a',
      startedAt: kit.clock.now() - 1,
      detectedAfterMs: 1_000,
      recoveredAfterMs: 30_000,
      outcome: 'recovered',
      detectedBy: 'x',
      recoveredBy: 'y',
      notes: '',
    } as never)
    // A real failure of another check, not caused by the drill, still counts.
    kit.write('health.failed', {
      check: 'disk_space',
      label: 'Disk',
      accountId: null,
      message: 'full',
    })
    const view = await call(kit.service, 'validation:get', {})
    expect(view.phase).toBe(1)
    expect(view.changes).toEqual([])
    const c = Object.fromEntries(view.phases[0]!.criteria.map((r) => [r.id, r]))
    expect(c.integrity_violations).toMatchObject({ value: 0, sample: { n: 1 } })
    expect(c.win_rate!.value).toBeNull()
    expect(view.healthFailures).toEqual({ disk_space: 1 })
    expect(view.incidents.map((i) => [i.kind, i.text])).toEqual([
      ['drill', 'Broker a: down (caused by the failed verification drill)'],
      ['drill', 'Drill failed_verification: recovered'],
      ['health_failure', 'Disk: full'],
    ])
  })

  it('completes the plan when phase 3 is signed off', async () => {
    const kit = await newPlan()
    await goodDays(kit, 30)
    await call(kit.service, 'validation:sign-off', { phase: 1, by: 'Ana', note: 'one' })
    // Phase 2 needs ten fills with a band, a recovery, and its days.
    kit.clock.advance(DAY)
    kit.write('drill.completed', {
      id: 'd1',
      kind: 'broker_outage',
      accountId: 'a',
      startedAt: kit.clock.now(),
      detectedAfterMs: 1_000,
      recoveredAfterMs: 60_000,
      outcome: 'recovered',
      detectedBy: 'x',
      recoveredBy: 'y',
      notes: '',
    } as never)
    await goodDays(kit, 30, 30)
    expect((await call(kit.service, 'validation:get', {})).day).toBe(60)
    await call(kit.service, 'validation:sign-off', { phase: 2, by: 'Ana', note: 'two' })
    kit.clock.advance(DAY)
    await goodDays(kit, 30, 60)
    // Phase 3 holds the whole plan to the 90-day targets: 100 trades? 270 here. Health and
    // sync are clean; the drill recovered in a minute.
    const before = await call(kit.service, 'validation:get', {})
    expect(before.day).toBe(90)
    const p3 = before.phases[2]!
    expect(p3.criteria.find((c) => c.id === 'total_trades')).toMatchObject({
      value: 270,
      verdict: 'pass',
    })
    expect(p3.canSignOff).toEqual({ ok: true, blockers: [] })
    const view = await call(kit.service, 'validation:sign-off', {
      phase: 3,
      by: 'Ana',
      note: 'three',
    })
    expect(view.phase).toBe('complete')
    expect(kit.book.band('a')).toBeNull()
    expect(view.allows).toMatch(/complete/)
  })
})
