/**
 * The 90-day live validation plan: a fold of the journal (settings, phase, checklist,
 * sign-offs and the daily counts its criteria are measured from), the criteria with honest
 * verdicts and intervals, the plan's view, its commands and the final audit.
 */
export { planFold, PlanBook, planDay, type PlanBookState, type DayCounts } from './plan-book'
export { measureWindow, MIN_BANDED_FILLS, type WindowInput } from './criteria'
export {
  meanInterval,
  minTrackRecordDays,
  sharpeProvableIn,
  sharpeWithInterval,
  t975,
  wilson,
} from './intervals'
export { validationView, type ViewSources } from './view'
export { ValidationService, type ValidationDeps } from './service'
export { renderValidationAudit } from './audit-report'
