/**
 * A mock of Kraken's spot REST API (/0/public and /0/private), answering what ccxt 4's
 * `kraken` really calls, in Kraken's JSON shapes: `{ error: [], result }`, asset ids like XXBT
 * and ZUSD, pairs like XXBTZUSD, times in seconds. Private calls must carry a valid API-Sign.
 */
import { createHash, createHmac, timingSafeEqual } from 'node:crypto'
import {
  MockExchange,
  ok,
  type MockFault,
  type MockReply,
  type MockRoute,
  type RecordedRequest,
} from './server'
import { averagePrice, type MockOrder, type MockTrade } from './state'

/** The key pair the mock accepts (Kraken secrets are base64). */
export const KRAKEN_CREDENTIALS = {
  apiKey: 'mock-kraken-key',
  secret: Buffer.from('mock-kraken-secret-0123456789abcdef').toString('base64'),
} as const

const ASSETS: Record<string, { id: string; decimals: number; display: number }> = {
  BTC: { id: 'XXBT', decimals: 10, display: 5 },
  ETH: { id: 'XETH', decimals: 10, display: 5 },
  SOL: { id: 'SOL', decimals: 10, display: 5 },
  USD: { id: 'ZUSD', decimals: 4, display: 2 },
}

const PAIRS: Record<string, { id: string; altname: string; wsname: string; pairDecimals: number }> =
  {
    'BTC-USD': { id: 'XXBTZUSD', altname: 'XBTUSD', wsname: 'XBT/USD', pairDecimals: 1 },
    'ETH-USD': { id: 'XETHZUSD', altname: 'ETHUSD', wsname: 'ETH/USD', pairDecimals: 2 },
    'SOL-USD': { id: 'SOLUSD', altname: 'SOLUSD', wsname: 'SOL/USD', pairDecimals: 2 },
  }

function symbolOfPair(pair: string): string | undefined {
  return Object.keys(PAIRS).find((s) => PAIRS[s]!.id === pair || PAIRS[s]!.altname === pair)
}

/** Options of the Kraken mock. */
export interface KrakenMockOptions {
  /** The mock's clock (epoch ms); defaults to the wall clock. */
  readonly now?: () => number
}

/** A Kraken spot server on 127.0.0.1. */
export class KrakenMock extends MockExchange {
  constructor(options: KrakenMockOptions = {}) {
    super({
      now: options.now ?? (() => Date.now()),
      newOrderId: (n) => `OQCLML-BW3P3-${n.toString(36).toUpperCase().padStart(6, '0')}`,
      newTradeId: (n) => `THVRQM-33VKH-${n.toString(36).toUpperCase().padStart(6, '0')}`,
      makerRate: '0.0016',
      takerRate: '0.0026',
      feeDecimals: 5,
      volume30d: '1250.5',
    })
  }

  /** Starts a Kraken mock on a free port. */
  static async start(options: KrakenMockOptions = {}): Promise<KrakenMock> {
    return new KrakenMock(options).start()
  }

  protected routes(): readonly MockRoute[] {
    return [
      { method: 'GET', path: '/0/public/Assets', handle: () => result(this.assets()) },
      { method: 'GET', path: '/0/public/AssetPairs', handle: () => result(this.assetPairs()) },
      { method: 'GET', path: '/0/public/Ticker', handle: (r) => this.ticker(r) },
      { method: 'POST', path: '/0/private/BalanceEx', handle: () => result(this.balanceEx()) },
      { method: 'POST', path: '/0/private/TradeVolume', handle: (r) => this.tradeVolume(r) },
      { method: 'POST', path: '/0/private/AddOrder', handle: (r) => this.addOrder(r) },
      { method: 'POST', path: '/0/private/QueryOrders', handle: (r) => this.queryOrders(r) },
      { method: 'POST', path: '/0/private/OpenOrders', handle: (r) => this.listOrders(r, 'open') },
      {
        method: 'POST',
        path: '/0/private/ClosedOrders',
        handle: (r) => this.listOrders(r, 'closed'),
      },
      { method: 'POST', path: '/0/private/CancelOrder', handle: (r) => this.cancelOrder(r) },
      { method: 'POST', path: '/0/private/TradesHistory', handle: (r) => this.tradesHistory(r) },
    ]
  }

