/**
 * Driving a CcxtBroker against a mock exchange without sleeping: the broker's back-offs and
 * polls run on a fake clock that moves only when the broker waits on it, while the HTTP round
 * trips to the mock run for real.
 */
import type { Clock, TimerHandle } from '../../../electron/engine/core'
import { FakeClock } from '../../kit/fake-clock'

/** A FakeClock that knows when something waits on a one-shot timer (a back-off). */
export class SteppedClock implements Clock {
  private readonly fake = new FakeClock()
  private readonly waiting = new Map<object, number>()

  now(): number {
    return this.fake.now()
  }

  setTimeout(fn: () => void, ms: number): TimerHandle {
    const token = {}
    this.waiting.set(token, this.now() + Math.max(0, ms))
    const handle = this.fake.setTimeout(() => {
      this.waiting.delete(token)
      fn()
    }, ms)
    return {
      cancel: () => {
        this.waiting.delete(token)
        handle.cancel()
      },
    }
  }

  setInterval(fn: () => void, ms: number): TimerHandle {
    return this.fake.setInterval(fn, ms)
  }

  /** Moves time forward, firing whatever falls due (polls included). */
  advance(ms: number): void {
    this.fake.advance(ms)
  }

  /** Moves time to the next back-off that is due; false when nothing waits. */
  advanceToNextWait(): boolean {
    if (this.waiting.size === 0) return false
    const next = Math.min(...this.waiting.values())
    this.fake.advance(Math.max(0, next - this.now()))
    return true
  }
}

const turn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve))

/**
 * Settles `work`, moving the clock past each back-off it waits on. Real I/O (the mock server,
 * ccxt's own request timeout) gets event-loop turns in between.
 */
export async function drive<T>(clock: SteppedClock, work: Promise<T>): Promise<T> {
  let done = false
  const settled = work.finally(() => {
    done = true
  })
  settled.catch(() => {})
  while (!done) {
    await turn()
    if (!done) clock.advanceToNextWait()
  }
  return settled
}

/** The rejection of a promise (fails when it resolves). */
export async function rejectionOf(work: Promise<unknown>): Promise<unknown> {
  try {
    await work
  } catch (error) {
    return error
  }
  throw new Error('Expected a rejection, but it resolved')
}
