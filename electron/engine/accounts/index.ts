/**
 * Accounts: what each account is (opened and changed through the journal), where it trades
 * at run time (its venue, broker and price feed), and its equity and peak equity.
 */
export { AccountService, DEFAULT_ACCOUNT_ID } from './account-service'
export { Accounts } from './accounts'
export { Equity, peakEquityFold } from './equity'
export { Venues } from './venues'
