/**
 * A mock of Coinbase Advanced Trade (v3 brokerage API, plus the v2 currency endpoints ccxt's
 * loadMarkets reads), answering what ccxt 4's `coinbase` really calls, in Coinbase's JSON
 * shapes. Private calls must carry a valid legacy HMAC signature (CB-ACCESS-*).
 */
import { createHmac, timingSafeEqual } from 'node:crypto'
import { str } from '../../../electron/engine/core'
import {
  MockExchange,
  iso,
  ok,
  type MockFault,
  type MockReply,
  type MockRoute,
  type RecordedRequest,
} from './server'
import { averagePrice, type MockOrder, type MockTrade } from './state'

/** The key pair the mock accepts. */
export const COINBASE_CREDENTIALS = {
  apiKey: 'mock-coinbase-key',
  secret: 'mock-coinbase-secret',
} as const

const USER_ID = '7c2b6a4e-0000-4000-8000-000000000001'
const PORTFOLIO_ID = '7c2b6a4e-0000-4000-8000-000000000002'

/** Options of the Coinbase mock. */
export interface CoinbaseMockOptions {
  /** The mock's clock (epoch ms); defaults to the wall clock. */
  readonly now?: () => number
}

/** A Coinbase Advanced Trade server on 127.0.0.1. */
export class CoinbaseMock extends MockExchange {
  constructor(options: CoinbaseMockOptions = {}) {
    super({
      now: options.now ?? (() => Date.now()),
      newOrderId: (n) => `0000a1b2-c3d4-4e5f-8a6b-${String(n).padStart(12, '0')}`,
      newTradeId: (n) => `0000f1e2-d3c4-4b5a-9a6b-${String(n).padStart(12, '0')}`,
      makerRate: '0.006',
      takerRate: '0.012',
      feeDecimals: 10,
      volume30d: '250.00',
    })
  }

  /** Starts a Coinbase mock on a free port. */
  static async start(options: CoinbaseMockOptions = {}): Promise<CoinbaseMock> {
    return new CoinbaseMock(options).start()
  }

  protected routes(): readonly MockRoute[] {
    return [
      { method: 'GET', path: '/v2/currencies', handle: () => ok({ data: FIAT }) },
      { method: 'GET', path: '/v2/currencies/crypto', handle: () => ok({ data: CRYPTO }) },
      { method: 'GET', path: '/v2/exchange-rates', handle: () => ok(this.exchangeRates()) },
      {
        method: 'GET',
        path: '/api/v3/brokerage/market/products',
        handle: (r) => ok(this.products(r)),
      },
      {
        method: 'GET',
        path: '/api/v3/brokerage/market/products/{product_id}/ticker',
        handle: (_r, p) => this.ticker(p.product_id!),
      },
      {
        method: 'GET',
        path: '/api/v3/brokerage/transaction_summary',
        handle: () => ok(this.transactionSummary()),
      },
      { method: 'GET', path: '/api/v3/brokerage/accounts', handle: () => ok(this.accounts()) },
      { method: 'POST', path: '/api/v3/brokerage/orders', handle: (r) => this.create(r) },
      {
        method: 'GET',
        path: '/api/v3/brokerage/orders/historical/batch',
        handle: (r) => ok(this.listOrders(r)),
      },
      {
        method: 'GET',
        path: '/api/v3/brokerage/orders/historical/fills',
        handle: (r) => ok(this.fills(r)),
      },
      {
        method: 'GET',
        path: '/api/v3/brokerage/orders/historical/{order_id}',
        handle: (_r, p) => this.getOrder(p.order_id!),
      },
      {
        method: 'POST',
        path: '/api/v3/brokerage/orders/batch_cancel',
        handle: (r) => ok(this.batchCancel(r)),
      },
    ]
  }

  protected faultReply(kind: Exclude<MockFault, 'hang'>): MockReply {
    switch (kind) {
      case 'rate_limit':
        return {
          status: 429,
          headers: { 'retry-after': '1' },
          body: { error: 'rate_limit_exceeded', error_details: '', message: 'Too many requests' },
        }
      case 'unavailable':
        return { status: 503, body: { message: 'service unavailable' } }
      case 'auth':
        return {
          status: 401,
          body: { error: 'unauthorized', error_details: '', message: 'unauthorized' },
        }
    }
  }

  protected isCreate(request: RecordedRequest): boolean {
    return request.method === 'POST' && request.path === '/api/v3/brokerage/orders'
  }

  protected isPrivate(request: RecordedRequest): boolean {
    return request.path.startsWith('/api/v3/brokerage/') && !request.path.includes('/market/')
  }

