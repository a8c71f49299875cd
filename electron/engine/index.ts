/**
 * The engine: one trading system on one data folder, as the hosts see it. `createEngine`
 * builds it (see root.ts); hosts validate commands with the contract and hand them to it.
 */
export { createEngine } from './root'
export { rehearse } from './rehearse'
export { DEFAULT_ACCOUNT_ID } from './accounts'
export { JournalMismatchError } from './resilience'
export type { CallContext, Engine, EngineInfo, EngineOptions } from './api'