  protected faultReply(kind: Exclude<MockFault, 'hang'>): MockReply {
    switch (kind) {
      case 'rate_limit':
        return { status: 429, body: { error: ['EAPI:Rate limit exceeded'] } }
      case 'unavailable':
        return { status: 503, body: { error: ['EService:Unavailable'] } }
      case 'auth':
        return { status: 200, body: { error: ['EAPI:Invalid key'] } }
    }
  }

  protected isCreate(request: RecordedRequest): boolean {
    return request.method === 'POST' && request.path === '/0/private/AddOrder'
  }

  protected isPrivate(request: RecordedRequest): boolean {
    return request.path.startsWith('/0/private/')
  }

  protected authenticate(request: RecordedRequest): boolean {
    if (request.headers['api-key'] !== KRAKEN_CREDENTIALS.apiKey) return false
    const nonce = new URLSearchParams(request.body).get('nonce') ?? ''
    const digest = createHash('sha256')
      .update(nonce + request.body)
      .digest()
    const expected = createHmac('sha512', Buffer.from(KRAKEN_CREDENTIALS.secret, 'base64'))
      .update(Buffer.concat([Buffer.from(request.path), digest]))
      .digest()
    const given = Buffer.from(String(request.headers['api-sign'] ?? ''), 'base64')
    return given.length === expected.length && timingSafeEqual(given, expected)
  }

  protected notFound(): MockReply {
    return { status: 404, body: { error: ['EGeneral:Unknown method'] } }
  }

  private assets(): unknown {
    const out: Record<string, unknown> = {}
    for (const [code, a] of Object.entries(ASSETS)) {
      out[a.id] = {
        aclass: 'currency',
        altname: code === 'BTC' ? 'XBT' : code,
        decimals: a.decimals,
        display_decimals: a.display,
        collateral_value: 1,
        status: 'enabled',
      }
    }
    return out
  }

  private assetPairs(): unknown {
    const out: Record<string, unknown> = {}
    for (const [symbol, p] of Object.entries(PAIRS)) {
      const [base, quote] = symbol.split('-') as [string, string]
      out[p.id] = {
        altname: p.altname,
        wsname: p.wsname,
        aclass_base: 'currency',
        base: ASSETS[base]!.id,
        aclass_quote: 'currency',
        quote: ASSETS[quote]!.id,
        lot: 'unit',
        cost_decimals: 5,
        pair_decimals: p.pairDecimals,
        lot_decimals: 8,
        lot_multiplier: 1,
        leverage_buy: [2, 3, 4, 5],
        leverage_sell: [2, 3, 4, 5],
        fees: [
          [0, 0.26],
          [50000, 0.24],
          [100000, 0.22],
          [250000, 0.2],
          [500000, 0.18],
          [1000000, 0.16],
          [2500000, 0.14],
          [5000000, 0.12],
          [10000000, 0.1],
        ],
        fees_maker: [
          [0, 0.16],
          [50000, 0.14],
          [100000, 0.12],
          [250000, 0.1],
          [500000, 0.08],
          [1000000, 0.06],
          [2500000, 0.04],
          [5000000, 0.02],
          [10000000, 0.0],
        ],
        fee_volume_currency: 'ZUSD',
        margin_call: 80,
        margin_stop: 40,
        ordermin: '0.00005',
        costmin: '0.5',
        tick_size: '0.1',
        status: 'online',
        long_position_limit: 250,
        short_position_limit: 200,
      }
    }
    return out
  }

