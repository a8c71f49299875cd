/** Alerts: the log folded from the journal, the center that raises and judges them. */
export {
  AlertCenter,
  AlertLog,
  alertsFold,
  type AccountMeasures,
  type AlertCenterDeps,
} from './alerts'
export { alertHandlers } from './handlers'
