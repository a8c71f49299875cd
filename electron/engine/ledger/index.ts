/** The ledger: orders, fills, positions and balances, a fold over journal records. */
export { Ledger, ledgerFold, type LedgerChange, type LedgerState } from './ledger'
