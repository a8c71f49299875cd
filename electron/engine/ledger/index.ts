/**
 * The ledger: orders, fills, positions and balances, a fold over journal records that keeps
 * the recent orders and fills, and its archive that reads older ones through the journal index.
 */
export {
  Ledger,
  ledgerFold,
  type LedgerChange,
  type LedgerOptions,
  type LedgerState,
  type OrderArchive,
} from './ledger'
export { journalArchive } from './archive'
