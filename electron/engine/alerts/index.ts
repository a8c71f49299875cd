/**
 * Alerts: the alert log (a fold of the journal), the center that raises, acknowledges, snoozes
 * and clears alerts and judges each account's measures against the alert rules (able to trip
 * the breaker), the outgoing channels that carry alerts away from the desk, and the handler
 * maps of the alert commands.
 */
export {
  AlertCenter,
  AlertLog,
  alertsFold,
  FEE_ROUNDING_PER_FILL,
  type AccountMeasures,
  type AlertCenterDeps,
  type CostMeasure,
  type FeeMeasure,
} from './alerts'
export { alertHandlers } from './handlers'
export { channelsFold, ChannelLog, type ChannelsState } from './channel-log'
export {
  buildRequest,
  type AlertSender,
  type OutgoingMessage,
  type OutgoingRequest,
  type SenderResponse,
} from './channel-presets'
export { MemoryChannelSecrets, type ChannelSecretStore } from './channel-secrets'
export { AlertChannels, RETRY_DELAYS_MS, type AlertChannelsDeps } from './channels'
export { channelHandlers } from './channel-handlers'
export { fetchSender } from './fetch-sender'
