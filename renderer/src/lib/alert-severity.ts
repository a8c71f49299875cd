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
