/**
 * Test harness for the renderer: a fake host transport that answers commands and pushes events,
 * builders for contract objects, and a way to reset the stores between tests.
 */
import {
  DEFAULT_ALERT_RULES,
  DEFAULT_NOTIFICATIONS,
  DEFAULT_REPORT_SETTINGS,
} from '../../../shared/performance'
import { waitFor } from '@testing-library/react'
import { expect } from 'vitest'
import type { CommandName, EngineEvent } from '../../../shared/contract'
import { DEFAULT_LIMITS } from '../../../shared/limits'
import { err, ok, type Result } from '../../../shared/result'
import type {
  Account,
  AccountStatus,
  AuditRecord,
  AuditRow,
  Balance,
  Candle,
  Fill,
  Order,
  Position,
  Quote,
  RiskLimits,
  Snapshot,
} from '../../../shared/types'
import {
  connectDesk,
  disconnectDesk,
  type Transport,
  type TransportHandlers,
} from '../../../renderer/src/lib/desk'
import { useAccountsStore } from '../../../renderer/src/stores/accounts-store'
import { resetAuditSession, useAuditStore } from '../../../renderer/src/stores/audit-store'
import { useConnectionStore } from '../../../renderer/src/stores/connection-store'
import { useLedgerStore } from '../../../renderer/src/stores/ledger-store'
import { useMarketStore } from '../../../renderer/src/stores/market-store'
import { useOrdersStore } from '../../../renderer/src/stores/orders-store'
import { useRiskStore } from '../../../renderer/src/stores/risk-store'
import { useChannelsStore } from '../../../renderer/src/stores/channels-store'
import { useAlertsStore } from '../../../renderer/src/stores/alerts-store'
import { useDrillsStore } from '../../../renderer/src/stores/drills-store'
import { useHealthStore } from '../../../renderer/src/stores/health-store'
import { usePerformanceStore } from '../../../renderer/src/stores/performance-store'
import { useReconcileStore } from '../../../renderer/src/stores/reconcile-store'
import { useReportsStore } from '../../../renderer/src/stores/reports-store'
import { useBotsStore } from '../../../renderer/src/stores/bots-store'
import { useCostsStore } from '../../../renderer/src/stores/costs-store'
import { useValidationStore } from '../../../renderer/src/stores/validation-store'
import { startSync } from '../../../renderer/src/stores/sync'

type Responder = (payload: unknown) => Result<unknown> | Promise<Result<unknown>>

/** A host that answers from responders and lets the test push event batches. */
export class FakeTransport implements Transport {
  handlers: TransportHandlers | null = null
  readonly calls: { name: CommandName; payload: unknown }[] = []
  readonly responders: Partial<Record<CommandName, Responder>> = {}

  constructor(snapshot: Snapshot) {
    this.responders['app:get-snapshot'] = () => ok(snapshot)
    this.responders['market:get-candles'] = () => ok([])
  }

  start(handlers: TransportHandlers): void {
    this.handlers = handlers
    handlers.state('open')
  }

  async invoke(name: CommandName, payload: unknown): Promise<Result<unknown>> {
    this.calls.push({ name, payload })
    const responder = this.responders[name]
    return responder ? responder(payload) : err('NOT_FOUND', `No responder for ${name}`)
  }

  stop(): void {
    this.handlers = null
  }

  /** Pushes one batch of events as the host would. */
  emit(...events: EngineEvent[]): void {
    this.handlers?.events(events)
  }

  /** The calls made to one command. */
  callsTo(name: CommandName): unknown[] {
    return this.calls.filter((c) => c.name === name).map((c) => c.payload)
  }
}

const ACCOUNT = 'paper-main'

/** A USD balance of the default account. */
export function balance(total: string, available = total): Balance {
  return { accountId: ACCOUNT, asset: 'USD', total, available }
}

/** A quote with the given last price. */
export function quote(symbol: Quote['symbol'], last: string): Quote {
  return { symbol, ts: 1_700_000_000_000, bid: last, ask: last, last }
}

/** A position of the default account. */
export function position(
  symbol: Position['symbol'],
  quantity: string,
  averagePrice: string,
): Position {
  return { accountId: ACCOUNT, symbol, quantity, averagePrice, realizedPnl: '0' }
}

