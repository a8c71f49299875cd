/** What every domain uses: time, decimals, randomness, the event bus. */
export type { Clock, TimerHandle } from './clock'
export { Decimal, ZERO, dec, str, toCents, usd } from './decimal'
export {
  EXACT_ZERO,
  abs,
  cmp,
  exactCents,
  exactText,
  exactToDecimal,
  exactToNumber,
  exactUsd,
  isMultiple,
  minus,
  parseExact,
  percentText,
  plus,
  times,
  toExact,
  usdText,
  type Exact,
} from './exact'
export { createRandom, type Random } from './random'
export { EventBus } from './event-bus'
export { isTimeZone, startOfLocalDay } from './time'
