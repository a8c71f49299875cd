/**
 * Accounts at run time as the console shows them: how each is connected, where its prices come
 * from, its fee tier, its keys (never the secrets) and its strategy; the strategies that can be
 * started; and whether Overview and Orders show the account in view or all accounts. Every
 * change goes through the engine; what this store holds is what the engine answered or sent.
 */
import { create } from 'zustand'
import type { CommandPayload } from '../../../shared/contract'
import type { Result } from '../../../shared/result'
import type {
  Account,
  AccountStatus,
  Snapshot,
  StrategyInfo,
  StrategyStatus,
} from '../../../shared/types'
import { invoke } from '../lib/desk'
import { useLedgerStore } from './ledger-store'

/** What Overview and Orders show: the account in view, or every account. */
export type AccountScope = 'account' | 'all'

/** State and actions of the accounts store. */
export interface AccountsState {
  /** Keyed by account id. */
  readonly statuses: Readonly<Record<string, AccountStatus>>
  readonly strategies: readonly StrategyInfo[]
  readonly scope: AccountScope
  resetFromSnapshot(snapshot: Snapshot): void
  applyStatus(status: AccountStatus): void
  setScope(scope: AccountScope): void
  addAccount(input: CommandPayload<'accounts:add'>): Promise<Result<Account>>
  updateAccount(input: CommandPayload<'accounts:update'>): Promise<Result<Account>>
  connect(accountId: string): Promise<Result<AccountStatus>>
  disconnect(accountId: string): Promise<Result<AccountStatus>>
  setCredentials(input: CommandPayload<'accounts:set-credentials'>): Promise<Result<AccountStatus>>
  deleteCredentials(accountId: string): Promise<Result<AccountStatus>>
  startStrategy(input: CommandPayload<'strategies:start'>): Promise<Result<StrategyStatus>>
  stopStrategy(accountId: string): Promise<Result<StrategyStatus>>
}

/** The accounts store. */
export const useAccountsStore = create<AccountsState>()((set, get) => {
  // Commands that answer with an account's status: the answer is the newest state.
  const withStatus = async (result: Promise<Result<AccountStatus>>) => {
    const answer = await result
    if (answer.ok) get().applyStatus(answer.value)
    return answer
  }
  const withAccount = async (result: Promise<Result<Account>>) => {
    const answer = await result
    if (answer.ok) useLedgerStore.getState().applyAccount(answer.value)
    return answer
  }
  const withStrategy = async (result: Promise<Result<StrategyStatus>>) => {
    const answer = await result
    if (answer.ok) {
      const strategy = answer.value
      set((state) => {
        const status = state.statuses[strategy.accountId]
        if (!status) return state
        return { statuses: { ...state.statuses, [strategy.accountId]: { ...status, strategy } } }
      })
    }
    return answer
  }

  return {
    statuses: {},
    strategies: [],
    scope: 'account',

    resetFromSnapshot(snapshot) {
      const statuses: Record<string, AccountStatus> = {}
      // An engine older than several accounts sends neither; the screens then say so.
      for (const status of snapshot.accountStatuses ?? []) statuses[status.accountId] = status
      set({ statuses, strategies: snapshot.strategies ?? [] })
    },

    applyStatus(status) {
      set((state) => ({ statuses: { ...state.statuses, [status.accountId]: status } }))
    },

    setScope(scope) {
      set({ scope })
    },

    addAccount: (input) => withAccount(invoke('accounts:add', input)),
    updateAccount: (input) => withAccount(invoke('accounts:update', input)),
    connect: (accountId) => withStatus(invoke('accounts:connect', { accountId })),
    disconnect: (accountId) => withStatus(invoke('accounts:disconnect', { accountId })),
    setCredentials: (input) => withStatus(invoke('accounts:set-credentials', input)),
    deleteCredentials: (accountId) =>
      withStatus(invoke('accounts:delete-credentials', { accountId })),
    startStrategy: (input) => withStrategy(invoke('strategies:start', input)),
    stopStrategy: (accountId) => withStrategy(invoke('strategies:stop', { accountId })),
  }
})
