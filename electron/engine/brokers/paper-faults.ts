/**
 * Faults the paper exchange can be told to show, so that tests (and later drills) see the
 * engine cope with what real venues do: drop connections, time out, throttle, fail, reject,
 * fill late, or fill without saying so.
 */
import type { Clock } from '../core'

/** The broker calls a fault can target. */
export type PaperCall =
  'placeOrder' | 'fetchOrder' | 'cancelOrder' | 'positionOf' | 'balances' | 'openOrders'

/** How long a fault lasts: by default until `clearFaults`. */
export interface FaultScope {
  /** Affects only the next `calls` calls it applies to, then expires. */
  readonly calls?: number
  /** Expires `forMs` after it was injected (on the exchange's clock). */
  readonly forMs?: number
  /** Transport faults only: the calls it applies to (default: every call). */
  readonly on?: readonly PaperCall[]
  /** Only this account's calls (default: every account on the exchange). */
  readonly accountId?: string
}

/** The connection is down: calls fail at once with 'network'; order updates are lost. */
export interface DisconnectFault extends FaultScope {
  readonly kind: 'disconnect'
}

/**
 * The answer never comes. With `mode: 'hang'` (default) the call stays unanswered until the
 * fault is cleared, and then fails with 'timeout'; with `mode: 'error'` it fails with
 * 'timeout' after `afterMs`. When `reached` (default true) the request did reach the exchange
 * and was carried out: only the answer is lost, and fetchOrder will find the order.
 */
export interface TimeoutFault extends FaultScope {
  readonly kind: 'timeout'
  readonly mode?: 'hang' | 'error'
  readonly afterMs?: number
  readonly reached?: boolean
}

/** HTTP 429: calls fail with 'rate_limited' and a retry-after; nothing reaches the book. */
export interface RateLimitFault extends FaultScope {
  readonly kind: 'rate_limited'
  /** The retry-after the exchange announces (default 1,000 ms). */
  readonly retryAfterMs?: number
}

/** HTTP 5xx: calls fail with 'unavailable'; nothing reaches the book. */
export interface ServerErrorFault extends FaultScope {
  readonly kind: 'server_error'
}

/** New orders are acknowledged as 'rejected' with a reason. */
export interface RejectFault extends FaultScope {
  readonly kind: 'reject'
  readonly reason?: string
}

/** New orders are acknowledged 'open' and only matched `delayMs` later (reported by update). */
export interface DelayedFillFault extends FaultScope {
  readonly kind: 'delayed_fill'
  readonly delayMs: number
}

/**
 * New orders are acknowledged 'open' with no fills and never reported again, although the
 * exchange did match them: only fetchOrder (reconciliation) shows what happened.
 */
export interface UnreportedFault extends FaultScope {
  readonly kind: 'unreported'
}

/**
 * The exchange misreports what an account holds of a symbol: positionOf and balances answer
 * `by` more (or less) of its base asset than it really holds. Orders still execute correctly.
 */
export interface MisreportFault extends FaultScope {
  readonly kind: 'misreport_position'
  readonly symbol: string
  readonly by: string
}

/** A fault to inject into the paper exchange. */
export type PaperFault =
  | DisconnectFault
  | TimeoutFault
  | RateLimitFault
  | ServerErrorFault
  | RejectFault
  | DelayedFillFault
  | UnreportedFault
  | MisreportFault

/** The kinds of fault. */
export type PaperFaultKind = PaperFault['kind']

/** Faults about the connection; they apply to any call. */
export const TRANSPORT_FAULTS: readonly PaperFaultKind[] = [
  'disconnect',
  'timeout',
  'rate_limited',
  'server_error',
]

/** Faults about what happens to a new order; they apply to placements only. */
export const ORDER_FAULTS: readonly PaperFaultKind[] = ['reject', 'delayed_fill', 'unreported']

interface Active {
  readonly fault: PaperFault
  remaining: number
  readonly until: number
}

/** The faults in force, in the order they were injected. */
export class FaultBook {
  private active: Active[] = []

  constructor(private readonly clock: Clock) {}

  /** Adds a fault. */
  inject(fault: PaperFault): void {
    if (fault.calls !== undefined && !(Number.isInteger(fault.calls) && fault.calls > 0))
      throw new Error(`A fault's calls must be a positive whole number, not ${fault.calls}`)
    this.active.push({
      fault,
      remaining: fault.calls ?? Infinity,
      until: fault.forMs === undefined ? Infinity : this.clock.now() + fault.forMs,
    })
  }

  /** Removes every fault, or those of one kind. */
  clear(kind?: PaperFaultKind): void {
    this.active = kind === undefined ? [] : this.active.filter((a) => a.fault.kind !== kind)
  }

  /** The faults in force now. */
  list(): PaperFault[] {
    this.expire()
    return this.active.map((a) => a.fault)
  }

  /** A fault of this kind in force for the account, without using up one of its calls. */
  find<K extends PaperFaultKind>(
    kind: K,
    accountId: string,
  ): Extract<PaperFault, { kind: K }> | undefined {
    return this.list().find(
      (f): f is Extract<PaperFault, { kind: K }> =>
        f.kind === kind && (f.accountId === undefined || f.accountId === accountId),
    )
  }

  /**
   * The first fault in force among `kinds` that applies to `call`, using up one of its calls.
   */
  take(call: PaperCall, kinds: readonly PaperFaultKind[], accountId: string): PaperFault | null {
    this.expire()
    const found = this.active.find(
      (a) =>
        kinds.includes(a.fault.kind) &&
        (a.fault.accountId === undefined || a.fault.accountId === accountId) &&
        (ORDER_FAULTS.includes(a.fault.kind)
          ? call === 'placeOrder'
          : (a.fault.on ?? [call]).includes(call)),
    )
    if (!found) return null
    found.remaining -= 1
    return found.fault
  }

  private expire(): void {
    const now = this.clock.now()
    this.active = this.active.filter((a) => a.remaining > 0 && now < a.until)
  }
}
