/** The ccxt broker against the Coinbase Advanced Trade mock. */
import { COINBASE_CREDENTIALS, CoinbaseMock } from '../../kit/mock-exchanges'
import { ccxtBrokerSuite } from './ccxt-suite'

ccxtBrokerSuite({
  exchangeId: 'coinbase',
  start: (now) => CoinbaseMock.start({ now }),
  credentials: COINBASE_CREDENTIALS,
  // Not ending in "=", which ccxt would take for a different kind of Coinbase key.
  wrongSecret: 'not-the-coinbase-secret',
  create: ['POST', '/api/v3/brokerage/orders'],
  wireId: (id) => id,
  takerRate: '0.012',
  makerRate: '0.006',
  tier: {
    schedule: /^Coinbase Advanced, tier "Advanced 1" \(as reported on \d{4}-\d\d-\d\d\)$/,
    tierFrom: '0',
    volume30d: '250',
  },
})
