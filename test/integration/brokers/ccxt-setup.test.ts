/**
 * Setting a ccxt account up: the sandbox flag, exchanges Vigil cannot trade on, missing keys,
 * and how each kind of ccxt error is classified.
 */
import * as ccxt from 'ccxt'
import { afterEach, describe, expect, it } from 'vitest'
import { BrokerError } from '../../../electron/engine/brokers/broker'
import { CcxtBroker, type CcxtBrokerOptions } from '../../../electron/engine/brokers/ccxt-broker'
import { toBrokerError } from '../../../electron/engine/brokers/ccxt-errors'
import { KRAKEN_CREDENTIALS, KrakenMock } from '../../kit/mock-exchanges'
import { SteppedClock, drive, rejectionOf } from './ccxt-harness'

const clock = new SteppedClock()

function options(overrides: Partial<CcxtBrokerOptions>): CcxtBrokerOptions {
  return {
    accountId: 'acct-live',
    exchangeId: 'kraken',
    credentials: KRAKEN_CREDENTIALS,
    clock,
    enableRateLimit: false,
    ...overrides,
  }
}

function refusal(build: () => unknown): BrokerError {
  try {
    build()
  } catch (error) {
    if (error instanceof BrokerError) return error
    throw error
  }
  throw new Error('Expected the broker to be refused')
}

describe('the sandbox flag', () => {
  let mock: KrakenMock | null = null
  afterEach(async () => {
    await mock?.close()
    mock = null
  })

  it('is refused, with what to do instead, for exchanges with no sandbox', () => {
    for (const exchangeId of ['coinbase', 'kraken']) {
      const error = refusal(() => new CcxtBroker(options({ exchangeId, sandbox: true })))
      expect(error.code).toBe('not_supported')
      expect(error.message).toMatch(/has no sandbox .*Turn the sandbox flag off/)
    }
  })

  it("switches ccxt to the exchange's sandbox URLs when it has one", () => {
    const broker = new CcxtBroker(options({ exchangeId: 'gemini', sandbox: true }))
    expect(broker.exchange.urls.api).toMatchObject({ private: 'https://api.sandbox.gemini.com' })
    expect(broker.status().sandbox).toBe(true)
  })

  it('sends everything to the sandbox, and nothing to the real exchange', async () => {
    mock = await KrakenMock.start({ now: () => clock.now() })
    // The "real" exchange is a port nobody listens on.
    const urls = { api: 'http://127.0.0.1:9', sandbox: mock.url }
    const sandboxed = new CcxtBroker(options({ urls, sandbox: true }))
    expect(await drive(clock, sandboxed.balances('acct-live'))).toMatchObject({ USD: '10000' })

    const real = new CcxtBroker(options({ urls, maxAttempts: 2 }))
    const error = await rejectionOf(drive(clock, real.balances('acct-live')))
    expect(error).toMatchObject({ code: 'network', kind: 'transient' })
  })
})

describe('setting up an exchange account', () => {
  it('refuses an exchange id ccxt does not know', () => {
    const error = refusal(() => new CcxtBroker(options({ exchangeId: 'no-such-exchange' })))
    expect(error.code).toBe('not_supported')
    expect(error.message).toMatch(/does not know an exchange called "no-such-exchange"/)
  })

  it('refuses an exchange that cannot do what trading needs, saying what is missing', () => {
    const error = refusal(() => new CcxtBroker(options({ exchangeId: 'coinspot' })))
    expect(error.code).toBe('not_supported')
    expect(error.message).toMatch(/CoinSpot cannot look an order up, list open orders through ccxt/)
  })

  it('refuses an account without the keys the exchange needs', () => {
    const error = refusal(
      () => new CcxtBroker(options({ credentials: { apiKey: 'key-only', secret: '' } })),
    )
    expect(error.code).toBe('authentication')
    expect(error.message).toMatch(/Kraken needs API key, secret/)
  })

  it('says how it copes when orders cannot be looked up by client order id', () => {
    const broker = new CcxtBroker(options({ exchangeId: 'gemini' }))
    expect(broker.status().notes.join(' ')).toMatch(/never sends it again/)
  })

  it('serves only its own account', async () => {
    const broker = new CcxtBroker(options({}))
    await expect(broker.balances('someone-else')).rejects.toThrow(/serves account acct-live/)
  })
})

describe('ccxt errors in the engine’s terms', () => {
  const cases: [new (message: string) => Error, string, 'transient' | 'permanent'][] = [
    [ccxt.NetworkError, 'network', 'transient'],
    [ccxt.RequestTimeout, 'timeout', 'transient'],
    [ccxt.RateLimitExceeded, 'rate_limited', 'transient'],
    [ccxt.DDoSProtection, 'rate_limited', 'transient'],
    [ccxt.ExchangeNotAvailable, 'unavailable', 'transient'],
    [ccxt.OnMaintenance, 'unavailable', 'transient'],
    [ccxt.InsufficientFunds, 'insufficient_funds', 'permanent'],
    [ccxt.InvalidOrder, 'invalid_order', 'permanent'],
    [ccxt.BadSymbol, 'invalid_order', 'permanent'],
    [ccxt.BadRequest, 'invalid_order', 'permanent'],
    [ccxt.AuthenticationError, 'authentication', 'permanent'],
    [ccxt.PermissionDenied, 'authentication', 'permanent'],
    [ccxt.OrderNotFound, 'not_found', 'permanent'],
    [ccxt.NotSupported, 'not_supported', 'permanent'],
  ]

  const kraken = new ccxt.kraken()
  it.each(cases.map(([E, code, kind]) => [E.name, E, code, kind] as const))(
    '%s is %s',
    (_name, ErrorClass, code, kind) => {
      const error = toBrokerError(
        new ErrorClass('kraken {"error":["EGeneral:Something"]}'),
        'Kraken',
        kraken,
      )
      expect(error).toMatchObject({ code, kind })
      expect(error.message).toMatch(/^Kraken|Could not reach Kraken/)
      expect(error.message).toContain('Kraken said: {"error":["EGeneral:Something"]}')
    },
  )

  it('keeps signatures, keys and query strings out of the words that reach the console and journal', () => {
    // As ccxt words a failed call to an exchange that signs in the address (Binance).
    const signed = toBrokerError(
      new ccxt.OrderNotFound(
        'binance GET https://api.binance.com/api/v3/order?symbol=BTCUSDT&orderId=42&timestamp=1795521600000&signature=9f2c0a5b7e1d 400 Bad Request {"code":-2013,"msg":"Order does not exist."}',
      ),
      'Binance',
      new ccxt.binance(),
    )
    expect(signed.message).toBe(
      'Binance has no such order. (Binance said: GET https://api.binance.com/api/v3/order 400 Bad Request {"code":-2013,"msg":"Order does not exist."})',
    )
    // An exchange that echoes the request's credentials in its answer.
    const echoed = toBrokerError(
      new ccxt.AuthenticationError(
        'kraken {"error":["EAPI:Invalid key"],"apiKey":"AKEXAMPLE123","API-Sign":"c2lnbmF0dXJl"}',
      ),
      'Kraken',
      kraken,
    )
    expect(echoed.message).toContain(
      'Kraken said: {"error":["EAPI:Invalid key"],"apiKey":"[removed]","API-Sign":"[removed]"}',
    )
    expect(echoed.message).not.toMatch(/AKEXAMPLE123|c2lnbmF0dXJl/)
  })

  it('lets a bug through as it is, not as a broker problem', () => {
    const bug = new TypeError('x is undefined')
    expect(() => toBrokerError(bug, 'Kraken')).toThrow(bug)
  })
})
