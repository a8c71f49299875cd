/** Brokers: the interface and the paper exchange. */
export type { Broker, BrokerAck, BrokerFill, BrokerOrderRequest } from './broker'
export { DEFAULT_TAKER_FEE_RATE, PaperBroker } from './paper'