  protected authenticate(request: RecordedRequest): boolean {
    const { headers } = request
    if (headers['cb-access-key'] !== COINBASE_CREDENTIALS.apiKey) return false
    const timestamp = String(headers['cb-access-timestamp'] ?? '')
    const given = Buffer.from(String(headers['cb-access-sign'] ?? ''), 'hex')
    const expected = createHmac('sha256', COINBASE_CREDENTIALS.secret)
      .update(timestamp + request.method + request.path + request.body)
      .digest()
    return given.length === expected.length && timingSafeEqual(given, expected)
  }

  protected notFound(request: RecordedRequest): MockReply {
    return {
      status: 404,
      body: { error: 'NOT_FOUND', error_details: `no route ${request.path}`, message: 'Not Found' },
    }
  }

  private exchangeRates(): unknown {
    const rates: Record<string, string> = { USD: '1' }
    for (const [symbol, q] of this.state.quotes) {
      rates[symbol.split('-')[0]!] = (1 / Number(q.last)).toPrecision(10)
    }
    return { data: { currency: 'USD', rates } }
  }

  private products(request: RecordedRequest): unknown {
    if (request.query.get('product_type') === 'FUTURE') return { products: [], num_products: 0 }
    const products = [...this.state.quotes].map(([symbol, q]) => {
      const [base, quote] = symbol.split('-') as [string, string]
      return {
        product_id: symbol,
        price: q.last,
        price_percentage_change_24h: '1.25',
        volume_24h: '10967.87426597',
        volume_percentage_change_24h: '-3.5',
        base_increment: '0.00000001',
        quote_increment: '0.01',
        quote_min_size: '1',
        quote_max_size: '150000000',
        base_min_size: '0.00000001',
        base_max_size: '3400',
        base_name: CRYPTO.find((c) => c.code === base)?.name ?? base,
        quote_name: 'US Dollar',
        watched: false,
        is_disabled: false,
        new: false,
        status: 'online',
        cancel_only: false,
        limit_only: false,
        post_only: false,
        trading_disabled: false,
        auction_mode: false,
        product_type: 'SPOT',
        quote_currency_id: quote,
        base_currency_id: base,
        fcm_trading_session_details: null,
        mid_market_price: '',
        alias: '',
        alias_to: [],
        base_display_symbol: base,
        quote_display_symbol: quote,
        view_only: false,
        price_increment: '0.01',
        display_name: symbol,
        product_venue: 'CBE',
        approximate_quote_24h_volume: '712345678.90',
      }
    })
    return { products, num_products: products.length }
  }

  private ticker(productId: string): MockReply {
    const q = this.state.quotes.get(productId)
    if (!q) return { status: 404, body: { error: 'NOT_FOUND', message: 'product not found' } }
    return ok({
      trades: [
        {
          trade_id: '518078013',
          product_id: productId,
          price: q.last,
          size: '0.00659179',
          time: iso(this.state.options.now()),
          side: 'BUY',
          bid: '',
          ask: '',
          exchange: 'coinbase',
        },
      ],
      best_bid: q.bid,
      best_ask: q.ask,
    })
  }

  private transactionSummary(): unknown {
    const volume = str(this.state.volume30d)
    return {
      total_volume: Number(volume),
      total_fees: 2.99,
      fee_tier: {
        pricing_tier: 'Advanced 1',
        usd_from: '0',
        usd_to: '1000',
        taker_fee_rate: this.state.options.takerRate,
        maker_fee_rate: this.state.options.makerRate,
        aop_from: '',
        aop_to: '',
      },
      margin_rate: null,
      goods_and_services_tax: null,
      advanced_trade_only_volume: Number(volume),
      advanced_trade_only_fees: 2.99,
      coinbase_pro_volume: 0,
      coinbase_pro_fees: 0,
      total_balance: '',
      has_promo_fee: false,
    }
  }

  private accounts(): unknown {
    const accounts = this.state.balances().map((b, i) => ({
      uuid: `8bfc20d7-f7c6-4422-bf07-${String(i + 1).padStart(12, '0')}`,
      name: `${b.asset} Wallet`,
      currency: b.asset,
      available_balance: { value: str(b.free), currency: b.asset },
      default: b.asset === 'USD',
      active: true,
      created_at: '2024-01-31T20:03:31.000Z',
      updated_at: '2024-01-31T20:03:31.000Z',
      deleted_at: null,
      type: b.asset === 'USD' ? 'ACCOUNT_TYPE_FIAT' : 'ACCOUNT_TYPE_CRYPTO',
      ready: true,
      hold: { value: str(b.hold), currency: b.asset },
      retail_portfolio_id: PORTFOLIO_ID,
      platform: 'ACCOUNT_PLATFORM_CONSUMER',
    }))
    return { accounts, has_next: false, cursor: '', size: accounts.length }
  }