/** An order of the default account; override what the test cares about. */
export function order(overrides: Partial<Order> = {}): Order {
  return {
    id: 'ord-1',
    clientOrderId: 'ticket-1',
    accountId: ACCOUNT,
    symbol: 'BTC-USD',
    side: 'buy',
    type: 'market',
    quantity: '0.01',
    limitPrice: null,
    source: 'ticket',
    status: 'filled',
    filledQuantity: '0.01',
    averagePrice: '65012.34',
    fee: '3.90',
    expectedPrice: '65000.00',
    createdAt: 1_700_000_000_000,
    updatedAt: 1_700_000_000_000,
    checks: [],
    reason: null,
    seq: 1,
    ...overrides,
  }
}

/** A fill of the default account. */
export function fill(overrides: Partial<Fill> = {}): Fill {
  return {
    id: 'fill-1',
    orderId: 'ord-1',
    clientOrderId: 'ticket-1',
    accountId: ACCOUNT,
    symbol: 'BTC-USD',
    side: 'buy',
    quantity: '0.01',
    price: '65012.34',
    fee: '3.90',
    feeAsset: 'USD',
    liquidity: 'taker',
    ts: 1_700_000_000_000,
    seq: 2,
    ...overrides,
  }
}

/** A one-minute candle. */
export function candle(symbol: Candle['symbol'], timeMs: number, close: number): Candle {
  return {
    symbol,
    time: timeMs,
    open: close - 10,
    high: close + 5,
    low: close - 15,
    close,
    volume: 1,
  }
}

/** Risk limits: the defaults with `overrides`. */
export function riskLimits(overrides: Partial<RiskLimits> = {}): RiskLimits {
  return { ...DEFAULT_LIMITS, ...overrides }
}

/** One audit row; seq 1 is the oldest decision, a minute apart. */
export function auditRow(seq: number, overrides: Partial<AuditRow> = {}): AuditRow {
  return {
    seq,
    ts: 1_700_000_000_000 + seq * 60_000,
    orderId: `ord-${seq}`,
    accountId: ACCOUNT,
    symbol: 'BTC-USD',
    action: 'BUY',
    quantity: '0.01',
    outcome: 'passed',
    fillPrice: '65012.34',
    slippageBps: 1.9,
    reason: null,
    ...overrides,
  }
}

/** The composite record of a decision the gate rejected. */
export function rejectedRecord(seq: number): AuditRecord {
  return {
    seq,
    account_id: ACCOUNT,
    timestamp: new Date(1_700_000_000_000 + seq * 60_000).toISOString(),
    action: 'BUY',
    symbol: 'BTC-USD',
    quantity: '10',
    source: 'ticket',
    validation: {
      passed: false,
      checks: [
        {
          name: 'quantity',
          passed: true,
          code: 'OK',
          message: 'Quantity 10 BTC is on the lot size.',
        },
        {
          name: 'order_value',
          passed: false,
          code: 'MAX_ORDER_NOTIONAL',
          message: 'Order value $650,000.00 is above the maximum order size of $5,000.00.',
        },
      ],
    },
    pre_execution: { balance: '10000.00', positions: 0, entry_price: '65000.00' },
    execution: null,
    post_execution: null,
    verification: null,
  }
}

/** The default paper account on the simulated market. */
export function paperAccount(overrides: Partial<Account> = {}): Account {
  return {
    id: ACCOUNT,
    name: 'Paper',
    kind: 'paper',
    quoteAsset: 'USD',
    createdAt: 0,
    exchangeId: null,
    sandbox: false,
    priceSource: 'simulator',
    strategiesAllowed: true,
    ...overrides,
  }
}

/** An exchange account on the kraken sandbox, strategies off. */
export function exchangeAccount(overrides: Partial<Account> = {}): Account {
  return paperAccount({
    id: 'exchange-2',
    name: 'Kraken sandbox',
    kind: 'exchange',
    exchangeId: 'kraken',
    sandbox: true,
    priceSource: 'live',
    strategiesAllowed: false,
    ...overrides,
  })
}

/** The status of an exchange account with keys stored in a store that accepts trading keys. */
export function exchangeStatus(overrides: Partial<AccountStatus> = {}): AccountStatus {
  return accountStatus({
    accountId: 'exchange-2',
    prices: { source: 'live', online: true, message: null },
    credentials: {
      stored: true,
      apiKeyHint: 'abcd',
      canTrade: false,
      where: 'the OS key store (libsecret)',
      tradingKeysAllowed: true,
      explanation: 'Keys are encrypted by the operating system.',
    },
    ...overrides,
  })
}

