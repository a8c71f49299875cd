/**
 * Reconciliation: each account's orders, positions and cash against what its broker reports.
 *
 * - Orders this process is not placing but that are still pending or open (a crash, a broker
 *   that never answered) are looked up by client order id: what the broker says is recorded,
 *   and an order the broker never received is closed as failed.
 * - Every other difference is a finding: journaled, raised as an alert, and trading on the
 *   account is refused (fail closed) until the operator settles it with the one action that
 *   fits it, or dismisses it with a reason (which changes nothing in the ledger), or a later
 *   round finds the difference gone.
 */
import {
  RECONCILE_ACTIONS,
  type MarketSymbol,
  type Order,
  type ReconcileAction,
  type ReconcileFinding,
  type ReconcileKind,
  type ReconcileResolution,
  type ReconcileStatus,
} from '../../../shared/types'
import { err, ok, type Result } from '../../../shared/result'
import type { Broker, BrokerAck, BrokerFill } from '../brokers'
import { Decimal, dec, str, type Clock, type EventBus } from '../core'
import type { Accounts } from '../accounts'
import type { AlertCenter } from '../alerts'
import type { Fold, JournalRecord, RecordPayloads, Recorder } from '../journal'
import type { Ledger } from '../ledger'
import { INSTRUMENTS } from '../market'

/** Settled findings kept for the screen. */
const RESOLVED_KEPT = 100
/** Orders closed unfilled this recently are looked up again for fills the broker made late. */
const LATE_FILL_WINDOW_MS = 60 * 60_000
const LATE_FILL_ORDERS = 10

/** The findings, folded from the journal. */
export class ReconcileLog {
  private readonly open = new Map<string, ReconcileFinding>()
  private resolved: (ReconcileFinding & { resolution: ReconcileResolution })[] = []

  apply(record: JournalRecord): boolean {
    if (record.type === 'reconcile.finding') {
      this.open.set(record.payload.id, { ...record.payload, severity: 'critical', ts: record.ts })
      return true
    }
    if (record.type === 'reconcile.resolved') {
      const p = record.payload
      const finding = this.open.get(p.findingId)
      if (!finding) return false
      this.open.delete(p.findingId)
      const resolution = { findingId: p.findingId, action: p.action, by: p.by, reason: p.reason }
      this.resolved = [{ ...finding, resolution: { ...resolution, ts: record.ts } }]
        .concat(this.resolved)
        .slice(0, RESOLVED_KEPT)
      return true
    }
    return false
  }

  find(id: string): ReconcileFinding | undefined {
    return this.open.get(id)
  }

  openFor(accountId: string): ReconcileFinding[] {
    return [...this.open.values()].filter((f) => f.accountId === accountId)
  }

  list(): { open: ReconcileFinding[]; resolved: ReconcileStatus['resolved'] } {
    return { open: [...this.open.values()], resolved: this.resolved }
  }

  toState(): ReconcileLogState {
    return { open: [...this.open.values()], resolved: this.resolved }
  }

  static fromState(state: ReconcileLogState | undefined): ReconcileLog {
    const log = new ReconcileLog()
    for (const f of state?.open ?? []) log.open.set(f.id, f)
    log.resolved = [...(state?.resolved ?? [])]
    return log
  }
}

/** The log as the snapshot keeps it. */
export interface ReconcileLogState {
  readonly open: readonly ReconcileFinding[]
  readonly resolved: ReconcileStatus['resolved']
}

/** What a round found before it is compared with the open findings. */
type Candidate = Omit<ReconcileFinding, 'id' | 'severity' | 'ts'>

export interface ReconcilerDeps {
  readonly clock: Clock
  readonly ledger: Ledger
  readonly log: ReconcileLog
  /** Records each step (drill and finding ids come from its next seq). */
  readonly recorder: Recorder
  /** Each account's broker and prices, and why one cannot be reconciled now (not connected). */
  readonly accounts: Pick<Accounts, 'problem' | 'broker' | 'feed'>
  readonly orders: {
    isLive(orderId: string): boolean
    settle(accountId: string, orderId: string, ack: BrokerAck): Promise<unknown>
  }
  /** Cash differences up to this many units of the quote asset are not findings. */
  readonly cashTolerance: string
  /** Each new finding raises a critical alert. */
  readonly alerts: Pick<AlertCenter, 'raise'>
  /** Where each change of the findings or runs is published. */
  readonly bus: EventBus
}

