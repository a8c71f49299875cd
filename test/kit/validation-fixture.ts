/**
 * A realistic 90-day validation plan as the engine answers 'validation:get': started on
 * 2026-10-25, today 2026-12-03 is day 40, phase 1 signed off on day 31, phase 2 current with a
 * criterion passing, one failing and a profit criterion without enough trades; a drill, a
 * crash and a critical alert on the timeline, downtime with its causes, health failures by
 * kind and the recoveries measured. `noPlan()` is the view before a plan is set.
 */
import { criterion, dayTs, PHASE_1, PHASE_2 } from './validation-criteria-fixture'
import {
  DEFAULT_PLAN,
  PHASE_DAYS,
  PHASE_GOALS,
  PHASES,
  type CriterionId,
  type CriterionResult,
  type PhaseNumber,
  type PhaseView,
  type PlanSettings,
  type ValidationView,
} from '../../shared/validation'

export { criterion, dayTs } from './validation-criteria-fixture'

function upcoming(phase: PhaseNumber, targets: PlanSettings['targets']): CriterionResult[] {
  const first = (phase - 1) * PHASE_DAYS + 1
  return Object.entries(targets[phase]).map(([id, target]) =>
    criterion(
      id as CriterionId,
      target ?? 0,
      {
        value: null,
        verdict: 'not_enough_data',
        n: 0,
        sampleUnit: 'days',
        note: `Measured from day ${first}, when phase ${phase} starts.`,
      },
      first,
    ),
  )
}

/** The settings of the plan: started 2026-10-25 on paper-main, the design's bands and targets. */
export function planSettings(overrides: Partial<PlanSettings> = {}): PlanSettings {
  return { ...DEFAULT_PLAN, startDay: '2026-10-25', accounts: ['paper-main'], ...overrides }
}

/** Phase 2 of the fixture: its checklist and why it cannot be signed off on day 40. */
function phaseTwo(): Pick<PhaseView, 'checklist' | 'canSignOff'> {
  return {
    checklist: [
      {
        id: 'item-1',
        phase: 2,
        text: 'Run the broker outage drill',
        done: true,
        note: 'Day 35, recovered in 5.1 s',
        ts: dayTs(35),
      },
      {
        id: 'item-2',
        phase: 2,
        text: 'Review slippage by hour of day',
        done: false,
        note: '',
        ts: dayTs(33),
      },
    ],
    canSignOff: {
      ok: false,
      blockers: [
        'Phase 2 runs until day 60; today is day 40.',
        'Slippage within the model: 71 % is below the target 80 %.',
        'Checklist item not done: Review slippage by hour of day.',
      ],
    },
  }
}

/** The plan on day 40, in phase 2; override any part. */
export function validationView(overrides: Partial<ValidationView> = {}): ValidationView {
  const settings = overrides.settings ?? planSettings()
  const two = phaseTwo()
  const phases: PhaseView[] = PHASES.map((phase) => ({
    phase,
    firstDay: (phase - 1) * PHASE_DAYS + 1,
    lastDay: phase * PHASE_DAYS,
    goals: PHASE_GOALS[phase],
    band: settings.bands[phase],
    status: phase === 1 ? 'done' : phase === 2 ? 'current' : 'upcoming',
    criteria: phase === 1 ? PHASE_1 : phase === 2 ? PHASE_2 : upcoming(3, settings.targets),
    checklist: phase === 2 ? two.checklist : [],
    signOff:
      phase === 1
        ? {
            phase: 1,
            by: 'Dana Reyes',
            note: 'Capital protection held for 30 days; win rate still too thin to judge.',
            ts: dayTs(31, 95),
            day: 31,
            criteria: PHASE_1.map((c) => ({
              id: c.id,
              value: c.value,
              target: c.target,
              verdict: c.verdict,
            })),
          }
        : null,
    canSignOff:
      phase === 2 ? two.canSignOff : { ok: false, blockers: [`Phase ${phase} is not current.`] },
  }))
  return {
    settings,
    timeZone: 'UTC',
    day: 40,
    today: '2026-12-03',
    phase: 2,
    allows: 'Orders of $50–200 each on paper-main; other accounts keep their own limits.',
    phases,
    changes: [
      {
        ts: dayTs(31, 95),
        day: 31,
        from: 1,
        to: 2,
        kind: 'advance',
        reason: 'Phase 1 signed off by Dana Reyes',
        seq: 3904,
      },
    ],
    incidents: [
      {
        ts: dayTs(12),
        day: 12,
        kind: 'drill',
        text: 'Feed stall drill: recovered in 2.4 s',
        seq: 1210,
      },
      {
        ts: dayTs(19),
        day: 19,
        kind: 'crash',
        text: 'Engine crashed; back after 3 min',
        seq: 1877,
      },
      {
        ts: dayTs(35),
        day: 35,
        kind: 'drill',
        text: 'Broker outage drill: recovered in 5.1 s',
        seq: 4420,
      },
      {
        ts: dayTs(38),
        day: 38,
        kind: 'critical_alert',
        text: 'Critical alert: daily loss 4.2 % of equity',
        seq: 4701,
      },
    ],
    downtime: [
      {
        from: dayTs(19),
        to: dayTs(19, 3),
        cause: 'crash',
        detail: 'The engine stopped without its stop record.',
      },
      {
        from: dayTs(27),
        to: dayTs(27, 42),
        cause: 'stop',
        detail: 'Stopped by the trader (vigil stop).',
      },
    ],
    healthFailures: { broker: 2, feed_staleness: 1 },
    recoveries: [
      { ts: dayTs(12), kind: 'drill', ms: 2_400, recovered: true, text: 'Feed stall drill' },
      {
        ts: dayTs(19, 3),
        kind: 'restart',
        ms: 180_000,
        recovered: true,
        text: 'Restart after the crash',
      },
      { ts: dayTs(35), kind: 'drill', ms: 5_100, recovered: true, text: 'Broker outage drill' },
    ],
    proof:
      'At 95 % confidence, 90 days of daily returns prove an edge only if its annual Sharpe ratio is above about 3.9; a smaller edge needs years of data, so the profit criteria are shown with their intervals and do not gate a phase.',
    journal: { seq: 4812, hash: '9f2c4b7e1a0d5c3b8e6f' },
    generatedAt: dayTs(40, 30),
    ...overrides,
  }
}

/** The view before any plan is set. */
export function noPlan(): ValidationView {
  const base = validationView()
  return {
    ...base,
    settings: DEFAULT_PLAN,
    day: null,
    phase: null,
    allows: 'No plan yet: every account keeps its own limits.',
    phases: base.phases.map((p) => ({
      ...p,
      status: 'upcoming',
      criteria: upcoming(p.phase, DEFAULT_PLAN.targets),
      checklist: [],
      signOff: null,
      canSignOff: { ok: false, blockers: ['No plan yet.'] },
    })),
    changes: [],
    incidents: [],
    downtime: [],
    healthFailures: {},
    recoveries: [],
  }
}
