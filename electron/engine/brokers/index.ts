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
  type ExchangeFeeReport,
  type ExchangeTradeFee,
  type FeeTierInfo,
} from './broker'
export {
  feeTierFor,
  feeTierIndex,
  publishedRate,
  scheduleKnows,
  scheduleLabel,
  type FeeDiscount,
  type FeeSchedule,
  type FeeTier,
} from './fee-schedules'
export {
  BINANCE_SPOT_2021_12_21,
  COINBASE_ADVANCED_2022_09_20,
  FEE_SCHEDULES,
  KRAKEN_PRO_2026_05_30,
  scheduleForExchange,
} from './fee-schedule-data'
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
