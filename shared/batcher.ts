/**
 * Collects engine events and delivers them in batches, at most one batch per interval, so the
 * renderer gets about ten updates a second however fast the market ticks. Events that replace
 * an earlier one (a newer quote, an updated order) are coalesced; fills are never dropped.
 */
import type { EngineEvent } from './contract'

/** Batches events for a host. */
export interface EventBatcher {
  push(event: EngineEvent): void
  /** Delivers what is pending now. */
  flush(): void
  close(): void
}

function keyOf(event: EngineEvent): string | null {
  switch (event.type) {
    case 'market:quote':
      return `q:${event.payload.source ?? 'simulator'}:${event.payload.symbol}`
    case 'market:candle':
      return `c:${event.payload.symbol}:${event.payload.time}`
    case 'orders:updated':
      return `o:${event.payload.id}`
    case 'ledger:position':
      return `p:${event.payload.accountId}:${event.payload.symbol}`
    case 'ledger:balance':
      return `b:${event.payload.accountId}:${event.payload.asset}`
    case 'audit:row':
      return `a:${event.payload.seq}`
    case 'audit:verify-progress':
      return 'v'
    case 'limits:updated':
      return `l:${event.payload.accountId}`
    case 'trading:state':
      return `t:${event.payload.accountId}`
    case 'accounts:status':
      return `s:${event.payload.accountId}`
    case 'accounts:added':
      return `n:${event.payload.id}`
    case 'market:status':
      return 'm'
    case 'health:report':
      return 'h'
    case 'reconcile:status':
      return 'r'
    case 'drills:status':
      return 'd'
    case 'alerts:updated':
      return `al:${event.payload.id}`
    case 'alerts:rules':
      return 'ar'
    case 'alerts:channel':
      return `ch:${event.payload.id}`
    case 'bots:status':
      return 'bots'
    case 'costs:alarm':
      return `ca:${event.payload.accountId}`
    case 'validation:changed':
      return 'vc'
    case 'validation:rehearsal':
      return 'vr'
    case 'reports:created':
    case 'fills:created':
    case 'alerts:raised':
    case 'alerts:delivery':
      return null
  }
}

/** Creates a batcher that calls `deliver` at most once every `intervalMs`. */
export function createEventBatcher(
  deliver: (events: EngineEvent[]) => void,
  intervalMs = 100,
): EventBatcher {
  let pending = new Map<string, EngineEvent>()
  let serial = 0
  let timer: ReturnType<typeof setTimeout> | null = null
  let closed = false

  const flush = (): void => {
    if (timer) clearTimeout(timer)
    timer = null
    if (pending.size === 0) return
    const events = [...pending.values()]
    pending = new Map()
    deliver(events)
  }

  return {
    push(event) {
      if (closed) return
      const key = keyOf(event) ?? `u:${serial++}`
      // Delete first so a replaced event moves to the end and order of arrival is kept.
      pending.delete(key)
      pending.set(key, event)
      timer ??= setTimeout(flush, intervalMs)
    },
    flush,
    close() {
      closed = true
      if (timer) clearTimeout(timer)
      timer = null
      pending.clear()
    },
  }
}