export class Reconciler {
  private readonly runs = new Map<string, { ts: number; error: string | null }>()
  private readonly running = new Map<string, Promise<void>>()
  private readonly settling = new Set<string>()

  constructor(private readonly deps: ReconcilerDeps) {}

  private changed(): void {
    this.deps.bus.publish({ type: 'reconcile:status', payload: this.status() })
  }

  private raise(finding: ReconcileFinding): void {
    this.deps.alerts.raise({
      accountId: finding.accountId,
      severity: 'critical',
      kind: `reconcile_${finding.kind}`,
      message: `Reconciliation: ${finding.message}. Trading on this account is blocked until it is resolved.`,
      ...(finding.orderId ? { orderId: finding.orderId } : {}),
    })
  }

  status(): ReconcileStatus {
    return { ...this.deps.log.list(), runs: Object.fromEntries(this.runs) }
  }

  /**
   * The account's open findings, which block its orders until each is resolved: how many and
   * the first; null when there are none. An account never compared with its broker is not
   * blocked by this (its connection is).
   */
  blocking(accountId: string): { open: number; first: ReconcileFinding } | null {
    const open = this.deps.log.openFor(accountId)
    return open.length === 0 ? null : { open: open.length, first: open[0] as ReconcileFinding }
  }

  /** Reconciles an account; a second call while one runs waits for the same round. */
  run(accountId: string): Promise<void> {
    let round = this.running.get(accountId)
    if (!round) {
      round = this.round(accountId).finally(() => this.running.delete(accountId))
      this.running.set(accountId, round)
    }
    return round
  }

  async idle(): Promise<void> {
    await Promise.allSettled([...this.running.values()])
  }

  private async round(accountId: string): Promise<void> {
    const { ledger, clock } = this.deps
    const problem = this.deps.accounts.problem(accountId)
    if (problem !== null) {
      this.runs.set(accountId, { ts: clock.now(), error: `Not reconciled: ${problem}.` })
      this.changed()
      return
    }
    const broker = this.deps.accounts.broker(accountId)
    try {
      const candidates: Candidate[] = []
      // What this round looked at: a finding about anything else stays as it is.
      const checked = new Set<string>()
      const open = await broker.openOrders(accountId)
      for (const o of ledger.workingOrders(accountId)) {
        if (this.deps.orders.isLive(o.id)) continue
        checked.add(key('missing_order', o.clientOrderId))
        const ack =
          open.find((b) => b.clientOrderId === o.clientOrderId) ??
          (await broker.fetchOrder(accountId, o.clientOrderId, o.symbol))
        if (ack) await this.deps.orders.settle(accountId, o.id, ack)
        else if (o.status === 'pending')
          await this.deps.recorder.commit('order.closed', {
            orderId: o.id,
            accountId,
            status: 'failed',
            reason: `Vigil stopped before the broker confirmed this order, and the broker has no order with client order id ${o.clientOrderId}: it was not executed.`,
          })
        else candidates.push(missingOrder(accountId, o))
      }
      for (const b of open) {
        checked.add(key('orphan_order', b.clientOrderId))
        if (!ledger.findOrder(accountId, b.clientOrderId))
          candidates.push(orphanOrder(accountId, b))
      }
      for (const o of this.recentlyClosedUnfilled(accountId)) {
        const ack = await broker.fetchOrder(accountId, o.clientOrderId, o.symbol)
        const fills = ack?.fills ?? []
        for (const fill of fills) checked.add(key('unknown_fill', fill.fillId))
        for (const fill of unbookedFills(ledger, accountId, o, fills))
          candidates.push(unknownFill(accountId, o, fill))
      }
      // Positions and cash move while orders work: compare only what no order can move now.
      const working = ledger.workingOrders(accountId)
      const balances = await broker.balances(accountId)
      for (const inst of INSTRUMENTS) {
        if (working.some((o) => o.symbol === inst.symbol)) continue
        checked.add(key('phantom_position', inst.symbol))
        checked.add(key('unknown_position', inst.symbol))
        const local = ledger.positionQuantity(accountId, inst.symbol)
        const held = dec(balances[inst.baseAsset] ?? '0')
        if (!local.equals(held))
          candidates.push(positionDifference(accountId, inst.symbol, local, held))
      }
      const account = ledger.getAccount(accountId)
      if (account && working.length === 0) {
        checked.add(key('balance_drift', account.quoteAsset))
        const local = ledger.cash(accountId)
        const held = dec(balances[account.quoteAsset] ?? '0')
        if (local.minus(held).abs().greaterThan(this.deps.cashTolerance))
          candidates.push(balanceDrift(accountId, account.quoteAsset, local, held))
      }
      await this.compare(accountId, candidates, checked)
      this.runs.set(accountId, { ts: clock.now(), error: null })
    } catch (error) {
      this.runs.set(accountId, {
        ts: clock.now(),
        error: `Could not reconcile: ${(error as Error).message}`,
      })
    }
    this.changed()
  }