  private ticker(request: RecordedRequest): MockReply {
    const pairs = (request.query.get('pair') ?? '').split(',')
    const out: Record<string, unknown> = {}
    for (const pair of pairs) {
      const symbol = symbolOfPair(pair)
      const q = symbol && this.state.quotes.get(symbol)
      if (!symbol || !q) return ok({ error: ['EQuery:Unknown asset pair'] })
      out[PAIRS[symbol]!.id] = {
        a: [q.ask, '1', '1.000'],
        b: [q.bid, '2', '2.000'],
        c: [q.last, '0.00120000'],
        v: ['105.23481712', '2354.12006911'],
        p: [q.last, q.last],
        t: [1528, 25187],
        l: [q.bid, q.bid],
        h: [q.ask, q.ask],
        o: q.last,
      }
    }
    return result(out)
  }

  private balanceEx(): unknown {
    const out: Record<string, unknown> = {}
    for (const b of this.state.balances()) {
      const id = ASSETS[b.asset]?.id ?? b.asset
      out[id] = { balance: b.free.plus(b.hold).toFixed(10), hold_trade: b.hold.toFixed(10) }
    }
    return out
  }

  private tradeVolume(request: RecordedRequest): MockReply {
    const form = new URLSearchParams(request.body)
    const pairs = (form.get('pair') ?? '').split(',').filter(Boolean)
    const taker: Record<string, unknown> = {}
    const maker: Record<string, unknown> = {}
    for (const pair of pairs) {
      taker[pair] = {
        fee: (Number(this.state.options.takerRate) * 100).toFixed(4),
        minfee: '0.1000',
        maxfee: '0.2600',
        nextfee: '0.2400',
        nextvolume: '50000.0000',
        tiervolume: '0.0000',
      }
      maker[pair] = {
        fee: (Number(this.state.options.makerRate) * 100).toFixed(4),
        minfee: '0.0000',
        maxfee: '0.1600',
        nextfee: '0.1400',
        nextvolume: '50000.0000',
        tiervolume: '0.0000',
      }
    }
    return result({
      currency: 'ZUSD',
      volume: this.state.volume30d.toFixed(4),
      fees: taker,
      fees_maker: maker,
    })
  }

  private addOrder(request: RecordedRequest): MockReply {
    const form = new URLSearchParams(request.body)
    const symbol = symbolOfPair(form.get('pair') ?? '')
    if (!symbol) return ok({ error: ['EQuery:Unknown asset pair'] })
    const type = form.get('ordertype') === 'limit' ? 'limit' : 'market'
    const placed = this.state.place({
      clientOrderId: form.get('cl_ord_id') ?? '',
      symbol,
      side: form.get('type') === 'sell' ? 'sell' : 'buy',
      type,
      quantity: form.get('volume') ?? undefined,
      limitPrice: form.get('price') ?? undefined,
    })
    if (placed === 'insufficient_funds') return ok({ error: ['EOrder:Insufficient funds'] })
    if (typeof placed === 'string') return ok({ error: ['EGeneral:Invalid arguments'] })
    return result({ descr: { order: describe(placed) }, txid: [placed.id] })
  }

  private queryOrders(request: RecordedRequest): MockReply {
    const form = new URLSearchParams(request.body)
    const ids = (form.get('txid') ?? '').split(',').filter(Boolean)
    const withTrades = form.get('trades') === 'true'
    const out: Record<string, unknown> = {}
    for (const id of ids) {
      const order = this.state.order(id)
      if (order) out[id] = this.orderJson(order, withTrades)
    }
    return result(out)
  }

  private listOrders(request: RecordedRequest, which: 'open' | 'closed'): MockReply {
    const form = new URLSearchParams(request.body)
    const clientId = form.get('cl_ord_id')
    const start = form.get('start')
    const withTrades = form.get('trades') === 'true'
    const out: Record<string, unknown> = {}
    const orders = [...this.state.orders]
      .reverse()
      .filter((o) => (which === 'open' ? o.status === 'open' : o.status !== 'open'))
      .filter((o) => clientId === null || o.clientOrderId === clientId)
      .filter((o) => start === null || o.createdAt / 1000 >= Number(start))
    for (const o of orders) out[o.id] = this.orderJson(o, withTrades)
    return result(which === 'open' ? { open: out } : { closed: out, count: orders.length })
  }

