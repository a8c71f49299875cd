/**
 * A realistic validation plan as `validation:get` answers it: started 2026-10-24 in
 * Europe/Berlin, today day 40 in phase 2. Phase 1 was signed off, advanced on day 31, rolled
 * back on day 34 after an integrity violation, signed off again and advanced on day 37. The
 * criteria pass, fail and lack data; each has its history; there are incidents, a drill, a
 * crash with its restart, downtime and health-check failures.
 */
import {
  CRITERIA,
  DEFAULT_BANDS,
  DEFAULT_TARGETS,
  PHASE_GOALS,
  type CriterionId,
  type CriterionResult,
  type Interval,
  type PhaseNumber,
  type PhaseView,
  type ValidationView,
  type Verdict,
} from '../../shared/validation'

export const FIXTURE_START = '2026-10-24'
export const FIXTURE_TODAY = 40
export const FIXTURE_HEAD_HASH = 'c48ce595ae15fbcc6cf5f1b7122cd1b64f741efe403b2e3c7857cc17d19beea9'

/** The instant of hh:mm on a plan day in Berlin (CEST on day 1, CET from day 2 on). */
export function atDay(day: number, hh: number, mm = 0): number {
  const offset = day <= 1 ? 2 : 1
  return Date.UTC(2026, 9, 23 + day, hh - offset, mm)
}

interface CriterionSpec {
  readonly value: number | null
  readonly verdict: Verdict
  readonly n: number
  readonly unit: string
  readonly note: string
  readonly interval?: Interval
  /** The value at the end of day `d` of the phase (1-based within the phase). */
  readonly history?: (d: number) => number | null
}

function criterion(
  phase: PhaseNumber,
  id: CriterionId,
  days: readonly [number, number],
  spec: CriterionSpec,
): CriterionResult {
  const def = CRITERIA[id]
  const target = DEFAULT_TARGETS[phase][id]
  if (target === undefined) throw new Error(`phase ${phase} has no target for ${id}`)
  const history: { day: number; value: number | null }[] = []
  if (spec.history)
    for (let day = days[0]; day <= days[1]; day++)
      history.push({ day, value: spec.history(day - days[0] + 1) })
  return {
    id,
    label: def.label,
    group: def.group,
    gating: def.gating,
    unit: def.unit,
    op: def.op,
    target,
    value: spec.value,
    verdict: spec.verdict,
    sample: { n: spec.n, unit: spec.unit },
    interval: spec.interval ?? null,
    note: spec.note,
    history,
  }
}

const ci = (low: number, high: number): Interval => ({ low, high, level: 0.95 })

function phaseOne(): PhaseView {
  const days = [1, 30] as const
  const criteria = [
    criterion(1, 'integrity_violations', days, {
      value: 0,
      verdict: 'pass',
      n: 212,
      unit: 'orders',
      note: 'No fill failed post-execution verification in 212 orders.',
      history: () => 0,
    }),
    criterion(1, 'trades_tracked', days, {
      value: 1,
      verdict: 'pass',
      n: 212,
      unit: 'filled orders',
      note: 'All 212 filled orders were verified and taken up by the tracker.',
      history: (d) => (d < 3 ? null : 1),
    }),
    criterion(1, 'win_rate', days, {
      value: 0.52,
      verdict: 'not_enough_data',
      n: 41,
      unit: 'trades',
      interval: ci(0.37, 0.67),
      note: '52.0% over 41 trades: the 95 % interval 37.0%–67.0% straddles the 45.0% target, too few trades for a verdict.',
      history: (d) => (d < 4 ? null : 0.4 + (d % 7) * 0.02),
    }),
    criterion(1, 'max_drawdown', days, {
      value: 0.061,
      verdict: 'pass',
      n: 30,
      unit: 'days',
      note: 'The deepest fall was 6.1% (day 19 to day 22), under the 15.0% limit.',
      history: (d) => (d < 19 ? 0.02 + d * 0.001 : 0.061),
    }),
  ]
  return {
    phase: 1,
    firstDay: 1,
    lastDay: 30,
    goals: PHASE_GOALS[1],
    band: DEFAULT_BANDS[1],
    status: 'done',
    criteria,
    checklist: [
      {
        id: 'item-1',
        phase: 1,
        text: 'Check the kill switch closes every position on paper-main',
        done: true,
        note: 'Done on day 9: 3 positions closed in 4 s.',
        ts: atDay(9, 18, 20),
      },
    ],
    signOff: {
      phase: 1,
      by: 'Jordan Okafor',
      note: 'Signed again after the day-34 violation was traced to a stale price check (fixed).',
      ts: atDay(37, 8, 45),
      day: 37,
      criteria: criteria.map(({ id, value, target, verdict }) => ({ id, value, target, verdict })),
    },
    canSignOff: { ok: false, blockers: ['Phase 1 is already signed off.'] },
  }
}