  /** Orders closed without (all) their fills lately: the broker may still have filled them. */
  private recentlyClosedUnfilled(accountId: string): Order[] {
    const since = this.deps.clock.now() - LATE_FILL_WINDOW_MS
    return this.deps.ledger
      .orders(accountId, 200)
      .filter(
        (o) =>
          (o.status === 'failed' || o.status === 'canceled') &&
          o.updatedAt >= since &&
          !dec(o.filledQuantity).equals(o.quantity),
      )
      .slice(0, LATE_FILL_ORDERS)
  }

  /** Opens what is new, clears what is gone; a finding still there is not raised again. */
  private async compare(
    accountId: string,
    candidates: readonly Candidate[],
    checked: ReadonlySet<string>,
  ): Promise<void> {
    const open = this.deps.log.openFor(accountId)
    for (const c of candidates) {
      if (open.some((f) => key(f.kind, f.subject) === key(c.kind, c.subject))) continue
      const id = `rec-${this.deps.recorder.nextSeq()}`
      await this.deps.recorder.commit('reconcile.finding', { id, ...c })
      const finding = this.deps.log.find(id)
      if (finding) this.raise(finding)
    }
    for (const f of open) {
      const k = key(f.kind, f.subject)
      if (!checked.has(k) || candidates.some((c) => key(c.kind, c.subject) === k)) continue
      await this.deps.recorder.commit('reconcile.resolved', {
        findingId: f.id,
        accountId,
        action: 'cleared',
        by: 'reconciliation',
        reason: 'A later reconciliation found the ledger and the broker in agreement.',
      })
    }
  }

  /**
   * Settles a finding with the operator's action, journaled with the reason. "dismiss" settles
   * any finding without touching the broker or the ledger: the way out when the broker can no
   * longer confirm what the finding was about (after a restart, or an order it has forgotten).
   */
  async resolve(findingId: string, action: ReconcileAction, reason: string): Promise<Result<void>> {
    const finding = this.deps.log.find(findingId)
    if (!finding)
      return err('NOT_FOUND', `No open reconciliation finding "${findingId}"; it may be settled.`)
    const expected = RECONCILE_ACTIONS[finding.kind]
    if (action !== expected && action !== 'dismiss')
      return err(
        'INVALID_INPUT',
        `A ${finding.kind.replace('_', ' ')} is settled with "${expected}" (or "dismiss", which changes nothing), not "${action}".`,
      )
    // Two settlements of one finding at once could book a fill twice: the second is refused.
    if (this.settling.has(findingId))
      return err('CONFLICT', `Finding ${findingId} is being settled already; wait for its answer.`)
    this.settling.add(findingId)
    try {
      return await this.settle(finding, action, reason)
    } finally {
      this.settling.delete(findingId)
    }
  }