/** How an account is doing: connected to the paper exchange on the simulator, no strategy. */
export function accountStatus(overrides: Partial<AccountStatus> = {}): AccountStatus {
  return {
    accountId: ACCOUNT,
    connection: 'connected',
    message: null,
    feeTier: {
      schedule: 'Coinbase Advanced (2022-09-20)',
      tierFrom: '0',
      makerRate: '0.004',
      takerRate: '0.006',
      volume30d: '0',
    },
    prices: { source: 'simulator', online: true, message: null },
    credentials: {
      stored: false,
      apiKeyHint: null,
      canTrade: false,
      where: 'A paper account needs no keys.',
      tradingKeysAllowed: true,
      explanation: '',
    },
    strategy: null,
    ...overrides,
  }
}

/** A snapshot of a fresh paper account with $10,000 and live BTC and ETH quotes. */
export function snapshot(overrides: Partial<Snapshot> = {}): Snapshot {
  return {
    defaultAccountId: ACCOUNT,
    accounts: [paperAccount()],
    instruments: [
      {
        symbol: 'BTC-USD',
        baseAsset: 'BTC',
        quoteAsset: 'USD',
        lotSize: '0.00001',
        tickSize: '0.01',
        minNotional: '1',
      },
      {
        symbol: 'ETH-USD',
        baseAsset: 'ETH',
        quoteAsset: 'USD',
        lotSize: '0.0001',
        tickSize: '0.01',
        minNotional: '1',
      },
      {
        symbol: 'SOL-USD',
        baseAsset: 'SOL',
        quoteAsset: 'USD',
        lotSize: '0.001',
        tickSize: '0.01',
        minNotional: '1',
      },
    ],
    balances: [balance('10000.00')],
    positions: [],
    orders: [],
    fills: [],
    quotes: [quote('BTC-USD', '65000.00'), quote('ETH-USD', '3200.00')],
    journal: { seq: 0, hash: 'genesis' },
    serverTime: 1_700_000_000_000,
    limits: { [ACCOUNT]: riskLimits() },
    tradingStates: { [ACCOUNT]: 'ACTIVE' },
    accountStatuses: [accountStatus()],
    strategies: [
      {
        id: 'sma-cross',
        name: 'Moving-average crossover (demonstration)',
        description: 'Buys when the fast average crosses above the slow one, sells when below.',
        demonstration: true,
      },
    ],
    market: { speed: 1, faults: {} },
    health: null,
    globalTradingState: 'ACTIVE',
    reconciliation: { open: [], resolved: [], runs: {} },
    drills: { running: null, results: [], recoveries: {} },
    alerts: { rules: DEFAULT_ALERT_RULES, notifications: DEFAULT_NOTIFICATIONS, alerts: [] },
    reports: { list: [], settings: DEFAULT_REPORT_SETTINGS },
    ...overrides,
  }
}

/** Puts every store back to its first state. */
export function resetStores(): void {
  useMarketStore.setState(useMarketStore.getInitialState(), true)
  useLedgerStore.setState(useLedgerStore.getInitialState(), true)
  useOrdersStore.setState(useOrdersStore.getInitialState(), true)
  useConnectionStore.setState(useConnectionStore.getInitialState(), true)
  useRiskStore.setState(useRiskStore.getInitialState(), true)
  useAuditStore.setState(useAuditStore.getInitialState(), true)
  useAccountsStore.setState(useAccountsStore.getInitialState(), true)
  useAlertsStore.setState(useAlertsStore.getInitialState(), true)
  useChannelsStore.setState(useChannelsStore.getInitialState(), true)
  useDrillsStore.setState(useDrillsStore.getInitialState(), true)
  useHealthStore.setState(useHealthStore.getInitialState(), true)
  usePerformanceStore.setState(usePerformanceStore.getInitialState(), true)
  useReconcileStore.setState(useReconcileStore.getInitialState(), true)
  useReportsStore.setState(useReportsStore.getInitialState(), true)
  useBotsStore.setState(useBotsStore.getInitialState(), true)
  useCostsStore.setState(useCostsStore.getInitialState(), true)
  useValidationStore.setState(useValidationStore.getInitialState(), true)
  resetAuditSession()
}

/** Connects the desk to a fake host and waits until the console is online. */
export async function connectFake(transport: FakeTransport): Promise<() => void> {
  resetStores()
  const stopSync = startSync()
  connectDesk(transport)
  await waitFor(() => expect(useConnectionStore.getState().status).toBe('online'))
  return () => {
    disconnectDesk()
    stopSync()
  }
}
