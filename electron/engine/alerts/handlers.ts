/** The alert commands: the list and rules, rule and notification changes, acknowledge, snooze. */
import { err, ok } from '../../../shared/result'
import type { Handlers } from '../core'
import type { AlertCenter, AlertLog } from './alerts'

/** Answers the alert commands; `judgeNow` runs the rules at once after a rule changes. */
export function alertHandlers(
  center: AlertCenter,
  log: AlertLog,
  judgeNow: () => void,
): Handlers<
  | 'alerts:status'
  | 'alerts:update-rule'
  | 'alerts:acknowledge'
  | 'alerts:snooze'
  | 'alerts:set-notifications'
> {
  const settle = (item: ReturnType<AlertCenter['acknowledge']>) =>
    typeof item !== 'string'
      ? ok(item)
      : err(item.startsWith('No alert') ? 'NOT_FOUND' : 'CONFLICT', item)
  return {
    'alerts:status': () => ok(log.status()),
    'alerts:update-rule': async ({ id, ...change }) => {
      const rule = await center.updateRule(id, change)
      if (typeof rule === 'string') return err('INVALID_INPUT', rule)
      // A changed rule judges the equity and cash now, not at the next minute.
      judgeNow()
      return ok(rule)
    },
    'alerts:acknowledge': ({ alertId }) => settle(center.acknowledge(alertId)),
    'alerts:snooze': ({ alertId, minutes }) => settle(center.snooze(alertId, minutes)),
    'alerts:set-notifications': async (change) => ok(await center.setNotifications(change)),
  }
}
