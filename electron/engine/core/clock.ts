/**
 * Time, injected. The engine never reads the wall clock itself: production passes the real
 * clock, tests a FakeClock they step, rehearsals a faster one.
 */

/** A cancelable timer handle. */
export interface TimerHandle {
  cancel(): void
}

/** The source of time and timers for the engine. */
export interface Clock {
  /** Epoch milliseconds. */
  now(): number
  /** Runs `fn` once after `ms`. */
  setTimeout(fn: () => void, ms: number): TimerHandle
  /** Runs `fn` every `ms`. */
  setInterval(fn: () => void, ms: number): TimerHandle
}