  private async settle(
    finding: ReconcileFinding,
    action: ReconcileAction,
    reason: string,
  ): Promise<Result<void>> {
    const { accountId, id: findingId } = finding
    if (action === 'dismiss') {
      await this.deps.recorder.commit('reconcile.resolved', {
        findingId,
        accountId,
        action,
        by: 'operator',
        reason,
      })
      this.changed()
      return ok(undefined)
    }
    const problem = this.deps.accounts.problem(accountId)
    if (problem !== null)
      return err('UNAVAILABLE', `The broker is needed to settle this finding, but ${problem}.`)
    const broker = this.deps.accounts.broker(accountId)
    let adjust: Adjustment | Error
    try {
      adjust = await this.act(finding, broker)
    } catch (error) {
      return err(
        'BROKER_ERROR',
        `Could not ${action.replace('_', ' ')}: ${(error as Error).message}`,
      )
    }
    if (adjust instanceof Error) return err('CONFLICT', adjust.message)
    // The action may have settled it already (a cancel reported through the order path).
    if (this.deps.log.find(findingId)) {
      await this.deps.recorder.commit('reconcile.resolved', {
        findingId,
        accountId,
        action,
        by: 'operator',
        reason,
        ...(adjust ? { adjust } : {}),
      })
    }
    this.changed()
    return ok(undefined)
  }

  /** Does what the action says at the broker or in the ledger; returns the ledger adjustment. */
  private async act(finding: ReconcileFinding, broker: Broker): Promise<Adjustment | Error> {
    const { ledger } = this.deps
    const { accountId, subject } = finding
    switch (finding.kind) {
      case 'phantom_position':
      case 'unknown_position': {
        const symbol = subject as MarketSymbol
        const held = await broker.positionOf(accountId, symbol)
        return {
          position: {
            symbol,
            quantity: held,
            price: this.deps.accounts.feed(accountId).quote(symbol).last,
          },
        }
      }
      case 'balance_drift': {
        const balances = await broker.balances(accountId)
        return { cash: balances[subject] ?? '0' }
      }
      case 'orphan_order': {
        const symbol = finding.symbol
        if (!symbol)
          return new Error(
            `Order ${subject} is on a market Vigil does not trade; cancel it at the exchange.`,
          )
        await broker.cancelOrder(accountId, subject, symbol)
        return undefined
      }
      case 'missing_order': {
        const order = ledger.findOrder(accountId, subject)
        if (order && (order.status === 'open' || order.status === 'pending'))
          await this.deps.recorder.commit('order.closed', {
            orderId: order.id,
            accountId,
            status: 'canceled',
            reason: `Marked closed in reconciliation: the broker has no order with client order id ${subject}.`,
          })
        return undefined
      }
      case 'unknown_fill': {
        const found = finding.orderId ? ledger.findOrder(accountId, finding.orderId) : undefined
        if (!found) return new Error(`The order of fill ${subject} is not in the ledger.`)
        const ack = await broker.fetchOrder(accountId, found.clientOrderId, found.symbol)
        const order = ledger.findOrder(accountId, found.id) ?? found
        // Read the ledger after the broker answered: the fill may have been booked meanwhile.
        // Already booked: settling books nothing, so adopting twice never counts it twice.
        if (ledger.fillsOfOrder(accountId, order.id).some((f) => f.id === subject)) return undefined
        const fills = ack?.fills ?? []
        const fill = fills.find((f) => f.fillId === subject)
        if (!fill)
          return new Error(
            `The broker no longer reports fill ${subject}, so it cannot be adopted. Check the fill at the exchange, then dismiss the finding with what you found; any position or cash difference it left is raised and settled on its own.`,
          )
        if (!unbookedFills(ledger, accountId, order, fills).includes(fill))
          return new Error(
            `Adopting fill ${subject} would record more of order ${order.id} than the broker filled (the ledger has ${order.filledQuantity} of the broker's ${str(sumQuantity(fills))}); dismiss the finding instead.`,
          )
        if (
          order.side === 'sell' &&
          dec(fill.quantity).greaterThan(ledger.positionQuantity(accountId, order.symbol))
        )
          return new Error(
            `Fill ${subject} sells more ${order.symbol} than the ledger holds; settle the position finding first.`,
          )
        await this.deps.recorder.commit('order.fill', {
          ...fill,
          orderId: order.id,
          accountId,
          adopted: true,
        })
        return undefined
      }
    }
  }
}

