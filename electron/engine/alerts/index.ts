/**
 * Alerts: the alert log (a fold of the journal), the center that raises, acknowledges, snoozes
 * and clears alerts and judges each account's measures against the alert rules (able to trip
 * the breaker), and the handler map of the alert commands.
 */
export {
  AlertCenter,
  AlertLog,
  alertsFold,
  type AccountMeasures,
  type AlertCenterDeps,
} from './alerts'
export { alertHandlers } from './handlers'
