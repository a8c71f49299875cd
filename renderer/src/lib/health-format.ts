/**
 * How health is written and colored across the console: the words of each status and level,
 * their CSS classes, their order of severity, and measured values with their unit.
 */
import type { HealthCheck, HealthLevel, HealthStatus } from '../../../shared/types'

/** What each overall status means, for tooltips and the Health screen. */
export const STATUS_MEANING: Record<HealthStatus, string> = {
  HEALTHY: 'Every check passed.',
  DEGRADED: 'At least one check is in its warning range; trading goes on, watch it.',
  CRITICAL: 'At least one check failed; look at the failing checks now.',
}

/** The CSS class of a status (colour; the word is always written too). */
export const STATUS_CLASS: Record<HealthStatus, string> = {
  HEALTHY: 'health-healthy',
  DEGRADED: 'health-degraded',
  CRITICAL: 'health-critical',
}

/** The CSS class of a level. */
export const LEVEL_CLASS: Record<HealthLevel, string> = {
  OK: 'level-ok',
  WARN: 'level-warn',
  FAIL: 'level-fail',
}

/** Severity of a status: 0 HEALTHY, 1 DEGRADED, 2 CRITICAL. */
export const STATUS_SEVERITY: Record<HealthStatus, number> = {
  HEALTHY: 0,
  DEGRADED: 1,
  CRITICAL: 2,
}

/** Severity of a level: 0 OK, 1 WARN, 2 FAIL. */
export const LEVEL_SEVERITY: Record<HealthLevel, number> = { OK: 0, WARN: 1, FAIL: 2 }

/** "1,234.5 ms", "87%", "77.0 GB", "12"; "not measured" when the check could not measure. */
export function formatMeasured(check: Pick<HealthCheck, 'value' | 'unit'>): string {
  if (check.value === null || !Number.isFinite(check.value)) return 'not measured'
  // Disk space is in GB with one decimal, the same figure its message gives ("77.1 GB").
  const digits = check.unit === 'GB' ? { minimumFractionDigits: 1, maximumFractionDigits: 1 } : {}
  const number = check.value.toLocaleString('en-US', { maximumFractionDigits: 2, ...digits })
  if (!check.unit) return number
  return check.unit === '%' ? `${number}%` : `${number} ${check.unit}`
}

/** "now", "12 s ago", "3 min ago", "2 h ago". */
export function describeAge(ms: number): string {
  if (ms < 1_500) return 'just now'
  const seconds = Math.round(ms / 1_000)
  if (seconds < 120) return `${seconds} s ago`
  const minutes = Math.round(seconds / 60)
  return minutes < 120 ? `${minutes} min ago` : `${Math.round(minutes / 60)} h ago`
}

/** "38 ms", "1.2 s". */
export function formatDuration(ms: number): string {
  if (ms < 1_000) return `${Math.round(ms).toLocaleString('en-US')} ms`
  return `${(ms / 1_000).toLocaleString('en-US', { maximumFractionDigits: 1 })} s`
}
