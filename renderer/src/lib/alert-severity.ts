/**
 * The severities of an alert and their words, used by the Alerts screen and by the desktop
 * notifications that the stores raise (so they live below both).
 */

/** The severities, worst last. */
export const SEVERITIES = ['info', 'warning', 'critical'] as const
/** How serious an alert is. */
export type Severity = (typeof SEVERITIES)[number]

/** The word of each severity. */
export const SEVERITY_LABEL: Readonly<Record<Severity, string>> = {
  info: 'Info',
  warning: 'Warning',
  critical: 'Critical',
}

/**
 * What an alert is about, for its label: a bot's alert is about that bot, not every account;
 * an account's, that account; the rest, every account.
 */
export function alertScope(
  alert: { readonly kind: string; readonly accountId: string | null },
  accountName: (id: string) => string,
): string {
  if (alert.kind === 'bot_quiet') return 'Bots'
  return alert.accountId === null ? 'All accounts' : accountName(alert.accountId)
}
