/**
 * The ledger as the console shows it: accounts, the default account, the account in view (the
 * one the Trade, Orders and Overview screens act on), cash balances and positions, keyed by
 * account so a second account never mixes with the first.
 */
import { create } from 'zustand'
import type { Account, Balance, Position, Snapshot } from '../../../shared/types'

/** State and actions of the ledger store. */
export interface LedgerState {
  readonly accounts: readonly Account[]
  readonly defaultAccountId: string | null
  /**
   * The account the trader chose in the header, or null for the default. Not kept across a
   * reload on purpose: a reload lands on the default (paper) account, never silently on a real one.
   */
  readonly selectedAccountId: string | null
  /** Keyed by `${accountId}:${asset}`. */
  readonly balances: Readonly<Record<string, Balance>>
  /** Keyed by `${accountId}:${symbol}`. */
  readonly positions: Readonly<Record<string, Position>>
  resetFromSnapshot(snapshot: Snapshot): void
  applyBalance(balance: Balance): void
  applyPosition(position: Position): void
  /** Adds an account, or replaces it with its newer settings. */
  applyAccount(account: Account): void
  /** Puts an account in view. */
  selectAccount(accountId: string): void
}

/** The key of a balance in the store. */
export function balanceKey(accountId: string, asset: string): string {
  return `${accountId}:${asset}`
}

/** The key of a position in the store. */
export function positionKey(accountId: string, symbol: string): string {
  return `${accountId}:${symbol}`
}

/** The ledger store. */
export const useLedgerStore = create<LedgerState>()((set) => ({
  accounts: [],
  defaultAccountId: null,
  selectedAccountId: null,
  balances: {},
  positions: {},

  resetFromSnapshot(snapshot) {
    const balances: Record<string, Balance> = {}
    for (const b of snapshot.balances) balances[balanceKey(b.accountId, b.asset)] = b
    const positions: Record<string, Position> = {}
    for (const p of snapshot.positions) positions[positionKey(p.accountId, p.symbol)] = p
    set((state) => ({
      accounts: snapshot.accounts,
      defaultAccountId: snapshot.defaultAccountId,
      // A reconnect keeps the trader's choice, unless that account is gone.
      selectedAccountId: snapshot.accounts.some((a) => a.id === state.selectedAccountId)
        ? state.selectedAccountId
        : null,
      balances,
      positions,
    }))
  },

  applyBalance(balance) {
    set((state) => ({
      balances: { ...state.balances, [balanceKey(balance.accountId, balance.asset)]: balance },
    }))
  },

  applyAccount(account) {
    set((state) => {
      const index = state.accounts.findIndex((a) => a.id === account.id)
      if (index < 0) return { accounts: [...state.accounts, account] }
      const accounts = [...state.accounts]
      accounts[index] = account
      return { accounts }
    })
  },

  selectAccount(accountId) {
    set((state) =>
      state.accounts.some((a) => a.id === accountId) ? { selectedAccountId: accountId } : state,
    )
  },

  applyPosition(position) {
    set((state) => ({
      positions: {
        ...state.positions,
        [positionKey(position.accountId, position.symbol)]: position,
      },
    }))
  },
}))

/** The default account, once the snapshot named it. */
export function selectDefaultAccount(state: LedgerState): Account | undefined {
  return state.accounts.find((a) => a.id === state.defaultAccountId) ?? state.accounts[0]
}

/** The account the console acts on: the one chosen in the header, else the default. */
export function selectAccountInView(state: LedgerState): Account | undefined {
  return state.accounts.find((a) => a.id === state.selectedAccountId) ?? selectDefaultAccount(state)
}

/** The id of the account in view, even before its settings arrived. */
export function selectAccountIdInView(state: LedgerState): string | null {
  return selectAccountInView(state)?.id ?? state.selectedAccountId ?? state.defaultAccountId
}
