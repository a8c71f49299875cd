/**
 * Words and units of the Alerts screen: severities, the rules' thresholds (a percent rule is
 * edited in percent and sent as a fraction), and how long ago something happened.
 */
import type { AlertItem, AlertRule } from '../../../../shared/performance'

export const STATE_LABEL: Readonly<Record<AlertItem['state'], string>> = {
  active: 'Active',
  acknowledged: 'Acknowledged',
  snoozed: 'Snoozed',
  cleared: 'Cleared',
}

/** The snooze choices, minutes. */
export const SNOOZE_CHOICES: readonly { readonly minutes: number; readonly label: string }[] = [
  { minutes: 15, label: '15 min' },
  { minutes: 60, label: '1 h' },
  { minutes: 240, label: '4 h' },
  { minutes: 1_440, label: '1 day' },
]

/** The threshold as the trader edits it: percent rules in percent, others as they are. */
export function thresholdForEditing(rule: Pick<AlertRule, 'threshold' | 'unit'>): number {
  // Rounded so 0.07 does not read 7.000000000000001.
  return rule.unit === '%' ? Number((rule.threshold * 100).toFixed(6)) : rule.threshold
}

/** The threshold as the engine takes it: percent rules as a fraction (10 % → 0.1). */
export function thresholdForEngine(unit: AlertRule['unit'], edited: number): number {
  return unit === '%' ? Number((edited / 100).toFixed(10)) : edited
}

/** The unit shown beside a threshold. */
export function unitLabel(unit: AlertRule['unit']): string {
  return unit === 'trades' ? 'losing trades' : unit === 's' ? 'seconds' : unit
}

/**
 * What "min trades" means for a rule, or null where it does not apply: the win rate is judged
 * after that many trades; slippage is averaged over the last that many.
 */
export function minTradesLabel(id: AlertRule['id']): string | null {
  if (id === 'win_rate' || id === 'fees_above_schedule') return 'Judged after at least'
  if (id === 'slippage') return 'Averaged over the last'
  return null
}

/** "3 min ago", "2 h ago", "just now". */
export function ago(ms: number, now: number): string {
  const s = Math.max(0, Math.round((now - ms) / 1_000))
  if (s < 10) return 'just now'
  if (s < 60) return `${s} s ago`
  const min = Math.floor(s / 60)
  if (min < 60) return `${min} min ago`
  const h = Math.floor(min / 60)
  if (h < 48) return `${h} h ${min % 60} min ago`
  return `${Math.floor(h / 24)} days ago`
}