  private create(request: RecordedRequest): MockReply {
    const body = JSON.parse(request.body || '{}') as CreateBody
    const config = body.order_configuration ?? {}
    const clientOrderId = body.client_order_id ?? ''
    // Coinbase answers a reused client order id with the order it already has.
    const existing = this.state.orderByClientId(clientOrderId)
    if (existing && clientOrderId) return ok(this.created(existing, config))
    const limit = config.limit_limit_gtc
    const market = config.market_market_ioc
    const side = body.side === 'SELL' ? 'sell' : 'buy'
    const placed = this.state.place({
      clientOrderId,
      symbol: body.product_id ?? '',
      side,
      type: limit ? 'limit' : 'market',
      quantity: limit?.base_size ?? market?.base_size,
      quoteSize: market?.quote_size,
      limitPrice: limit?.limit_price,
    })
    if (typeof placed === 'string') return ok(this.failed(placed, config))
    return ok(this.created(placed, config))
  }

  private created(order: MockOrder, config: unknown): unknown {
    return {
      success: true,
      success_response: {
        order_id: order.id,
        product_id: order.symbol,
        side: order.side.toUpperCase(),
        client_order_id: order.clientOrderId,
        attached_order_id: '',
      },
      order_configuration: config,
    }
  }

  private failed(reason: string, config: unknown): unknown {
    const errors: Record<string, { error: string; message: string; preview: string }> = {
      insufficient_funds: {
        error: 'INSUFFICIENT_FUND',
        message: 'Insufficient balance in source account',
        preview: 'PREVIEW_INSUFFICIENT_FUND',
      },
      unknown_symbol: {
        error: 'INVALID_ARGUMENT',
        message: 'ProductID is invalid',
        preview: 'PREVIEW_INVALID_PRODUCT_ID',
      },
      invalid: {
        error: 'INVALID_ARGUMENT',
        message: 'Invalid order configuration',
        preview: 'PREVIEW_INVALID_ORDER_CONFIG',
      },
    }
    const e = errors[reason]!
    return {
      success: false,
      failure_reason: 'UNKNOWN_FAILURE_REASON',
      order_id: '',
      error_response: {
        error: e.error,
        message: e.message,
        error_details: '',
        preview_failure_reason: e.preview,
      },
      order_configuration: config,
    }
  }

  private getOrder(orderId: string): MockReply {
    const order = this.state.order(orderId)
    if (!order)
      return {
        status: 404,
        body: {
          error: 'NOT_FOUND',
          error_details: 'order with this orderID was not found',
          message: 'order with this orderID was not found',
        },
      }
    return ok({ order: this.orderJson(order) })
  }

  private listOrders(request: RecordedRequest): unknown {
    const statuses = request.query.getAll('order_status')
    const products = [...request.query.getAll('product_id'), ...request.query.getAll('product_ids')]
    const start = request.query.get('start_date')
    const limit = Number(request.query.get('limit') ?? '100')
    const orders = [...this.state.orders]
      .reverse()
      .filter((o) => statuses.length === 0 || statuses.includes(statusOf(o)))
      .filter((o) => products.length === 0 || products.includes(o.symbol))
      .filter((o) => start === null || o.createdAt >= Date.parse(start))
      .slice(0, limit)
    return {
      orders: orders.map((o) => this.orderJson(o)),
      sequence: '0',
      has_next: false,
      cursor: '',
    }
  }

  private fills(request: RecordedRequest): unknown {
    const orderIds = [...request.query.getAll('order_id'), ...request.query.getAll('order_ids')]
    const product = request.query.get('product_id')
    const start = request.query.get('start_sequence_timestamp')
    const fills = [...this.state.trades]
      .reverse()
      .filter((t) => orderIds.length === 0 || orderIds.includes(t.orderId))
      .filter((t) => product === null || t.symbol === product)
      .filter((t) => start === null || t.ts >= Date.parse(start))
      .map((t) => fillJson(t))
    return { fills, cursor: '' }
  }

  private batchCancel(request: RecordedRequest): unknown {
    const body = JSON.parse(request.body || '{}') as { order_ids?: string[] }
    const results = (body.order_ids ?? []).map((id) => {
      const order = this.state.order(id)
      const canceled = this.state.cancel(id)
      return {
        success: canceled,
        failure_reason: canceled
          ? 'UNKNOWN_CANCEL_FAILURE_REASON'
          : order
            ? 'COMMANDER_REJECTED_CANCEL_ORDER'
            : 'UNKNOWN_CANCEL_ORDER',
        order_id: id,
      }
    })
    return { results }
  }

