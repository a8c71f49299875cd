/** The ccxt broker against the Kraken mock. */
import { uuidFrom } from '../../../electron/engine/brokers/ccxt-profiles'
import { KRAKEN_CREDENTIALS, KrakenMock } from '../../kit/mock-exchanges'
import { ccxtBrokerSuite } from './ccxt-suite'

ccxtBrokerSuite({
  exchangeId: 'kraken',
  start: (now) => KrakenMock.start({ now }),
  credentials: KRAKEN_CREDENTIALS,
  wrongSecret: Buffer.from('not-the-kraken-secret').toString('base64'),
  create: ['POST', '/0/private/AddOrder'],
  // Kraken takes a UUID as client order id; ours is turned into one, the same every time.
  wireId: uuidFrom,
  takerRate: '0.0026',
  makerRate: '0.0016',
  tier: {
    schedule: /^Kraken \(as reported on \d{4}-\d\d-\d\d\)$/,
    tierFrom: '0',
    volume30d: '1250.5',
  },
})
