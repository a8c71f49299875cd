/** Mock exchange servers for the ccxt adapter tests: Coinbase Advanced Trade and Kraken. */
export { COINBASE_CREDENTIALS, CoinbaseMock, type CoinbaseMockOptions } from './coinbase'
export { KRAKEN_CREDENTIALS, KrakenMock, krakenAsset, type KrakenMockOptions } from './kraken'
export {
  MockExchange,
  matchPath,
  type MockFault,
  type MockReply,
  type MockRoute,
  type RecordedRequest,
} from './server'
export {
  MockExchangeState,
  averagePrice,
  type MockOrder,
  type MockOrderInput,
  type MockQuote,
  type MockTrade,
} from './state'
