/**
 * The composition root: builds the trading system for one data folder and wires its domains.
 * Start-up = lock the folder, load the snapshot, open (and verify) the journal, replay what the
 * snapshot does not cover, close orders a crash interrupted, start the market.
 */
import { promises as fsp } from 'node:fs'
import path from 'node:path'
import { performance } from 'node:perf_hooks'
import type { Command, CommandResponses, EngineEvent } from '../../shared/contract'
import { err, ok, type Result } from '../../shared/result'
import type { Alert, RiskLimits, Snapshot, TradingState } from '../../shared/types'
import type { CallContext, Engine, EngineInfo, EngineOptions } from './api'
import { PaperBroker } from './brokers/paper'
import { Decimal, ZERO, dec, str, startOfLocalDay } from './core'
import { EventBus } from './core/event-bus'
import { DEFAULT_LIMITS, OrderService, type Commit } from './execution'
import { AuditTrail, Journal, verifyJournal, type JournalRecord } from './journal'
import { Ledger, type LedgerChange } from './ledger'
import { INSTRUMENTS, MarketSimulator } from './market'
import { SettingsStore, SnapshotStore, lockDataDir } from './resilience'

export type { CallContext, Engine, EngineInfo, EngineOptions } from './api'

/** The account every new data folder starts with. */
export const DEFAULT_ACCOUNT_ID = 'paper-1'
const SNAPSHOT_INTERVAL_MS = 60_000
const LIST_LIMIT = 500
/** A malformed order request is journaled up to this many characters. */
export const MALFORMED_RAW_LIMIT = 1_024

/** The journal is shorter than the snapshot says, or differs from it: it was cut or replaced. */
export class JournalMismatchError extends Error {
  constructor(detail: string) {
    super(
      `The audit journal does not match the state snapshot: ${detail}. Vigil will not start; restore the data folder from a backup.`,
    )
    this.name = 'JournalMismatchError'
  }
}

function toEvent(change: LedgerChange): EngineEvent {
  switch (change.kind) {
    case 'order':
      return { type: 'orders:updated', payload: change.order }
    case 'fill':
      return { type: 'fills:created', payload: change.fill }
    case 'position':
      return { type: 'ledger:position', payload: change.position }
    case 'balance':
      return { type: 'ledger:balance', payload: change.balance }
  }
}

/**
 * Cuts text so that its JSON encoding takes at most `maxBytes` bytes: escaping can make a
 * string of control characters six times longer than it looks, so the cut is by encoded size.
 */
export function cutToJsonBytes(
  text: string,
  maxBytes: number,
): { text: string; truncated: boolean } {
  const size = (t: string): number => Buffer.byteLength(JSON.stringify(t))
  if (size(text) <= maxBytes) return { text, truncated: false }
  let lo = 0
  let hi = Math.min(text.length, maxBytes)
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1
    if (size(text.slice(0, mid)) <= maxBytes) lo = mid
    else hi = mid - 1
  }
  // Never split a surrogate pair.
  const code = text.charCodeAt(lo - 1)
  if (code >= 0xd800 && code <= 0xdbff) lo -= 1
  return { text: text.slice(0, lo), truncated: true }
}

/** The request as received, cut to a bounded size for the journal. */
function boundedRaw(raw: unknown): { raw: string; truncated: boolean } {
  let text: string
  try {
    text = typeof raw === 'string' ? raw : (JSON.stringify(raw) ?? String(raw))
  } catch {
    text = `[unserializable ${typeof raw}]`
  }
  const cut = cutToJsonBytes(text, MALFORMED_RAW_LIMIT)
  return { raw: cut.text, truncated: cut.truncated }
}

/** The state every fold keeps, rebuilt together from the snapshot and the journal tail. */
interface Folds {
  readonly ledger: Ledger
  readonly audit: AuditTrail
  readonly limits: Map<string, RiskLimits>
}

function applyRecord(
  folds: Folds,
  record: JournalRecord,
): { changes: LedgerChange[]; events: EngineEvent[] } {
  const changes = folds.ledger.apply(record)
  const events: EngineEvent[] = changes.map(toEvent)
  const row = folds.audit.apply(record)
  if (row) events.push({ type: 'audit:row', payload: row })
  if (record.type === 'settings.changed') {
    folds.limits.set(record.payload.accountId, record.payload.new)
    events.push({
      type: 'limits:updated',
      payload: { accountId: record.payload.accountId, limits: record.payload.new },
    })
  }
  return { changes, events }
}