  private cancelOrder(request: RecordedRequest): MockReply {
    const form = new URLSearchParams(request.body)
    const clientId = form.get('cl_ord_id')
    const order = clientId
      ? this.state.orders.find((o) => o.clientOrderId === clientId && o.status === 'open')
      : this.state.order(form.get('txid') ?? '')
    if (!order || !this.state.cancel(order.id)) return ok({ error: ['EOrder:Unknown order'] })
    return result({ count: 1 })
  }

  private tradesHistory(request: RecordedRequest): MockReply {
    const form = new URLSearchParams(request.body)
    const start = form.get('start')
    const trades = [...this.state.trades]
      .reverse()
      .filter((t) => start === null || t.ts / 1000 >= Number(start))
    const out: Record<string, unknown> = {}
    for (const t of trades) out[t.id] = this.tradeJson(t)
    return result({ trades: out, count: trades.length })
  }

  private orderJson(order: MockOrder, withTrades: boolean): unknown {
    const pair = PAIRS[order.symbol]!
    const status = order.status === 'filled' ? 'closed' : order.status
    return {
      refid: null,
      userref: 0,
      ...(order.clientOrderId ? { cl_ord_id: order.clientOrderId } : {}),
      status,
      reason: order.status === 'canceled' ? 'User requested' : null,
      opentm: order.createdAt / 1000,
      ...(order.closedAt === null ? {} : { closetm: order.closedAt / 1000 }),
      starttm: 0,
      expiretm: 0,
      descr: {
        pair: pair.altname,
        type: order.side,
        ordertype: order.type,
        price: order.limitPrice ? order.limitPrice.toFixed(pair.pairDecimals) : '0',
        price2: '0',
        leverage: 'none',
        order: describe(order),
        close: '',
      },
      vol: order.quantity.toFixed(8),
      vol_exec: order.filled.toFixed(8),
      cost: order.cost.toFixed(5),
      fee: order.fees.toFixed(5),
      price: averagePrice(order).toFixed(5),
      stopprice: '0.00000',
      limitprice: '0.00000',
      misc: '',
      oflags: 'fciq',
      ...(withTrades ? { trades: this.state.tradesOf(order.id).map((t) => t.id) } : {}),
    }
  }

  private tradeJson(t: MockTrade): unknown {
    const order = this.state.order(t.orderId)
    return {
      ordertxid: t.orderId,
      postxid: `TKH2SE-M7IF5-${t.id.slice(-6)}`,
      pair: PAIRS[t.symbol]!.id,
      time: t.ts / 1000,
      type: t.side,
      ordertype: order?.type ?? 'limit',
      price: t.price.toFixed(5),
      cost: t.price.times(t.quantity).toFixed(5),
      fee: t.fee.toFixed(5),
      vol: t.quantity.toFixed(8),
      margin: '0.00000',
      leverage: '0',
      misc: '',
      trade_id: Number.parseInt(t.id.slice(-6), 36),
      maker: t.liquidity === 'maker',
    }
  }
}

function result(body: unknown): MockReply {
  return ok({ error: [], result: body })
}

function describe(order: MockOrder): string {
  const pair = PAIRS[order.symbol]!
  const price = order.limitPrice
    ? ` @ limit ${order.limitPrice.toFixed(pair.pairDecimals)}`
    : ' @ market'
  return `${order.side} ${order.quantity.toFixed(8)} ${pair.altname}${price}`
}

/** Kraken's id of an asset ('BTC' → 'XXBT'). */
export function krakenAsset(code: string): string {
  return ASSETS[code]?.id ?? code
}
