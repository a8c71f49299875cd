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
import type { Snapshot } from '../../shared/types'
import type { CallContext, Engine, EngineInfo, EngineOptions } from './api'
import { PaperBroker } from './brokers/paper'
import { EventBus } from './core/event-bus'
import { OrderService, type Commit } from './execution/order-service'
import { Journal, type JournalRecord } from './journal'
import { Ledger, type LedgerChange } from './ledger'
import { INSTRUMENTS, MarketSimulator } from './market'
import { SnapshotStore, lockDataDir } from './resilience'

export type { CallContext, Engine, EngineInfo, EngineOptions } from './api'

/** The account every new data folder starts with. */
export const DEFAULT_ACCOUNT_ID = 'paper-1'
const SNAPSHOT_INTERVAL_MS = 60_000
const LIST_LIMIT = 500

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

/** Builds and starts the engine on a data folder. */
export async function createEngine(options: EngineOptions): Promise<Engine> {
  const started = performance.now()
  const { clock } = options
  await fsp.mkdir(options.dataDir, { recursive: true })
  const release = lockDataDir(options.dataDir)
  try {
    const snapshots = new SnapshotStore(options.dataDir)
    const loaded = await snapshots.load()
    const ledger = loaded.data ? Ledger.fromState(loaded.data.ledger) : new Ledger()
    const covered = loaded.data?.journal ?? { seq: 0, hash: '' }
    let replayed = 0
    let hashAtCovered: string | null = covered.seq === 0 ? '' : null
    const journal = await Journal.open({
      dir: path.join(options.dataDir, 'journal'),
      clock,
      onRecord: (record) => {
        if (record.seq === covered.seq) hashAtCovered = record.hash
        if (record.seq > covered.seq) {
          ledger.apply(record)
          replayed += 1
        }
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
    return await assemble(options, {
      ledger,
      journal,
      snapshots,
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
  readonly ledger: Ledger
  readonly journal: Journal
  readonly snapshots: SnapshotStore
  readonly release: () => void
  readonly replayed: number
  readonly started: number
  readonly warning: string | null
}

async function assemble(options: EngineOptions, parts: Parts): Promise<Engine> {
  const { clock } = options
  const { ledger, journal, snapshots } = parts
  const bus = new EventBus()
  const market = new MarketSimulator({ clock, seed: options.seed ?? 1 })
  const broker = new PaperBroker({ clock, market, takerFeeRate: options.takerFeeRate })

  const commit: Commit = async (type, payload) => {
    const record: JournalRecord = await journal.append(type, payload)
    for (const change of ledger.apply(record)) bus.publish(toEvent(change))
  }
  const orders = new OrderService({
    ledger,
    market,
    broker,
    commit,
    nextSeq: () => journal.head.seq + 1,
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
  await orders.failInterrupted()

  market.subscribe({
    quote: (quote) => bus.publish({ type: 'market:quote', payload: quote }),
    candle: (candle) => bus.publish({ type: 'market:candle', payload: candle }),
  })
  if (options.startMarket !== false) market.start()

  let saving: Promise<void> = Promise.resolve()
  const saveSnapshot = (): Promise<void> => {
    saving = saving.then(async () => {
      await journal.flush()
      await snapshots.save({ version: 1, journal: journal.head, ledger: ledger.toState() })
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
    instruments: INSTRUMENTS.map(({ symbol, baseAsset, quoteAsset, lotSize, tickSize }) => ({
      symbol,
      baseAsset,
      quoteAsset,
      lotSize,
      tickSize,
    })),
    balances: ledger.balances(),
    positions: ledger.positions(),
    orders: ledger.orders(undefined, LIST_LIMIT),
    fills: ledger.fills(undefined, LIST_LIMIT),
    quotes: market.quotes(),
    journal: journal.head,
    serverTime: clock.now(),
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

  let closed = false
  const run = async (command: Command, context: CallContext): Promise<Result<unknown>> => {
    if (closed) return err('UNAVAILABLE', 'Vigil is shutting down; the order was not taken.')
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
      case 'orders:list': {
        const account = command.payload.accountId
          ? accountOf(command.payload.accountId)
          : ok(undefined)
        if (!account.ok) return account
        return ok(ledger.orders(account.value, command.payload.limit ?? LIST_LIMIT))
      }
      case 'fills:list': {
        const account = command.payload.accountId
          ? accountOf(command.payload.accountId)
          : ok(undefined)
        if (!account.ok) return account
        return ok(ledger.fills(account.value, command.payload.limit ?? LIST_LIMIT))
      }
      case 'market:get-candles':
        return ok(market.candles(command.payload.symbol, command.payload.limit ?? 240))
    }
  }

  const info: EngineInfo = {
    dataDir: options.dataDir,
    journalSeq: journal.head.seq,
    replayed: parts.replayed,
    startupMs: performance.now() - parts.started,
    warnings: [
      parts.warning,
      journal.tornLines ? `${journal.tornLines} torn journal line moved aside` : null,
    ].filter((w): w is string => w !== null),
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
    async close() {
      if (closed) return
      closed = true
      market.stop()
      snapshotTimer.cancel()
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