/** Builds and starts the engine on a data folder. */
export async function createEngine(options: EngineOptions): Promise<Engine> {
  const started = performance.now()
  const { clock } = options
  await fsp.mkdir(options.dataDir, { recursive: true })
  const release = lockDataDir(options.dataDir)
  try {
    const snapshots = new SnapshotStore(options.dataDir)
    const loaded = await snapshots.load()
    const folds: Folds = {
      ledger: loaded.data ? Ledger.fromState(loaded.data.ledger) : new Ledger(),
      audit: loaded.data ? AuditTrail.fromState(loaded.data.audit) : new AuditTrail(),
      limits: new Map(Object.entries(loaded.data?.limits ?? {})),
    }
    const covered = loaded.data?.journal ?? { seq: 0, hash: '' }
    let replayed = 0
    let hashAtCovered: string | null = covered.seq === 0 ? '' : null
    const journal = await Journal.open({
      dir: path.join(options.dataDir, 'journal'),
      clock,
      replayAfter: covered.seq,
      onLink: (seq, hash) => {
        if (seq === covered.seq) hashAtCovered = hash
      },
      onRecord: (record) => {
        applyRecord(folds, record)
        replayed += 1
      },
    })
    if (journal.head.seq < covered.seq) {
      throw new JournalMismatchError(
        `the snapshot covers ${covered.seq} records but the journal holds only ${journal.head.seq} (records were cut off the end)`,
      )
    }
    if (hashAtCovered !== covered.hash) {
      throw new JournalMismatchError(
        `record ${covered.seq} has a different hash from the one the snapshot recorded`,
      )
    }
    const peaks = new Map(
      Object.entries(loaded.data?.peakEquity ?? {}).map(([k, v]) => [k, dec(v)]),
    )
    return await assemble(options, {
      folds,
      journal,
      snapshots,
      peaks,
      release,
      replayed,
      started,
      warning: loaded.warning,
    })
  } catch (error) {
    release()
    throw error
  }
}

interface Parts {
  readonly folds: Folds
  readonly journal: Journal
  readonly snapshots: SnapshotStore
  readonly peaks: Map<string, Decimal>
  readonly release: () => void
  readonly replayed: number
  readonly started: number
  readonly warning: string | null
}

