/**
 * The engine's public face as the hosts see it. Hosts validate with `parseCommand` from the
 * contract, then hand the validated command to `handle`.
 */
import type { DrillTimings, BreakerSettings } from './resilience'
import type { Command, CommandResponses, EngineEvent } from '../../shared/contract'
import type { Result } from '../../shared/result'
import type { Account } from '../../shared/types'
import type {
  Broker,
  CredentialStore,
  StoredCredentials,
  ClosableBroker,
  PaperBrokerOptions,
} from './brokers'
import type { AlertSender, ChannelSecretStore } from './alerts'
import type { SimulatedMarket, TickerSource } from './market'
import type { Clock, CallContext } from './core'
import type { JournalFiles } from './journal'

export type { CallContext } from './core'

/** The running trading system. */
export interface Engine {
  /** Runs one validated command. Never throws: failures come back as Results. */
  handle<C extends Command>(
    command: C,
    context: CallContext,
  ): Promise<Result<CommandResponses[C['name']]>>
  /**
   * Journals an order request that failed validation (bounded in size), so bad input to the
   * order path always leaves a trace. Never throws; changes no balance, position or setting.
   */
  recordMalformedOrder(raw: unknown, reason: string, context: CallContext): Promise<void>
  /** Listens to every engine event; returns an unsubscribe function. */
  subscribe(listener: (event: EngineEvent) => void): () => void
  /** Facts about the start-up, for logs and benchmarks. */
  readonly info: EngineInfo
  /** Resolves when every order in flight has reached an answer and is durable, and a snapshot
   * being written is done. */
  idle(): Promise<void>
  /**
   * Stops the market, journals the stop with `reason` (default "closed"), writes the snapshot,
   * flushes the journal and releases the data folder.
   */
  close(reason?: string): Promise<void>
}

/** What start-up found and how long it took. */
export interface EngineInfo {
  readonly dataDir: string
  readonly journalSeq: number
  /** Journal records replayed on top of the snapshot. */
  readonly replayed: number
  /** Milliseconds from the start of createEngine to ready (wall time, for reporting only). */
  readonly startupMs: number
  /** Things start-up recovered from, in words (a torn journal line, an unreadable snapshot). */
  readonly warnings: readonly string[]
}

/** How to build an engine. */
export interface EngineOptions {
  readonly dataDir: string
  /** Where time comes from: the hosts pass the real clock, tests a FakeClock. */
  readonly clock: Clock
  /** Seed of the simulated market; a seed reproduces a run. */
  readonly seed?: number
  /** Starting cash of the default paper account, in USD. Default "10000". */
  readonly initialBalance?: string
  /**
   * The paper exchange's settings: latency (default 50 ms; tests on a FakeClock pass 0), the
   * square-root impact prefactor, book depth, fee schedule (default Coinbase Advanced,
   * effective 2022-09-20).
   */
  readonly paper?: Partial<Omit<PaperBrokerOptions, 'clock' | 'market'>>
  /** Public prices for paper trading on live prices, by ccxt exchange id. Default: ccxt. */
  readonly tickerSource?: (exchangeId: string) => TickerSource
  /** Connects the broker of an exchange account. Default: the ccxt adapter. */
  readonly exchangeBroker?: (
    account: Account,
    credentials: StoredCredentials,
  ) => Promise<ClosableBroker>
  /** Where exchange API keys are kept; the hosts pass theirs. */
  readonly credentials?: CredentialStore
  /** Where the secrets of the outgoing alert channels are kept; without it none can be stored. */
  readonly channelSecrets?: ChannelSecretStore
  /** Sends the alert channels' requests. Default: fetch (tests pass a local server or a fake). */
  readonly sendAlert?: AlertSender
  /** The trader's time zone (IANA name), for daily limits. Default: the system's. */
  readonly timeZone?: string
  /** Wraps the paper broker: how tests and drills inject faults (delays, wrong fills, errors). */
  readonly wrapBroker?: (broker: Broker) => Broker
  /** Whether the simulated market starts ticking on its own. Default true. */
  readonly startMarket?: boolean
  /** The simulated market to use instead of the seeded simulator (a rehearsal's replay). */
  readonly market?: SimulatedMarket
  /**
   * A scratch data folder (a rehearsal on simulated data): the journal is written and chained
   * but not fsynced. Never for an account that matters.
   */
  readonly scratch?: boolean
  /** The circuit breaker's settings (trip count, cool-down, recovery steps). */
  readonly breaker?: BreakerSettings
  /** How often a round of health checks runs, ms. Default 30,000; 0 runs them only on demand. */
  readonly healthIntervalMs?: number
  /** How often the engine journals a heartbeat (uptime is read from them), ms. Default 300,000; 0: none. */
  readonly heartbeatMs?: number
  /** How often the state snapshot is written, ms. Default 60,000. */
  readonly snapshotIntervalMs?: number
  /**
   * How often the "fees above schedule" rule judges each account's trailing 30 days, ms
   * (default 60,000; 0: only the first look at start). Fee tiers follow each fill regardless.
   */
  readonly feeCheckMs?: number
  /**
   * How often every account's equity is sampled into the curve, the minute log and the rules
   * that watch it, ms. Default 60,000 (a rehearsal, 90 days fast, samples every 5 minutes).
   */
  readonly equitySampleMs?: number
  /** How often every account is reconciled with its broker, ms (0: only at start and on demand). */
  readonly reconcileIntervalMs?: number
  /**
   * Ended orders and fills each account keeps in memory (and in the snapshot); older ones are
   * read from the journal through its index. At least what a list shows (500). Default 1,000.
   */
  readonly keepRecent?: number
  /** Cash differences with a broker up to this amount of the quote asset are not findings. */
  readonly reconcileCashTolerance?: string
  /** How drills poll and wait (tests shorten them). */
  readonly drillTimings?: DrillTimings
  /** How the journal opens its segment files: the disk by default (tests inject a full one). */
  readonly journalFiles?: JournalFiles
}