  private orderJson(order: MockOrder): unknown {
    const config = order.limitPrice
      ? {
          limit_limit_gtc: {
            base_size: str(order.quantity),
            limit_price: str(order.limitPrice),
            post_only: false,
          },
        }
      : order.quoteSize
        ? { market_market_ioc: { quote_size: str(order.quoteSize) } }
        : { market_market_ioc: { base_size: str(order.quantity) } }
    const trades = this.state.tradesOf(order.id)
    const completion = order.filled.dividedBy(order.quantity).times(100)
    return {
      order_id: order.id,
      product_id: order.symbol,
      user_id: USER_ID,
      order_configuration: config,
      side: order.side.toUpperCase(),
      client_order_id: order.clientOrderId,
      status: statusOf(order),
      time_in_force: order.type === 'limit' ? 'GOOD_UNTIL_CANCELLED' : 'IMMEDIATE_OR_CANCEL',
      created_time: iso(order.createdAt),
      completion_percentage: completion.toFixed(2),
      filled_size: str(order.filled),
      average_filled_price: str(averagePrice(order)),
      fee: '',
      number_of_fills: String(trades.length),
      filled_value: str(order.cost),
      pending_cancel: false,
      size_in_quote: order.quoteSize !== null,
      total_fees: str(order.fees),
      size_inclusive_of_fees: false,
      total_value_after_fees: str(
        order.side === 'buy' ? order.cost.plus(order.fees) : order.cost.minus(order.fees),
      ),
      trigger_status: 'INVALID_ORDER_TYPE',
      order_type: order.type.toUpperCase(),
      reject_reason: 'REJECT_REASON_UNSPECIFIED',
      settled: order.status !== 'open',
      product_type: 'SPOT',
      reject_message: '',
      cancel_message: order.status === 'canceled' ? 'User requested cancel' : '',
      order_placement_source: 'RETAIL_ADVANCED',
      outstanding_hold_amount: str(order.held),
      is_liquidation: false,
      last_fill_time: trades.length ? iso(trades[trades.length - 1]!.ts) : null,
      edit_history: [],
      leverage: '',
      margin_type: 'UNKNOWN_MARGIN_TYPE',
      retail_portfolio_id: PORTFOLIO_ID,
    }
  }
}

interface CreateBody {
  client_order_id?: string
  product_id?: string
  side?: string
  order_configuration?: {
    limit_limit_gtc?: { base_size?: string; limit_price?: string }
    market_market_ioc?: { base_size?: string; quote_size?: string }
  }
}

function statusOf(order: MockOrder): string {
  return { open: 'OPEN', filled: 'FILLED', canceled: 'CANCELLED' }[order.status]
}

function fillJson(t: MockTrade): unknown {
  return {
    entry_id: `${t.id.replace(/-/g, '')}e0`,
    trade_id: t.id,
    order_id: t.orderId,
    trade_time: iso(t.ts),
    trade_type: 'FILL',
    price: str(t.price),
    size: str(t.quantity),
    commission: str(t.fee),
    product_id: t.symbol,
    sequence_timestamp: iso(t.ts),
    liquidity_indicator: t.liquidity.toUpperCase(),
    size_in_quote: false,
    user_id: USER_ID,
    side: t.side.toUpperCase(),
    retail_portfolio_id: PORTFOLIO_ID,
  }
}

const FIAT = [
  { id: 'USD', name: 'US Dollar', min_size: '0.01' },
  { id: 'EUR', name: 'Euro', min_size: '0.01' },
]

const CRYPTO = [
  {
    asset_id: '5b71fc48-3dd3-540c-809b-f8c94d0e68b5',
    code: 'BTC',
    name: 'Bitcoin',
    color: '#F7931A',
    sort_index: 100,
    exponent: 8,
    type: 'crypto',
    address_regex:
      '^([13][a-km-zA-HJ-NP-Z1-9]{25,34})|^(bc1[qzry9x8gf2tvdw0s3jn54khce6mua7l]([qpzry9x8gf2tvdw0s3jn54khce6mua7l]{38}|[qpzry9x8gf2tvdw0s3jn54khce6mua7l]{58}))$',
  },
  {
    asset_id: 'd85dce9b-5b73-5c3c-8978-522ce1d1c1b4',
    code: 'ETH',
    name: 'Ethereum',
    color: '#627EEA',
    sort_index: 102,
    exponent: 8,
    type: 'crypto',
    address_regex: '^(?:0x)?[0-9a-fA-F]{40}$',
  },
  {
    asset_id: '4f039497-3af8-5bb3-951c-6df9afa9be1c',
    code: 'SOL',
    name: 'Solana',
    color: '#9945FF',
    sort_index: 130,
    exponent: 9,
    type: 'crypto',
    address_regex: '^[1-9A-HJ-NP-Za-km-z]{32,44}$',
  },
]
