import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { EngineEvent } from '../../../../shared/contract'
import { EVENTS_CHANNEL } from '../../../../shared/wire'
import { forwardEngineEvents } from '../../../../electron/main/events'
import { FakeWebContents, resetFakeElectron } from '../fake-electron'
import { createFakeEngine } from '../fake-engine'

vi.mock('electron', () => import('../fake-electron'))

function quote(last: string): EngineEvent {
  return {
    type: 'market:quote',
    payload: { symbol: 'BTC-USD', ts: 1, bid: last, ask: last, last },
  }
}

beforeEach(() => {
  resetFakeElectron()
  vi.useFakeTimers()
})
afterEach(() => vi.useRealTimers())

describe('forwardEngineEvents', () => {
  it('sends one batch per interval on the events channel, newest quote winning', () => {
    const fake = createFakeEngine()
    const contents = new FakeWebContents()
    forwardEngineEvents(fake.engine, () => contents)

    fake.emit(quote('100'))
    fake.emit(quote('101'))
    expect(contents.sent).toHaveLength(0)
    vi.advanceTimersByTime(100)

    expect(contents.sent).toEqual([{ channel: EVENTS_CHANNEL, args: [[quote('101')]] }])
  })

  it('sends nothing to a destroyed or missing window, and does not throw', () => {
    const fake = createFakeEngine()
    const contents = new FakeWebContents()
    contents.destroyed = true
    let target: FakeWebContents | null = contents
    forwardEngineEvents(fake.engine, () => target)

    fake.emit(quote('100'))
    vi.advanceTimersByTime(100)
    target = null
    fake.emit(quote('101'))
    expect(() => vi.advanceTimersByTime(100)).not.toThrow()
    expect(contents.sent).toHaveLength(0)
  })

  it('stops listening to the engine and drops what was pending when stopped', () => {
    const fake = createFakeEngine()
    const contents = new FakeWebContents()
    const stop = forwardEngineEvents(fake.engine, () => contents)
    expect(fake.subscribers()).toBe(1)

    fake.emit(quote('100'))
    stop()
    vi.advanceTimersByTime(100)
    expect(fake.subscribers()).toBe(0)
    expect(contents.sent).toHaveLength(0)
  })
})
