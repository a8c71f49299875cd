/**
 * The 90-day live validation plan (the design's section 5): three phases of thirty days, each
 * with goals, a size band the gate enforces and criteria measured from the journal. Execution,
 * risk and operational criteria gate a phase; profit criteria are shown with their uncertainty,
 * because 90 days cannot prove an edge unless it is very large.
 */

/** The three phases. */
export const PHASES = [1, 2, 3] as const
export type PhaseNumber = (typeof PHASES)[number]

/** Days in the plan and in each phase. */
export const PLAN_DAYS = 90
export const PHASE_DAYS = 30

/** Every criterion the plan can measure. */
export const CRITERION_IDS = [
  'integrity_violations',
  'tracker_failures',
  'balance_sync_errors',
  'trades_tracked',
  'slippage_in_model',
  'failure_recovered',
  'critical_failures',
  'max_drawdown',
  'uptime',
  'recovery_time',
  'health_check_failures',
  'total_trades',
  'win_rate',
  'avg_profit',
  'sharpe',
  'total_profit',
] as const
export type CriterionId = (typeof CRITERION_IDS)[number]

/**
 * What a criterion is about. Execution, risk and operational criteria gate a phase; profit
 * criteria never do (they are shown with their confidence interval).
 */
export type CriterionGroup = 'execution' | 'risk' | 'operational' | 'profit'

/** How a value compares with its target. */
export type TargetOp = '<=' | '>=' | '<' | '>'

/** Each comparison as it reads: "≤". */
export const OP_SIGNS: Readonly<Record<TargetOp, string>> = {
  '<=': '≤',
  '>=': '≥',
  '<': '<',
  '>': '>',
}

/** The fixed part of a criterion: its words, unit, direction and whether it gates. */
export interface CriterionDefinition {
  readonly id: CriterionId
  readonly label: string
  readonly group: CriterionGroup
  readonly op: TargetOp
  /** '%' values and targets are fractions (0.45 = 45 %); 'count', 'USD', 'min', 'ratio'. */
  readonly unit: '%' | 'count' | 'USD' | 'min' | 'ratio'
  readonly gating: boolean
  /** How it is measured, in words. */
  readonly how: string
}

/** The verdict of a criterion. */
export type Verdict = 'pass' | 'fail' | 'not_enough_data'

/** A confidence interval (95 % two-sided unless `level` says otherwise). */
export interface Interval {
  readonly low: number
  readonly high: number
  readonly level: number
}

/** One criterion of a phase, measured. */
export interface CriterionResult {
  readonly id: CriterionId
  readonly label: string
  readonly group: CriterionGroup
  readonly gating: boolean
  readonly unit: CriterionDefinition['unit']
  readonly op: TargetOp
  readonly target: number
  /** The measured value, or null when there is nothing to measure yet. */
  readonly value: number | null
  readonly verdict: Verdict
  /** The sample behind it (trades, days, orders…), with its unit. */
  readonly sample: { readonly n: number; readonly unit: string }
  /** Where a sample decides it: the interval around the value. */
  readonly interval: Interval | null
  /** Why the verdict, in words: with numbers and units; says when the sample is too small. */
  readonly note: string
  /** The value at the end of each day of the phase (the sparkline), oldest first. */
  readonly history: readonly { readonly day: number; readonly value: number | null }[]
}

/** A size band: order notional from `min` to `max` USD; null max = the account's own limits. */
export interface SizeBand {
  readonly min: string
  readonly max: string | null
}

/** A manual checklist item the trader added to a phase. */
export interface ChecklistItem {
  readonly id: string
  readonly phase: PhaseNumber
  readonly text: string
  readonly done: boolean
  readonly note: string
  readonly ts: number
}

/** A phase signed off: who, when, the note and the criteria as they were then. */
export interface SignOff {
  readonly phase: PhaseNumber
  readonly by: string
  readonly note: string
  readonly ts: number
  /** The plan day it was signed on. */
  readonly day: number
  readonly criteria: readonly Pick<CriterionResult, 'id' | 'value' | 'target' | 'verdict'>[]
}

/** A change of phase: an advance after a sign-off, or a roll-back after a critical failure. */
export interface PhaseChange {
  readonly ts: number
  readonly day: number
  readonly from: PhaseNumber
  readonly to: PhaseNumber | 'complete'
  readonly kind: 'advance' | 'roll_back'
  readonly reason: string
  /** The journal record it came from. */
  readonly seq: number
}

/** What the trader sets: start, accounts, bands, targets, roll-back. Each change is journaled. */
export interface PlanSettings {
  /** The first day, YYYY-MM-DD in the trader's time zone; null: no plan yet. */
  readonly startDay: string | null
  /** The accounts the plan covers: the gate enforces the size bands on these only. */
  readonly accounts: readonly string[]
  readonly bands: Readonly<Record<PhaseNumber, SizeBand>>
  /** Each phase's criteria and their targets (a criterion absent from a phase is not measured). */
  readonly targets: Readonly<Record<PhaseNumber, Readonly<Partial<Record<CriterionId, number>>>>>
  /** A critical failure in a phase sends the plan back a phase (phase 1 restarts). */
  readonly rollBackOnCritical: boolean
  /** The trader's time zone the plan's days are counted in (kept with the plan). */
  readonly timeZone: string
}

