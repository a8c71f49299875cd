/**
 * The ledger as the console shows it: accounts, the default account, cash balances and
 * positions, keyed by account so a second account never mixes with the first.
 */
import { create } from 'zustand'
import type { Account, Balance, Position, Snapshot } from '../../../shared/types'

/** State and actions of the ledger store. */
export interface LedgerState {
  readonly accounts: readonly Account[]
  readonly defaultAccountId: string | null
  /** Keyed by `${accountId}:${asset}`. */
  readonly balances: Readonly<Record<string, Balance>>
  /** Keyed by `${accountId}:${symbol}`. */
  readonly positions: Readonly<Record<string, Position>>
  resetFromSnapshot(snapshot: Snapshot): void
  applyBalance(balance: Balance): void
  applyPosition(position: Position): void
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
  balances: {},
  positions: {},

  resetFromSnapshot(snapshot) {
    const balances: Record<string, Balance> = {}
    for (const b of snapshot.balances) balances[balanceKey(b.accountId, b.asset)] = b
    const positions: Record<string, Position> = {}
    for (const p of snapshot.positions) positions[positionKey(p.accountId, p.symbol)] = p
    set({
      accounts: snapshot.accounts,
      defaultAccountId: snapshot.defaultAccountId,
      balances,
      positions,
    })
  },

  applyBalance(balance) {
    set((state) => ({
      balances: { ...state.balances, [balanceKey(balance.accountId, balance.asset)]: balance },
    }))
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
