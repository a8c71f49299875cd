/**
 * Brokers: the `Broker` interface every venue answers to and its error, the paper exchange and
 * its fee schedules. The ccxt adapter lives here too but is not exported: it is loaded on
 * demand when an exchange account connects.
 */
export {
  BrokerError,
  type Broker,
  type BrokerAck,
  type BrokerOpenOrder,
  type BrokerErrorCode,
  type BrokerFill,
  type BrokerOrderRequest,
  type BrokerUpdate,
  type FeeTierInfo,
} from './broker'
export {
  COINBASE_ADVANCED_2022_09_20,
  FEE_SCHEDULES,
  feeTierFor,
  scheduleLabel,
} from './fee-schedules'
export { DEFAULT_TAKER_FEE_RATE, PaperBroker, type PaperBrokerOptions } from './paper'
export {
  CredentialError,
  summarize,
  validateCredentials,
  type CredentialStore,
  type CredentialStoreDescription,
  type CredentialSummary,
  type ExchangeCredentials,
  type StoredCredentials,
} from './credentials'
export { asExchangeBroker, connectExchange, type ClosableBroker } from './exchange'