/** A gap in the engine's heartbeats: downtime, and what caused it where known. */
export interface Downtime {
  readonly from: number
  readonly to: number
  readonly cause: 'crash' | 'stop' | 'halt' | 'unknown'
  /** What the journal says about it, in words. */
  readonly detail: string
}

/** A thing that happened during the plan: shown on the timeline and in the final audit. */
export interface PlanIncident {
  readonly ts: number
  readonly day: number
  readonly kind:
    | 'crash'
    | 'stop'
    | 'halt'
    | 'drill'
    | 'critical_alert'
    | 'integrity_violation'
    | 'tracker_failure'
    | 'sync_error'
    | 'health_failure'
  readonly text: string
  readonly seq: number
}

/** Each kind of incident in words, as the Roadmap and the audit name it. */
export const INCIDENT_WORDS: Readonly<Record<PlanIncident['kind'], string>> = {
  crash: 'Crash',
  stop: 'Stop',
  halt: 'Halt',
  drill: 'Drill',
  critical_alert: 'Critical alert',
  integrity_violation: 'Integrity violation',
  tracker_failure: 'Tracker failure',
  sync_error: 'Balance sync error',
  health_failure: 'Health-check failure',
}

/** One phase as the Roadmap shows it. */
export interface PhaseView {
  readonly phase: PhaseNumber
  readonly firstDay: number
  readonly lastDay: number
  readonly goals: readonly string[]
  readonly band: SizeBand
  /** 'current', 'done' (signed off), 'upcoming'. */
  readonly status: 'current' | 'done' | 'upcoming'
  readonly criteria: readonly CriterionResult[]
  readonly checklist: readonly ChecklistItem[]
  readonly signOff: SignOff | null
  /** Whether it may be signed off now, and if not, every reason why not. */
  readonly canSignOff: { readonly ok: boolean; readonly blockers: readonly string[] }
}

/** The whole plan as `validation:get` and GET /api/v1/validation answer it. */
export interface ValidationView {
  readonly settings: PlanSettings
  readonly timeZone: string
  /** Today's day of the plan (1 on the start day), null without a plan or before it starts. */
  readonly day: number | null
  readonly today: string
  /** The phase the plan is in; 'complete' after phase 3 is signed off; null without a plan. */
  readonly phase: PhaseNumber | 'complete' | null
  /** What the current phase allows, in words (the band, for which accounts). */
  readonly allows: string
  readonly phases: readonly PhaseView[]
  readonly changes: readonly PhaseChange[]
  readonly incidents: readonly PlanIncident[]
  readonly downtime: readonly Downtime[]
  /** Health-check failures by the check's name. */
  readonly healthFailures: Readonly<Record<string, number>>
  /** Recovery times measured (restarts after a crash, drills), ms. */
  readonly recoveries: readonly {
    readonly ts: number
    readonly kind: 'restart' | 'drill'
    readonly ms: number | null
    readonly recovered: boolean
    readonly text: string
  }[]
  /** What 90 days can prove: the Sharpe an edge would need to show at 95 %, and the days. */
  readonly proof: string
  /** The journal's head: seq and hash, for the audit. */
  readonly journal: { readonly seq: number; readonly hash: string }
  readonly generatedAt: number
}

/** Progress of a rehearsal started from the Roadmap screen. */
export interface RehearsalProgress {
  readonly state: 'running' | 'done' | 'stopped' | 'failed'
  readonly day: number
  readonly days: number
  readonly message: string
  /** Where its report and JSON were written, once done. */
  readonly outDir: string | null
}

/** The default goals of each phase (the design's words). */
export const PHASE_GOALS: Readonly<Record<PhaseNumber, readonly string[]>> = {
  1: [
    'Verify capital protection works',
    'Monitor execution integrity',
    'Baseline performance metrics',
    'Small position sizes ($10–50 per trade)',
  ],
  2: [
    'Increase position sizes ($50–200 per trade)',
    'Stress test balance fetch retry logic',
    'Validate slippage model accuracy',
    'Test recovery mechanisms',
  ],
  3: [
    'Full production position sizes',
    'Multi-broker operation',
    'Performance optimization',
    'Final audit',
  ],
}

