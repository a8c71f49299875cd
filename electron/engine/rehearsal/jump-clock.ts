/**
 * The rehearsal's clock: it jumps a minute at a time (or a second at a time while a drill
 * runs), as fast as the machine allows.
 */
import type { Clock, TimerHandle } from '../core'

/**
 * A clock that jumps: timeouts due on the way fire in order, and an interval fires once per
 * jump however many of its periods the jump covered (like a timer in a throttled tab), so a
 * one-second housekeeping timer does not run sixty times a minute.
 */
export class JumpClock implements Clock {
  private timers: { at: number; every: number | null; fn: () => void }[] = []

  constructor(private current: number) {}

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
    const timer = { at: this.current + Math.max(0, ms), every, fn }
    this.timers.push(timer)
    return { cancel: () => (this.timers = this.timers.filter((t) => t !== timer)) }
  }

  jump(ms: number): void {
    const end = this.current + ms
    const due = this.timers.filter((t) => t.at <= end).sort((a, b) => a.at - b.at)
    for (const timer of due) {
      this.current = Math.max(this.current, Math.min(timer.at, end))
      if (timer.every === null) this.timers = this.timers.filter((t) => t !== timer)
      else timer.at = Math.max(timer.at + timer.every, end + 1)
      timer.fn()
    }
    this.current = end
  }
}
