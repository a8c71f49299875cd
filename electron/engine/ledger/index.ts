/** Orders, fills, positions and balances: a fold over journal records. */
export { Ledger, type LedgerChange, type LedgerState } from './ledger'
