/**
 * A realistic 90-day validation plan as the engine answers 'validation:get': started on
 * 2026-10-25, today 2026-12-03 is day 40, phase 1 signed off on day 31, phase 2 current with a
 * criterion passing, one failing and a profit criterion without enough trades; a drill, a
 * crash and a critical alert on the timeline, downtime with its causes, health failures by
 * kind and the recoveries measured. `noPlan()` is the view before a plan is set.
 */
import {
  CRITERIA,
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
  type Verdict,
} from '../../shared/validation'

/** Noon UTC of a plan day (day 1 = 2026-10-25). */
export function dayTs(day: number, minutes = 0): number {
  return Date.UTC(2026, 9, 24 + day, 12, minutes)
}

/** The measured part of a criterion, over the fixed part CRITERIA gives. */
interface Measured {
  readonly value: number | null
  readonly verdict: Verdict
  readonly n: number
  readonly sampleUnit: string
  readonly note: string
  readonly interval?: readonly [number, number]
  /** Values from the phase's first day on; null = nothing measured that day. */
  readonly history?: readonly (number | null)[]
}

/** One criterion of a phase with its target, as the engine measures it. */
export function criterion(
  id: CriterionId,
  target: number,
  measured: Measured,
  firstDay = 1,
): CriterionResult {
  const def = CRITERIA[id]
  return {
    id,
    label: def.label,
    group: def.group,
    gating: def.gating,
    unit: def.unit,
    op: def.op,
    target,
    value: measured.value,
    verdict: measured.verdict,
    sample: { n: measured.n, unit: measured.sampleUnit },
    interval: measured.interval
      ? { low: measured.interval[0], high: measured.interval[1], level: 0.95 }
      : null,
    note: measured.note,
    history: (measured.history ?? []).map((value, i) => ({ day: firstDay + i, value })),
  }
}

const PHASE_1: readonly CriterionResult[] = [
  criterion('integrity_violations', 0, {
    value: 0,
    verdict: 'pass',
    n: 214,
    sampleUnit: 'orders',
    note: '0 of 214 verified fills failed verification.',
    history: Array.from({ length: 30 }, () => 0),
  }),
  criterion('trades_tracked', 1, {
    value: 1,
    verdict: 'pass',
    n: 214,
    sampleUnit: 'orders',
    note: 'All 214 filled orders were verified and tracked.',
    history: [null, ...Array.from({ length: 29 }, () => 1)],
  }),
  criterion('win_rate', 0.45, {
    value: 0.52,
    verdict: 'not_enough_data',
    n: 48,
    sampleUnit: 'trades',
    interval: [0.38, 0.66],
    note: '25 of 48 round trips won; the 95 % interval 38–66 % straddles the 45 % target: too few trades to tell.',
    history: [null, null, 0.5, 0.6, 0.55, 0.5, 0.48, 0.52, 0.5, 0.51, 0.53, 0.52],
  }),
  criterion('max_drawdown', 0.15, {
    value: 0.043,
    verdict: 'pass',
    n: 30,
    sampleUnit: 'days',
    note: 'Deepest fall 4.3 % of equity (day 17), under the 15 % limit.',
    history: [0, 0.01, 0.012, 0.02, 0.02, 0.031, 0.043, 0.043],
  }),
]

const PHASE_2: readonly CriterionResult[] = [
  criterion(
    'tracker_failures',
    0,
    {
      value: 0,
      verdict: 'pass',
      n: 161,
      sampleUnit: 'orders',
      note: 'Every verified order was taken up by the tracker.',
      history: Array.from({ length: 10 }, () => 0),
    },
    31,
  ),
  criterion(
    'slippage_in_model',
    0.8,
    {
      value: 0.71,
      verdict: 'fail',
      n: 161,
      sampleUnit: 'fills',
      interval: [0.64, 0.78],
      note: '114 of 161 fills inside the model band: 71 % (95 % interval 64–78 %), below the 80 % target.',
      history: [null, 0.75, 0.74, null, 0.73, 0.72, 0.72, 0.71, 0.7, 0.71],
    },
    31,
  ),
  criterion(
    'failure_recovered',
    1,
    {
      value: 1,
      verdict: 'pass',
      n: 1,
      sampleUnit: 'drills',
      note: 'The broker outage drill on day 35 recovered in 5.1 s.',
      history: [0, 0, 0, 0, 1, 1, 1, 1, 1, 1],
    },
    31,
  ),
  criterion(
    'win_rate',
    0.45,
    {
      value: 0.44,
      verdict: 'not_enough_data',
      n: 36,
      sampleUnit: 'trades',
      interval: [0.29, 0.6],
      note: '16 of 36 round trips won; 36 trades cannot tell 44 % from 45 %.',
      history: [null, 0.5, 0.47, 0.45, 0.44, 0.46, 0.45, 0.43, 0.44, 0.44],
    },
    31,
  ),
]

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
