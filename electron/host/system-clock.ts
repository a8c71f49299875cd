/**
 * The real clock, for the hosts to hand to the engine. It lives outside the engine so the
 * engine itself never reads the wall clock.
 */
import type { Clock } from '../engine/core'

/** Wall-clock time and Node timers (unref'd: they never keep the process alive alone). */
export const systemClock: Clock = {
  now: () => Date.now(),
  setTimeout(fn, ms) {
    const t = setTimeout(fn, ms)
    t.unref()
    return { cancel: () => clearTimeout(t) }
  },
  setInterval(fn, ms) {
    const t = setInterval(fn, ms)
    t.unref()
    return { cancel: () => clearInterval(t) }
  },
}