/** Every criterion's fixed part. */
export const CRITERIA: Readonly<Record<CriterionId, CriterionDefinition>> = {
  integrity_violations: {
    id: 'integrity_violations',
    label: 'Capital protection violations',
    group: 'execution',
    op: '<=',
    unit: 'count',
    gating: true,
    how: 'orders whose fill failed post-execution verification (price, quantity, balance)',
  },
  tracker_failures: {
    id: 'tracker_failures',
    label: 'Position tracker failures',
    group: 'execution',
    op: '<=',
    unit: 'count',
    gating: true,
    how: 'verified orders the position tracker did not take up, plus failing tracker health checks',
  },
  balance_sync_errors: {
    id: 'balance_sync_errors',
    label: 'Balance sync errors',
    group: 'execution',
    op: '<=',
    unit: 'count',
    gating: true,
    how: 'reconciliation findings: the ledger and the broker disagreeing',
  },
  trades_tracked: {
    id: 'trades_tracked',
    label: 'All trades tracked',
    group: 'execution',
    op: '>=',
    unit: '%',
    gating: true,
    how: 'filled orders that were verified and taken up by the tracker, of all filled orders',
  },
  slippage_in_model: {
    id: 'slippage_in_model',
    label: 'Slippage within the model',
    group: 'execution',
    op: '>=',
    unit: '%',
    gating: true,
    how: "share of fills inside the model's 80 % band; passes while the 95 % interval reaches the target",
  },
  failure_recovered: {
    id: 'failure_recovered',
    label: 'Recovered from failures',
    group: 'operational',
    op: '>=',
    unit: 'count',
    gating: true,
    how: 'drills that ended recovered, and restarts after a crash that came back',
  },
  critical_failures: {
    id: 'critical_failures',
    label: 'Critical failures',
    group: 'operational',
    op: '<=',
    unit: 'count',
    gating: true,
    how: 'integrity violations, tracker failures and crashes (a restart without a clean stop)',
  },
  max_drawdown: {
    id: 'max_drawdown',
    label: 'Max drawdown',
    group: 'risk',
    op: '<',
    unit: '%',
    gating: true,
    how: "peak-to-trough fall of the enrolled accounts' equity at each day's close",
  },
  uptime: {
    id: 'uptime',
    label: 'Uptime',
    group: 'operational',
    op: '>=',
    unit: '%',
    gating: true,
    how: 'time covered by journaled heartbeats, less global halts, of the time elapsed',
  },
  recovery_time: {
    id: 'recovery_time',
    label: 'Recovery time (worst)',
    group: 'operational',
    op: '<=',
    unit: 'min',
    gating: true,
    how: 'the longest recovery: a drill from its end, a restart after a crash until ready',
  },
  health_check_failures: {
    id: 'health_check_failures',
    label: 'Health-check failures',
    group: 'operational',
    op: '<=',
    unit: 'count',
    gating: true,
    how: 'times a health check went to failing, by kind',
  },
  total_trades: {
    id: 'total_trades',
    label: 'Trades',
    group: 'profit',
    op: '>=',
    unit: 'count',
    gating: false,
    how: 'closed round trips',
  },
  win_rate: {
    id: 'win_rate',
    label: 'Win rate',
    group: 'profit',
    op: '>',
    unit: '%',
    gating: false,
    how: 'winning round trips of all closed round trips (Wilson 95 % interval)',
  },
  avg_profit: {
    id: 'avg_profit',
    label: 'Average profit per trade',
    group: 'profit',
    op: '>=',
    unit: 'USD',
    gating: false,
    how: 'net PnL per closed round trip, after fees (Student-t 95 % interval)',
  },
  sharpe: {
    id: 'sharpe',
    label: 'Sharpe ratio (annual)',
    group: 'profit',
    op: '>=',
    unit: 'ratio',
    gating: false,
    how: 'daily returns of the enrolled equity, ×√365 (Lo 2002 95 % interval)',
  },
  total_profit: {
    id: 'total_profit',
    label: 'Total profit vs initial capital',
    group: 'profit',
    op: '>',
    unit: '%',
    gating: false,
    how: "net PnL since day 1 as a share of the enrolled accounts' initial capital",
  },
}

/** The design's targets, per phase; the trader can change them. */
export const DEFAULT_TARGETS: PlanSettings['targets'] = {
  1: {
    integrity_violations: 0,
    trades_tracked: 1,
    win_rate: 0.45,
    max_drawdown: 0.15,
  },
  2: {
    tracker_failures: 0,
    slippage_in_model: 0.8,
    failure_recovered: 1,
    win_rate: 0.45,
  },
  3: {
    integrity_violations: 0,
    tracker_failures: 0,
    balance_sync_errors: 0,
    trades_tracked: 1,
    slippage_in_model: 0.8,
    critical_failures: 0,
    max_drawdown: 0.2,
    uptime: 0.99,
    recovery_time: 5,
    health_check_failures: 0,
    total_trades: 100,
    win_rate: 0.5,
    avg_profit: 2,
    sharpe: 1,
    total_profit: 1,
  },
}

/** The design's size bands. */
export const DEFAULT_BANDS: PlanSettings['bands'] = {
  1: { min: '10', max: '50' },
  2: { min: '50', max: '200' },
  3: { min: '0', max: null },
}

/** A new plan's settings: not started, no accounts. */
export const DEFAULT_PLAN: PlanSettings = {
  startDay: null,
  accounts: [],
  bands: DEFAULT_BANDS,
  targets: DEFAULT_TARGETS,
  rollBackOnCritical: true,
  timeZone: 'UTC',
}
