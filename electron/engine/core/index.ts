/** What every domain uses: time, decimals, randomness, the event bus. */
export type { Clock, TimerHandle } from './clock'
export { Decimal, ZERO, dec, str, toCents, usd } from './decimal'
export { createRandom, type Random } from './random'
export { EventBus } from './event-bus'
export { isTimeZone, startOfLocalDay } from './time'
export { combineHandlers, type CallContext, type Handler, type Handlers } from './handlers'
