/**
 * A clock tests step by hand: time moves only when the test says so, and timers due on the way
 * fire in order.
 */
import type { Clock, TimerHandle } from '../../electron/engine/core'

interface Timer {
  id: number
  at: number
  every: number | null
  fn: () => void
}

/** A fake Clock for tests. */
export class FakeClock implements Clock {
  private timers: Timer[] = []
  private nextId = 1

  constructor(private current = Date.UTC(2026, 10, 24, 12, 0, 0)) {}

  now(): number {
    return this.current
  }

  setTimeout(fn: () => void, ms: number): TimerHandle {
    return this.add(fn, ms, null)
  }

  setInterval(fn: () => void, ms: number): TimerHandle {
    return this.add(fn, ms, ms)
  }

  private add(fn: () => void, ms: number, every: number | null): TimerHandle {
    const timer = { id: this.nextId++, at: this.current + Math.max(0, ms), every, fn }
    this.timers.push(timer)
    return { cancel: () => (this.timers = this.timers.filter((t) => t !== timer)) }
  }

  /** Moves time forward by `ms`, firing every timer that falls due, in time order. */
  advance(ms: number): void {
    const end = this.current + ms
    for (;;) {
      const due = this.timers
        .filter((t) => t.at <= end)
        .sort((a, b) => a.at - b.at || a.id - b.id)[0]
      if (!due) break
      this.current = due.at
      if (due.every === null) this.timers = this.timers.filter((t) => t !== due)
      else due.at += due.every
      due.fn()
    }
    this.current = end
  }

  /**
   * Moves time forward by `ms` as a machine that sleeps (a laptop closed overnight): nothing
   * runs in between, and each timer that fell due in the gap fires once on waking, in order.
   */
  sleep(ms: number): void {
    const end = this.current + ms
    for (const timer of this.timers) if (timer.at < end) timer.at = end
    this.advance(ms)
  }
}