type Adjustment = RecordPayloads['reconcile.resolved']['adjust']

const key = (kind: ReconcileKind, subject: string): string => `${kind}/${subject}`

function sumQuantity(fills: readonly BrokerFill[]): Decimal {
  return fills.reduce((sum, f) => sum.plus(f.quantity), dec(0))
}

/**
 * The broker's fills of an order that the ledger has not booked (by fill id), as far as what
 * the broker filled leaves room for them: the ledger's filled quantity never goes past the
 * broker's, even when the two name the same fill differently.
 */
function unbookedFills(
  ledger: Ledger,
  accountId: string,
  order: Order,
  fills: readonly BrokerFill[],
): BrokerFill[] {
  const booked = new Set(ledger.fillsOfOrder(accountId, order.id).map((f) => f.id))
  const brokerFilled = Decimal.min(sumQuantity(fills), dec(order.quantity))
  let room = brokerFilled.minus(order.filledQuantity)
  const out: BrokerFill[] = []
  for (const fill of fills) {
    if (booked.has(fill.fillId) || dec(fill.quantity).greaterThan(room)) continue
    out.push(fill)
    room = room.minus(fill.quantity)
  }
  return out
}

function missingOrder(accountId: string, o: Order): Candidate {
  return {
    accountId,
    kind: 'missing_order',
    subject: o.clientOrderId,
    symbol: o.symbol,
    orderId: o.id,
    local: 'open',
    broker: 'none',
    message: `order ${o.id} (${o.side} ${o.quantity} ${o.symbol}) is open in the ledger but unknown to the broker`,
  }
}

function orphanOrder(
  accountId: string,
  b: BrokerAck & { clientOrderId: string; symbol: MarketSymbol | null },
): Candidate {
  return {
    accountId,
    kind: 'orphan_order',
    subject: b.clientOrderId,
    symbol: b.symbol,
    orderId: null,
    local: 'none',
    broker: b.status,
    message: `order ${b.clientOrderId}${b.symbol ? ` on ${b.symbol}` : ''} is open at the broker but unknown to the ledger`,
  }
}

function unknownFill(accountId: string, o: Order, fill: BrokerFill): Candidate {
  return {
    accountId,
    kind: 'unknown_fill',
    subject: fill.fillId,
    symbol: o.symbol,
    orderId: o.id,
    local: 'none',
    broker: `${fill.quantity} @ ${fill.price}`,
    message: `the broker filled ${fill.quantity} ${o.symbol} at ${fill.price} on order ${o.id}, which the ledger closed as ${o.status}`,
  }
}

function positionDifference(
  accountId: string,
  symbol: MarketSymbol,
  local: Decimal,
  held: Decimal,
): Candidate {
  const phantom = local.greaterThan(held)
  return {
    accountId,
    kind: phantom ? 'phantom_position' : 'unknown_position',
    subject: symbol,
    symbol,
    orderId: null,
    local: str(local),
    broker: str(held),
    message: phantom
      ? `the ledger holds ${str(local)} ${symbol} but the broker only ${str(held)}`
      : `the broker holds ${str(held)} ${symbol} but the ledger only ${str(local)}`,
  }
}

function balanceDrift(accountId: string, asset: string, local: Decimal, held: Decimal): Candidate {
  return {
    accountId,
    kind: 'balance_drift',
    subject: asset,
    symbol: null,
    orderId: null,
    local: str(local),
    broker: str(held),
    message: `the ledger has ${str(local)} ${asset} but the broker reports ${str(held)} ${asset}`,
  }
}

/** Reconciliation findings as a fold of the journal. */
export const reconcileFold: Fold<ReconcileLog, ReconcileLogState> = {
  fromState: (state) => ReconcileLog.fromState(state),
  toState: (log) => log.toState(),
  apply: (log, record) => void log.apply(record),
}
