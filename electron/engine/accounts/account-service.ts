/**
 * The accounts as the trader manages them: opened and changed through the journal, connected
 * to their venues and brokers at run time, and the commands that do it. An exchange account's
 * opening balances are adopted from the exchange the first time it connects.
 */
import type { Account, AccountKind, StrategyStatus } from '../../../shared/types'
import { err, ok, type Result } from '../../../shared/result'
import {
  type BrokerUpdate,
  type Broker,
  type CredentialStore,
  type StoredCredentials,
  connectExchange,
  type ClosableBroker,
} from '../brokers'
import { dec, str, usd, type Clock, type EventBus, type Handlers } from '../core'
import type { AccountSettings, Recorder } from '../journal'
import type { Ledger } from '../ledger'
import { INSTRUMENTS, type MarketFeed } from '../market'
import { Accounts } from './accounts'
import type { Venues } from './venues'

/** The account every new data folder starts with. */
export const DEFAULT_ACCOUNT_ID = 'paper-1'

/** What the account service works with. */
export interface AccountServiceDeps {
  readonly clock: Clock
  readonly ledger: Ledger
  readonly recorder: Recorder
  readonly bus: EventBus
  readonly venues: Venues
  /** Where exchange API keys are kept; null when this host keeps none. */
  readonly credentials: CredentialStore | null
  /** Connects an exchange account's broker (default: the ccxt adapter). */
  readonly exchangeBroker?: (
    account: Account,
    credentials: StoredCredentials,
  ) => Promise<ClosableBroker>
  /** The strategy running on an account, if any. */
  readonly strategy: (accountId: string) => StrategyStatus | null
  /** A broker told of an order's progress. */
  readonly onBrokerUpdate: (update: BrokerUpdate) => void
}

/** Opens, changes, connects and resolves accounts. */
export class AccountService {
  /** Each account's broker, feed and connection. */
  readonly runtime: Accounts
  private serial: number

  constructor(private readonly deps: AccountServiceDeps) {
    const { ledger, venues, clock, bus } = deps
    this.serial = ledger.listAccounts().length
    this.runtime = new Accounts({
      simulator: venues.simulator,
      live: (exchangeId) => venues.liveVenue(exchangeId),
      exchangeFeed: (source) => venues.exchangeFeed(source),
      paperBalances: (accountId) => this.paperBalances(accountId),
      exchangeBroker: (account, credentials) =>
        (deps.exchangeBroker ?? ((a, c) => connectExchange(a, c, clock)))(account, credentials),
      exchangeConnected: (account, broker, feed) => this.adoptOpening(account, broker, feed),
      credentials: deps.credentials,
      strategy: deps.strategy,
      onStatus: (status) => bus.publish({ type: 'accounts:status', payload: status }),
      onBrokerUpdate: deps.onBrokerUpdate,
    })
  }

  /** Opens the default paper account in a new folder, then connects every account. */
  async openAll(initialBalance: string | undefined): Promise<void> {
    if (!this.deps.ledger.hasAccount(DEFAULT_ACCOUNT_ID))
      await this.deps.recorder.commit('account.opened', {
        accountId: DEFAULT_ACCOUNT_ID,
        name: 'Paper account (simulated market)',
        kind: 'paper',
        quoteAsset: 'USD',
        initialBalance: initialBalance ?? '10000',
      })
    for (const account of this.deps.ledger.listAccounts()) await this.runtime.open(account)
  }