function phaseTwo(): PhaseView {
  const days = [31, FIXTURE_TODAY] as const
  return {
    phase: 2,
    firstDay: 31,
    lastDay: 60,
    goals: PHASE_GOALS[2],
    band: DEFAULT_BANDS[2],
    status: 'current',
    criteria: [
      criterion(2, 'tracker_failures', days, {
        value: 0,
        verdict: 'pass',
        n: 96,
        unit: 'verified orders',
        note: 'Every verified order was taken up by the tracker.',
        history: () => 0,
      }),
      criterion(2, 'slippage_in_model', days, {
        value: 0.71,
        verdict: 'fail',
        n: 96,
        unit: 'fills',
        interval: ci(0.62, 0.79),
        note: "71.0% of 96 fills inside the model's 80 % band: the 95 % interval 62.0%–79.0% does not reach the 80.0% target.",
        history: (d) => 0.78 - d * 0.007,
      }),
      criterion(2, 'failure_recovered', days, {
        value: 0,
        verdict: 'not_enough_data',
        n: 0,
        unit: 'drills and restarts',
        note: 'No drill or crash in this phase yet: the drill is planned for day 45.',
        history: () => 0,
      }),
      criterion(2, 'win_rate', days, {
        value: 0.47,
        verdict: 'not_enough_data',
        n: 38,
        unit: 'trades',
        interval: ci(0.33, 0.61),
        note: '47.4% over 38 trades: the 95 % interval 33.0%–61.0% straddles the 45.0% target.',
        history: (d) => (d === 1 ? null : 0.44 + (d % 3) * 0.015),
      }),
    ],
    checklist: [
      {
        id: 'item-2',
        phase: 2,
        text: 'Run the exchange-outage drill',
        done: false,
        note: '',
        ts: atDay(38, 10, 5),
      },
      {
        id: 'item-3',
        phase: 2,
        text: 'Review the fee tier after the first 30 days',
        done: true,
        note: 'Tier 2 since day 33; the cost model was recalibrated.',
        ts: atDay(39, 16, 30),
      },
    ],
    signOff: null,
    canSignOff: {
      ok: false,
      blockers: [
        'Slippage within the model fails: 71.0% against ≥ 80.0%.',
        'Recovered from failures has not enough data: no drill or recovery yet.',
      ],
    },
  }
}

function phaseThree(): PhaseView {
  const targets = DEFAULT_TARGETS[3]
  return {
    phase: 3,
    firstDay: 61,
    lastDay: 90,
    goals: PHASE_GOALS[3],
    band: DEFAULT_BANDS[3],
    status: 'upcoming',
    criteria: (Object.keys(targets) as CriterionId[]).map((id) =>
      criterion(3, id, [61, 90], {
        value: null,
        verdict: 'not_enough_data',
        n: 0,
        unit: 'days',
        note: 'Phase 3 has not started.',
      }),
    ),
    checklist: [],
    signOff: null,
    canSignOff: { ok: false, blockers: ['Phase 3 has not started.'] },
  }
}