async function assemble(options: EngineOptions, parts: Parts): Promise<Engine> {
  const { clock } = options
  const { folds, journal, snapshots, peaks } = parts
  const { ledger, audit, limits } = folds
  const timeZone = options.timeZone ?? Intl.DateTimeFormat().resolvedOptions().timeZone
  const bus = new EventBus()
  const market = new MarketSimulator({ clock, seed: options.seed ?? 1 })
  const paper = new PaperBroker({ clock, market, takerFeeRate: options.takerFeeRate })
  const broker = options.wrapBroker ? options.wrapBroker(paper) : paper
  const settings = new SettingsStore(options.dataDir)
  const tradingStates = new Map<string, TradingState>()
  const warnings: string[] = []
  if (parts.warning) warnings.push(parts.warning)
  if (journal.tornLines) warnings.push(`${journal.tornLines} torn journal line moved aside`)

  let journalFailure: string | null = null
  const commit: Commit = (type, payload) => {
    const { record, durable } = journal.write(type, payload)
    for (const event of applyRecord(folds, record).events) bus.publish(event)
    durable.catch((error: Error) => {
      if (journalFailure !== null) return
      journalFailure = error.message
      bus.publish({
        type: 'alerts:raised',
        payload: {
          id: `alert-journal-write-${clock.now()}`,
          ts: clock.now(),
          accountId: null,
          severity: 'critical',
          kind: 'journal_write_failed',
          message: `${error.message}. Trading is stopped: no order can be recorded.`,
        },
      })
    })
    return durable
  }

  const limitsOf = (accountId: string): RiskLimits => limits.get(accountId) ?? DEFAULT_LIMITS
  const equityOf = (accountId: string): Decimal =>
    ledger
      .holdings(accountId)
      .reduce(
        (sum, h) => sum.plus(h.quantity.times(market.quote(h.symbol).last)),
        ledger.cash(accountId),
      )
  const markPeak = (accountId: string): { equity: Decimal; peak: Decimal } => {
    const equity = equityOf(accountId)
    const peak = Decimal.max(peaks.get(accountId) ?? ZERO, equity)
    peaks.set(accountId, peak)
    return { equity, peak }
  }
  let alertSerial = 0
  const orders = new OrderService({
    clock,
    ledger,
    market,
    broker,
    commit,
    nextSeq: () => journal.head.seq + 1,
    accounts: {
      limits: limitsOf,
      tradingState: (accountId) => tradingStates.get(accountId) ?? 'ACTIVE',
      trackerProblem: (accountId) =>
        ledger.hasAccount(accountId) ? null : 'the account is not loaded',
      equity: markPeak,
      startOfDay: (ts) => startOfLocalDay(ts, timeZone),
      raiseAlert: (alert) => {
        const full: Alert = {
          ...alert,
          id: `alert-${journal.head.seq}-${++alertSerial}`,
          ts: clock.now(),
        }
        bus.publish({ type: 'alerts:raised', payload: full })
      },
    },
  })

  if (!ledger.hasAccount(DEFAULT_ACCOUNT_ID)) {
    await commit('account.opened', {
      accountId: DEFAULT_ACCOUNT_ID,
      name: 'Paper account (simulated market)',
      kind: 'paper',
      quoteAsset: 'USD',
      initialBalance: options.initialBalance ?? '10000',
    })
  }
  paper.restore(ledger.positions())
  await orders.failInterrupted()

  // The journal is the source of truth for settings; settings.json is its readable copy.
  const onDisk = await settings.load()
  if (onDisk.warning) warnings.push(onDisk.warning)
  for (const [accountId, value] of Object.entries(onDisk.limits)) {
    if (JSON.stringify(value) !== JSON.stringify(limitsOf(accountId))) {
      warnings.push(
        `settings.json differs from the journal for ${accountId}; the journal's values are in force.`,
      )
    }
  }
  const saveSettings = (): Promise<void> =>
    settings.save(Object.fromEntries(ledger.listAccounts().map((a) => [a.id, limitsOf(a.id)])))
  await saveSettings()

  for (const account of ledger.listAccounts()) markPeak(account.id)
  market.subscribe({
    quote: (quote) => bus.publish({ type: 'market:quote', payload: quote }),
    candle: (candle) => bus.publish({ type: 'market:candle', payload: candle }),
  })
  const peakTimer = clock.setInterval(() => {
    for (const account of ledger.listAccounts()) markPeak(account.id)
  }, 1_000)
  if (options.startMarket !== false) market.start()

  let saving: Promise<void> = Promise.resolve()
  const saveSnapshot = (): Promise<void> => {
    saving = saving.then(async () => {
      await journal.flush()
      await snapshots.save({
        version: 2,
        journal: journal.head,
        ledger: ledger.toState(),
        audit: audit.toState(),
        limits: Object.fromEntries(limits),
        peakEquity: Object.fromEntries([...peaks].map(([k, v]) => [k, str(v)])),
      })
    })
    return saving
  }
  const snapshotTimer = clock.setInterval(
    () => void saveSnapshot().catch(() => undefined),
    SNAPSHOT_INTERVAL_MS,
  )

  const snapshot = (): Snapshot => ({
    defaultAccountId: DEFAULT_ACCOUNT_ID,
    accounts: ledger.listAccounts(),
    instruments: INSTRUMENTS.map(
      ({ symbol, baseAsset, quoteAsset, lotSize, tickSize, minNotional }) => ({
        symbol,
        baseAsset,
        quoteAsset,
        lotSize,
        tickSize,
        minNotional,
      }),
    ),
    balances: ledger.balances(),
    positions: ledger.positions(),
    orders: ledger.orders(undefined, LIST_LIMIT),
    fills: ledger.fills(undefined, LIST_LIMIT),
    quotes: market.quotes(),
    journal: journal.head,
    serverTime: clock.now(),
    limits: Object.fromEntries(ledger.listAccounts().map((a) => [a.id, limitsOf(a.id)])),
    tradingStates: Object.fromEntries(
      ledger.listAccounts().map((a) => [a.id, tradingStates.get(a.id) ?? 'ACTIVE']),
    ),
  })

  const accountOf = (accountId: string | undefined): Result<string> => {
    const id = accountId ?? DEFAULT_ACCOUNT_ID
    return ledger.hasAccount(id)
      ? ok(id)
      : err(
          'NOT_FOUND',
          `Unknown account "${id}". Accounts: ${ledger
            .listAccounts()
            .map((a) => a.id)
            .join(', ')}`,
        )
  }

  let verifying: Promise<Result<unknown>> | null = null
  const verifyAudit = async (): Promise<Result<unknown>> => {
    await journal.flush()
    const head = journal.head
    const report = await verifyJournal(path.join(options.dataDir, 'journal'), {
      expectedHead: head,
      stopAtSeq: head.seq,
      onProgress: (checked, total) =>
        bus.publish({ type: 'audit:verify-progress', payload: { checked, total } }),
    })
    if (!report.ok) {
      bus.publish({
        type: 'alerts:raised',
        payload: {
          id: `alert-journal-${clock.now()}`,
          ts: clock.now(),
          accountId: null,
          severity: 'critical',
          kind: 'journal_tampered',
          message: `The audit journal failed verification at seq ${report.firstBad?.seq} in ${report.firstBad?.segment}: ${report.firstBad?.reason}.`,
        },
      })
    }
    return ok(report)
  }

  let closed = false
  const run = async (command: Command, context: CallContext): Promise<Result<unknown>> => {
    if (closed) return err('UNAVAILABLE', 'Vigil is shutting down; the request was not taken.')
    switch (command.name) {
      case 'app:get-snapshot':
        return ok(snapshot())
      case 'orders:submit': {
        const account = accountOf(command.payload.accountId)
        if (!account.ok) return account
        return orders.submit(account.value, command.payload, context.source)
      }
      case 'orders:estimate': {
        const account = accountOf(command.payload.accountId)
        if (!account.ok) return account
        return orders.estimate(account.value, command.payload)
      }
      case 'orders:get': {
        const { accountId, id } = command.payload
        const order = accountId ? ledger.findOrder(accountId, id) : ledger.findOrderAnywhere(id)
        return order ? ok(order) : err('NOT_FOUND', `No order with id or client order id "${id}".`)
      }
      case 'orders:list':
      case 'fills:list': {
        const account = command.payload.accountId
          ? accountOf(command.payload.accountId)
          : ok(undefined)
        if (!account.ok) return account
        const limit = command.payload.limit ?? LIST_LIMIT
        return ok(
          command.name === 'orders:list'
            ? ledger.orders(account.value, limit)
            : ledger.fills(account.value, limit),
        )
      }
      case 'market:get-candles':
        return ok(market.candles(command.payload.symbol, command.payload.limit ?? 240))
      case 'limits:get': {
        const account = accountOf(command.payload.accountId)
        return account.ok ? ok(limitsOf(account.value)) : account
      }
      case 'limits:update': {
        const account = accountOf(command.payload.accountId)
        if (!account.ok) return account
        const old = limitsOf(account.value)
        const next: RiskLimits = { ...old, ...command.payload.limits }
        if (dec(next.minOrderNotional).greaterThan(next.maxOrderNotional)) {
          return err(
            'INVALID_INPUT',
            `limits.minOrderNotional ($${next.minOrderNotional}) must not be above limits.maxOrderNotional ($${next.maxOrderNotional}).`,
          )
        }
        if (JSON.stringify(next) === JSON.stringify(old)) return ok(old)
        await commit('settings.changed', {
          accountId: account.value,
          key: 'limits',
          old: limits.get(account.value) ?? null,
          new: next,
        })
        await saveSettings()
        return ok(next)
      }
      case 'audit:query':
        return ok(
          audit.query(
            command.payload.filter,
            command.payload.offset ?? 0,
            command.payload.limit ?? 200,
          ),
        )
      case 'audit:list':
        return ok(audit.since(command.payload.fromSeq ?? 1, command.payload.limit ?? LIST_LIMIT))
      case 'audit:get': {
        const record = audit.record(command.payload.seq)
        return record
          ? ok(record)
          : err('NOT_FOUND', `No trade decision starts at seq ${command.payload.seq}.`)
      }
      case 'audit:verify': {
        // One walk at a time: a second click waits for the same answer.
        verifying ??= verifyAudit().finally(() => (verifying = null))
        return verifying
      }
    }
  }

  const info: EngineInfo = {
    dataDir: options.dataDir,
    journalSeq: journal.head.seq,
    replayed: parts.replayed,
    startupMs: performance.now() - parts.started,
    warnings,
  }

  return {
    info,
    subscribe: (listener) => bus.subscribe(listener),
    async handle<C extends Command>(command: C, context: CallContext) {
      try {
        return (await run(command, context)) as Result<CommandResponses[C['name']]>
      } catch (error) {
        return err(
          'INTERNAL',
          `Vigil could not complete ${command.name}: ${(error as Error).message}`,
        )
      }
    },
    async recordMalformedOrder(raw, reason, context) {
      if (closed) return
      try {
        await journal.append('order.malformed', {
          source: context.source,
          reason: cutToJsonBytes(reason, 512).text,
          ...boundedRaw(raw),
        })
      } catch {
        // Journaling a bad request must never turn into a second failure for the caller.
      }
    },
    setTradingState(accountId: string, state: TradingState) {
      if ((tradingStates.get(accountId) ?? 'ACTIVE') === state) return
      tradingStates.set(accountId, state)
      bus.publish({ type: 'trading:state', payload: { accountId, state } })
    },
    async close() {
      if (closed) return
      closed = true
      market.stop()
      snapshotTimer.cancel()
      peakTimer.cancel()
      await orders.idle()
      try {
        await saveSnapshot()
      } finally {
        await journal.close()
        parts.release()
      }
    },
  }
}