  /** The account a command names (the default one when it names none), or why not. */
  resolve(accountId: string | undefined): Result<string> {
    const id = accountId ?? DEFAULT_ACCOUNT_ID
    const { ledger } = this.deps
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

  /** The account commands. */
  handlers(
    onAdded: (account: Account) => Promise<void>,
  ): Handlers<
    | 'accounts:add'
    | 'accounts:update'
    | 'accounts:connect'
    | 'accounts:disconnect'
    | 'accounts:set-credentials'
    | 'accounts:delete-credentials'
  > {
    const { ledger, recorder, bus } = this.deps
    const connection =
      (how: 'connect' | 'disconnect') => async (p: { accountId?: string | undefined }) => {
        const account = this.resolve(p.accountId)
        if (!account.ok) return account
        return ok(await this.runtime[how](account.value))
      }
    return {
      'accounts:add': async (p) => {
        const id = this.newId(p.kind)
        await recorder.commit('account.opened', {
          accountId: id,
          name: p.name,
          kind: p.kind,
          quoteAsset: 'USD',
          initialBalance: p.kind === 'paper' ? (p.initialBalance ?? '10000') : '0',
          exchangeId: p.exchangeId ?? null,
          sandbox: p.sandbox ?? false,
          priceSource: p.kind === 'exchange' ? 'live' : (p.priceSource ?? 'simulator'),
          strategiesAllowed: p.kind === 'paper',
        })
        const account = ledger.getAccount(id) as Account
        bus.publish({ type: 'accounts:added', payload: account })
        await this.runtime.open(account)
        await onAdded(account)
        return ok(account)
      },
      'accounts:update': ({ accountId, ...change }) => this.change(accountId, change),
      'accounts:connect': connection('connect'),
      'accounts:disconnect': connection('disconnect'),
      'accounts:set-credentials': (p) => this.keys(p.accountId, p),
      'accounts:delete-credentials': (p) => this.keys(p.accountId, null),
    }
  }

  private newId(kind: AccountKind): string {
    let id: string
    do id = `${kind}-${++this.serial}`
    while (this.deps.ledger.hasAccount(id))
    return id
  }

  private async change(
    accountId: string,
    change: Partial<AccountSettings>,
  ): Promise<Result<Account>> {
    const { ledger, recorder, bus } = this.deps
    const account = ledger.getAccount(accountId)
    if (!account) return err('NOT_FOUND', `Unknown account "${accountId}".`)
    const old: AccountSettings = {
      name: account.name,
      exchangeId: account.exchangeId,
      priceSource: account.priceSource,
      strategiesAllowed: account.strategiesAllowed,
    }
    const next: AccountSettings = { ...old, ...change }
    if (next.priceSource === 'live' && !next.exchangeId)
      return err(
        'INVALID_INPUT',
        'Live prices need an exchange id (for example coinbase or kraken).',
      )
    if (
      account.kind === 'exchange' &&
      next.priceSource === 'live' &&
      next.exchangeId !== account.exchangeId
    )
      return err('INVALID_INPUT', 'An exchange account always trades on its own exchange.')
    if (JSON.stringify(next) === JSON.stringify(old)) return ok(account)
    await recorder.commit('account.updated', { accountId, old, new: next })
    const updated = ledger.getAccount(accountId) as Account
    // Every window shows the change (the renderer treats this event as add-or-replace).
    bus.publish({ type: 'accounts:added', payload: updated })
    await this.runtime.update(updated)
    return ok(updated)
  }

  private async keys(
    accountId: string | undefined,
    set: {
      apiKey: string
      secret: string
      password?: string | undefined
      canTrade: boolean
    } | null,
  ) {
    const account = this.resolve(accountId)
    if (!account.ok) return account
    if (this.deps.ledger.getAccount(account.value)?.kind !== 'exchange')
      return err(
        'INVALID_INPUT',
        'Only an exchange account has API keys; a paper account needs none.',
      )
    const store = this.deps.credentials
    if (!store) return err('UNAVAILABLE', 'This host keeps no API keys.')
    try {
      if (!set) await store.delete(account.value)
      else {
        const { apiKey, secret, password, canTrade } = set
        await store.set(account.value, {
          apiKey,
          secret,
          ...(password ? { password } : {}),
          canTrade,
        })
      }
    } catch (error) {
      return err('INVALID_INPUT', (error as Error).message)
    }
    return ok(await this.runtime.refreshKeys(account.value))
  }

  /** What the ledger says a paper account holds, asset → amount: the paper exchange's truth. */
  private paperBalances(accountId: string): Record<string, string> {
    const { ledger } = this.deps
    const account = ledger.getAccount(accountId)
    const balances: Record<string, string> = {}
    if (!account) return balances
    balances[account.quoteAsset] = str(ledger.cash(accountId))
    for (const inst of INSTRUMENTS)
      balances[inst.baseAsset] = str(ledger.positionQuantity(accountId, inst.symbol))
    return balances
  }

  /**
   * An exchange account just connected: its opening balances are adopted the first time, or
   * how they differ from the ledger's is said. Returns what to tell the trader, if anything.
   */
  private async adoptOpening(
    account: Account,
    broker: Broker,
    feed: MarketFeed,
  ): Promise<string | null> {
    const { ledger, recorder } = this.deps
    const held = await broker.balances(account.id)
    const cash = held[account.quoteAsset] ?? '0'
    if (ledger.isSynced(account.id)) {
      const local = ledger.cash(account.id)
      return local.equals(cash)
        ? null
        : `The exchange reports ${usd(dec(cash))} of ${account.quoteAsset}; the ledger has ${usd(local)}. Reconcile before trading on it.`
    }
    const positions = INSTRUMENTS.flatMap((inst) => {
      const quantity = held[inst.baseAsset]
      if (!quantity || !dec(quantity).greaterThan(0)) return []
      return [{ symbol: inst.symbol, quantity, price: feed.quote(inst.symbol).last }]
    })
    await recorder.commit('account.synced', { accountId: account.id, cash, positions })
    return `Opening balances adopted from ${account.exchangeId}: ${usd(dec(cash))} of ${account.quoteAsset}${positions.length ? ` and ${positions.map((p) => `${p.quantity} ${p.symbol}`).join(', ')}` : ''}.`
  }
}