/** The plan at day 40; `overrides` replace whole top-level fields. */
export function validationFixture(overrides: Partial<ValidationView> = {}): ValidationView {
  return {
    settings: {
      startDay: FIXTURE_START,
      accounts: ['paper-main', 'paper-2'],
      bands: DEFAULT_BANDS,
      targets: DEFAULT_TARGETS,
      rollBackOnCritical: true,
      timeZone: 'Europe/Berlin',
    },
    timeZone: 'Europe/Berlin',
    day: FIXTURE_TODAY,
    today: '2026-12-02',
    phase: 2,
    allows: 'Phase 2 allows orders of $50.00–$200.00 on paper-main and paper-2.',
    phases: [phaseOne(), phaseTwo(), phaseThree()],
    changes: [
      {
        ts: atDay(31, 0, 0),
        day: 31,
        from: 1,
        to: 2,
        kind: 'advance',
        reason: 'Phase 1 signed off with its gating criteria passing.',
        seq: 10412,
      },
      {
        ts: atDay(34, 14, 7),
        day: 34,
        from: 2,
        to: 1,
        kind: 'roll_back',
        reason: 'Critical failure: order o-88 failed verification.',
        seq: 11873,
      },
      {
        ts: atDay(37, 8, 45),
        day: 37,
        from: 1,
        to: 2,
        kind: 'advance',
        reason: 'Phase 1 signed off again.',
        seq: 12950,
      },
    ],
    incidents: [
      {
        ts: atDay(12, 3, 41),
        day: 12,
        kind: 'health_failure',
        text: 'Market data went stale for 95 s.',
        seq: 4120,
      },
      {
        ts: atDay(19, 22, 4),
        day: 19,
        kind: 'crash',
        text: 'The engine exited unexpectedly (out of memory).',
        seq: 6655,
      },
      {
        ts: atDay(26, 11, 0),
        day: 26,
        kind: 'drill',
        text: 'Drill: exchange disconnect; recovered in 48 s.',
        seq: 8801,
      },
      {
        ts: atDay(34, 14, 6),
        day: 34,
        kind: 'integrity_violation',
        text: 'Order o-88: fill price 2.1% off the checked price.',
        seq: 11870,
      },
      {
        ts: atDay(34, 14, 6),
        day: 34,
        kind: 'critical_alert',
        text: 'Critical alert: capital protection violation on o-88.',
        seq: 11871,
      },
      {
        ts: atDay(34, 14, 7),
        day: 34,
        kind: 'halt',
        text: 'The breaker halted trading on every account.',
        seq: 11872,
      },
      {
        ts: atDay(38, 9, 30),
        day: 38,
        kind: 'sync_error',
        text: 'Balance of paper-2 off by $0.40 at reconciliation.',
        seq: 13105,
      },
    ],
    downtime: [
      {
        from: atDay(19, 22, 4),
        to: atDay(19, 22, 7),
        cause: 'crash',
        detail: 'No heartbeat after the crash until the restart.',
      },
      {
        from: atDay(27, 6, 0),
        to: atDay(27, 6, 14),
        cause: 'stop',
        detail: 'Stopped by the trader for a system update.',
      },
      {
        from: atDay(34, 14, 7),
        to: atDay(34, 14, 49),
        cause: 'halt',
        detail: 'Global halt after the critical alert.',
      },
    ],
    healthFailures: { 'market-data': 2, 'exchange-connection': 1 },
    recoveries: [
      {
        ts: atDay(19, 22, 7),
        kind: 'restart',
        ms: 192_000,
        recovered: true,
        text: 'Ready 3.2 min after the crash.',
      },
      {
        ts: atDay(26, 11, 1),
        kind: 'drill',
        ms: 48_000,
        recovered: true,
        text: 'Exchange disconnect drill.',
      },
    ],
    proof:
      'At 95 % confidence, 90 days of daily returns show an edge only if the annual Sharpe ratio is above 3.3; below that, a profit over the plan is as consistent with luck as with skill.',
    journal: { seq: 13587, hash: FIXTURE_HEAD_HASH },
    generatedAt: atDay(40, 9, 15),
    ...overrides,
  }
}
