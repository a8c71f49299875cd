/**
 * The REST API as a bot uses it, against the real engine: orders fill and move the balance,
 * retries are idempotent, and every malformed request is refused with a message that names
 * the problem and changes nothing.
 */
import Decimal from 'decimal.js'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Engine } from '../../../electron/engine'
import { accountState, api, send, startHarness, type Harness } from './server-harness'

let h: Harness
beforeAll(async () => {
  h = await startHarness()
})
afterAll(async () => {
  await h?.stop()
})

const order = (overrides: Record<string, unknown> = {}) => ({
  clientOrderId: 'bot-1',
  symbol: 'BTC-USD',
  side: 'buy',
  type: 'market',
  quantity: '0.01',
  ...overrides,
})

describe('placing an order', () => {
  it('fills a market order and shows it in orders, positions and balances', async () => {
    const before = await api(h, 'GET', '/balances')
    const cashBefore = new Decimal(before.json.balances[0].total)

    const res = await api(h, 'POST', '/orders', order())
    expect(res.status).toBe(201)
    expect(res.json).toMatchObject({
      clientOrderId: 'bot-1',
      symbol: 'BTC-USD',
      side: 'buy',
      quantity: '0.01',
      source: 'api',
      status: 'filled',
      filledQuantity: '0.01',
    })
    expect(res.headers.location).toBe(`/api/v1/orders/${res.json.id}`)
    // The expected slippage journaled with the intent, against the arrival mid, in its parts.
    const cost = res.json.expectedCost
    expect(cost.mid).toBeGreaterThan(0)
    expect(cost.bps).toBeCloseTo(
      Object.values(cost.parts as Record<string, number>).reduce((a, b) => a + b, 0),
      3,
    )
    expect(cost.lowBps).toBeLessThan(cost.bps)
    expect(cost.highBps).toBeGreaterThan(cost.bps)
    expect(cost.usd).toBeCloseTo((cost.bps / 10_000) * 0.01 * cost.mid, 4)

    const got = await api(h, 'GET', `/orders/${res.json.id}`)
    expect(got.status).toBe(200)
    expect(got.json).toEqual(res.json)

    const list = await api(h, 'GET', '/orders')
    expect(list.json.orders.map((o: { id: string }) => o.id)).toContain(res.json.id)

    const positions = await api(h, 'GET', '/positions')
    expect(positions.json.positions).toContainEqual(
      expect.objectContaining({
        symbol: 'BTC-USD',
        quantity: '0.01',
        averagePrice: res.json.averagePrice,
      }),
    )

    const after = await api(h, 'GET', '/balances')
    const spent = new Decimal(res.json.averagePrice)
      .times(res.json.filledQuantity)
      .plus(res.json.fee)
    expect(new Decimal(res.json.fee).greaterThan(0)).toBe(true)
    expect(new Decimal(after.json.balances[0].total).toFixed()).toBe(
      cashBefore.minus(spent).toFixed(),
    )
  })

  it('answers a retry with the same client order id with the same order, and places no second one', async () => {
    const count = (await api(h, 'GET', '/orders')).json.orders.length
    const first = await api(h, 'POST', '/orders', order({ clientOrderId: 'retry-1' }))
    const second = await api(h, 'POST', '/orders', order({ clientOrderId: 'retry-1' }))
    expect([200, 201]).toContain(second.status)
    expect(second.json).toEqual(first.json)
    expect((await api(h, 'GET', '/orders')).json.orders).toHaveLength(count + 1)
    expect((await api(h, 'GET', '/orders/retry-1')).json.id).toBe(first.json.id)
  })

  it('answers 409 when a client order id is reused for a different order', async () => {
    const count = (await api(h, 'GET', '/orders')).json.orders.length
    const res = await api(
      h,
      'POST',
      '/orders',
      order({ clientOrderId: 'retry-1', quantity: '0.02' }),
    )
    expect(res.status).toBe(409)
    expect(res.json.error.code).toBe('CONFLICT')
    expect(res.json.error.message).toContain('retry-1')
    expect((await api(h, 'GET', '/orders')).json.orders).toHaveLength(count)
  })

  it('answers 422 when the gate rejects, with the numbers, and journals the rejected order', async () => {
    const res = await api(
      h,
      'POST',
      '/orders',
      order({ clientOrderId: 'too-big', quantity: '1000' }),
    )
    expect(res.status).toBe(422)
    expect(res.json.error.code).toBe('GATE_REJECTED')
    expect(res.json.error.message).toMatch(
      /Insufficient balance: need \$[\d,]+\.\d\d including fee, have \$[\d,]+\.\d\d/,
    )
    const listed = (await api(h, 'GET', '/orders')).json.orders.find(
      (o: { clientOrderId: string }) => o.clientOrderId === 'too-big',
    )
    expect(listed).toMatchObject({ status: 'rejected', quantity: '1000', source: 'api' })
    expect((await api(h, 'GET', `/orders/${listed.id}`)).json.status).toBe('rejected')
  })

  it('checks a would-be order through the gate without placing or journaling it', async () => {
    const before = await accountState(h)
    const { clientOrderId: _, ...wouldBe } = order({
      side: 'sell',
      quantity: '5',
      symbol: 'ETH-USD',
    })
    const res = await api(h, 'POST', '/order-checks', wouldBe)
    expect(res.status).toBe(200)
    expect(res.json.passed).toBe(false)
    expect(res.json.checks).toHaveLength(17)
    expect(res.json.checks).toContainEqual({
      name: 'balance',
      passed: false,
      code: 'INSUFFICIENT_POSITION',
      message: 'Insufficient ETH-USD to sell: need 5, have 0. Spot accounts cannot sell short.',
    })
    expect(await accountState(h)).toBe(before)
    // What it would cost, with each part in words and numbers.
    expect(res.json.expectedCost).toMatchObject({ ok: true, sizeMethod: 'book-walk' })
    expect(res.json.expectedCost.parts.halfSpread.basis).toMatch(/^spread \d+\.\d\d bps$/)
    const resting = await api(h, 'POST', '/order-checks', {
      ...wouldBe,
      side: 'buy',
      type: 'limit',
      limitPrice: '1.00',
    })
    expect(resting.json.expectedCost.ok).toBe(false)
    expect(resting.json.expectedCost.reason).toMatch(/does not cross the ask .*it rests/)
    const bad = await api(h, 'POST', '/order-checks', { ...wouldBe, type: 'limit' })
    expect(bad.status).toBe(400)
    expect(bad.json.error.message).toBe(
      'limitPrice: is required for a limit order (the worst price you accept)',
    )
  })

  it('filters by account and limit, and names unknown accounts', async () => {
    expect((await api(h, 'GET', '/orders?limit=1')).json.orders).toHaveLength(1)
    expect((await api(h, 'GET', '/balances?accountId=paper-1')).json.balances).toHaveLength(1)
    const unknown = await api(h, 'GET', '/positions?accountId=nobody')
    expect(unknown.status).toBe(404)
    expect(unknown.json.error.message).toContain('nobody')
    const submitted = await api(
      h,
      'POST',
      '/orders',
      order({ clientOrderId: 'x-acct', accountId: 'nobody' }),
    )
    expect(submitted.status).toBe(404)
  })
})

describe('the kill switch over REST', () => {
  it('refuses a call without a reason, then halts everything and reports what it did', async () => {
    const bad = await api(h, 'POST', '/kill-switch', { closePositions: false })
    expect(bad.status).toBe(400)
    expect(bad.json.error.message).toMatch(/reason/)
    const done = await api(h, 'POST', '/kill-switch', {
      closePositions: false,
      reason: 'test of the REST kill switch',
    })
    expect(done.status).toBe(200)
    expect(done.json.status.global).toBe('HALTED')
    const refused = await api(h, 'POST', '/orders', order({ clientOrderId: 'after-kill' }))
    expect(refused.status).toBe(422)
    expect(refused.json.error.message).toContain('Trading is HALTED')
    // Trading resumes by hand, with a reason, for the tests that follow.
    const resumed = await h.engine.handle(
      {
        name: 'trading:set-state',
        payload: { global: true, state: 'ACTIVE', reason: 'kill-switch test over' },
      },
      { source: 'api' },
    )
    expect(resumed.ok).toBe(true)
  })
})

describe('health over REST', () => {
  it('answers GET /health with a fresh round: status and every check with its numbers', async () => {
    const health = await api(h, 'GET', '/health')
    expect(health.status).toBe(200)
    expect(['HEALTHY', 'DEGRADED', 'CRITICAL']).toContain(health.json.status)
    const tracker = health.json.checks.find((c: { name: string }) => c.name === 'tracker')
    expect(tracker).toMatchObject({ level: 'OK', unit: 'records' })
    expect((await api(h, 'GET', '/health?verbose=1')).status).toBe(400)
  })
})

describe('performance and alerts over REST', () => {
  it('answers the metrics of every account, a range, and refuses a bad time', async () => {
    const all = await api(h, 'GET', '/performance')
    expect(all.status).toBe(200)
    expect(all.json.accountId).toBeNull()
    expect(all.json.metrics.trades).toHaveProperty('winRate')
    const ranged = await api(h, 'GET', '/performance?accountId=paper-1&from=0&to=1')
    expect(ranged.json).toMatchObject({ accountId: 'paper-1', from: 0, to: 1, trades: [] })
    const bad = await api(h, 'GET', '/performance?from=yesterday')
    expect(bad.status).toBe(400)
    expect(bad.json.error.message).toMatch(/from must be a time in epoch milliseconds/)
    const backwards = await api(h, 'GET', '/performance?from=2&to=1')
    expect(backwards.json.error.message).toMatch(/from must be before to/)
    const alerts = await api(h, 'GET', '/alerts')
    expect(alerts.json.rules.map((r: { id: string }) => r.id)).toEqual([
      'drawdown',
      'win_rate',
      'consecutive_losses',
      'slippage',
      'low_balance',
      'bot_quiet',
      'fees_above_schedule',
      'execution_costs',
    ])
  })
})

describe('execution costs over REST', () => {
  it('answers actual against expected with the tests, the alarm and the validation figures', async () => {
    const res = await api(h, 'GET', '/costs?accountId=paper-1')
    expect(res.status).toBe(200)
    expect(res.json.accountId).toBe('paper-1')
    // The market orders placed above each carried an estimate and filled: one point each.
    expect(res.json.points.length).toBeGreaterThan(0)
    for (const p of res.json.points) {
      expect(typeof p.expectedBps).toBe('number')
      expect(p.vsExpectedBps).toBeCloseTo(p.actualBps - p.expectedBps, 9)
    }
    expect(res.json.alarms[0]).toMatchObject({ accountId: 'paper-1', k: 0.5, h: 5 })
    expect(res.json.validation.bandCoverage).toBe(0.8)
    expect(res.json.validation.inBand.total).toBe(res.json.points.length)
    // Fewer orders than a test needs: said, with no p-value.
    if (res.json.tests.n < res.json.tests.minFills) {
      expect(res.json.tests.verdict).toBe('not-enough-fills')
      expect(res.json.tests.bias).toBeNull()
    }
    const all = await api(h, 'GET', '/costs')
    expect(all.json.accountId).toBeNull()
  })

  it('refuses an unknown field or account with the reason', async () => {
    const extra = await api(h, 'GET', '/costs?window=30')
    expect(extra.status).toBe(400)
    expect(extra.json.error.message).toMatch(/window/)
    const unknown = await api(h, 'GET', '/costs?accountId=nobody')
    expect(unknown.status).toBeGreaterThanOrEqual(400)
    expect(unknown.json.error.message).toMatch(/nobody/)
  })
})

describe('fees over REST', () => {
  it("answers each account's schedule, tier, fills against the published rates and the exchange's word", async () => {
    const res = await api(h, 'GET', '/costs/fees')
    expect(res.status).toBe(200)
    const account = res.json.accounts.find((a: { accountId: string }) => a.accountId === 'paper-1')
    expect(account).toMatchObject({
      schedule: {
        venue: 'Coinbase Advanced',
        effective: '2022-09-20',
        sourceUrl: 'https://www.coinbase.com/advanced-fees',
      },
      tier: { index: 0, takerRate: '0.006' },
      next: { tier: { from: '10000' } },
      exchange: { kind: 'paper' },
    })
    // The orders placed above paid the first tier's taker rate, to the cent.
    expect(account.analysis.fills.length).toBeGreaterThan(0)
    expect(account.analysis.all.publishedRate).toBe('0.006')
    for (const fill of account.analysis.fills)
      expect(new Decimal(fill.effectiveRate).minus('0.006').abs().toNumber()).toBeLessThan(
        new Decimal('0.005').dividedBy(fill.notional).toNumber(),
      )
    const one = await api(h, 'GET', '/costs/fees?accountId=paper-1&from=0&to=1')
    expect(one.json).toMatchObject({ from: 0, to: 1 })
    expect(one.json.accounts).toHaveLength(1)
    expect(one.json.accounts[0].analysis.fills).toEqual([])
  })

  it('refuses a bad time, a backwards window, an unknown field and an unknown account', async () => {
    const bad = await api(h, 'GET', '/costs/fees?from=last-month')
    expect(bad.status).toBe(400)
    expect(bad.json.error.message).toMatch(/from must be a time in epoch milliseconds/)
    const backwards = await api(h, 'GET', '/costs/fees?from=2&to=1')
    expect(backwards.status).toBe(400)
    expect(backwards.json.error.message).toMatch(/from must be before to/)
    const extra = await api(h, 'GET', '/costs/fees?window=30d')
    expect(extra.status).toBe(400)
    expect(extra.json.error.message).toMatch(/window/)
    const unknown = await api(h, 'GET', '/costs/fees?accountId=nobody')
    expect(unknown.status).toBeGreaterThanOrEqual(400)
    expect(unknown.json.error.message).toMatch(/nobody/)
    const post = await api(h, 'POST', '/costs/fees', {})
    expect(post.status).toBe(405)
  })
})

describe('daily reports over REST', () => {
  it('lists reports and downloads one as HTML', async () => {
    const snap = await h.engine.handle({ name: 'app:get-snapshot', payload: {} }, { source: 'api' })
    const today = new Date(snap.ok ? snap.value.serverTime : 0).toISOString().slice(0, 10)
    const made = await h.engine.handle(
      { name: 'reports:generate', payload: { date: today } },
      { source: 'api' },
    )
    expect(made.ok).toBe(true)
    const list = await api(h, 'GET', '/reports')
    expect(list.json.reports.map((r: { date: string }) => r.date)).toContain(today)
    const file = await api(h, 'GET', `/reports/${today}.html`)
    expect(file.status).toBe(200)
    expect(file.headers['content-type']).toBe('text/html; charset=utf-8')
    expect(file.headers['content-disposition']).toBe(
      `attachment; filename="vigil-report-${today}.html"`,
    )
    expect(file.text).toContain(today)
    // The same protections as every other page the server sends.
    expect(file.headers).toMatchObject({
      'x-content-type-options': 'nosniff',
      'referrer-policy': 'no-referrer',
      'x-frame-options': 'DENY',
    })
    expect(file.headers['content-security-policy']).toContain("default-src 'none'")
    expect(file.headers['content-security-policy']).toContain("frame-ancestors 'none'")
    const missing = await api(h, 'GET', '/reports/2020-01-01.html')
    expect(missing.status).toBe(404)
    const bad = await api(h, 'GET', '/reports/yesterday.html')
    expect(bad.status).toBe(400)
  })
})

describe('reconciliation over REST', () => {
  it('runs, lists, and answers a bad resolution with what is allowed', async () => {
    const run = await api(h, 'POST', '/reconciliation', {})
    expect(run.status).toBe(200)
    expect(run.json.open).toEqual([])
    expect(run.json.runs['paper-1']).toMatchObject({ error: null })
    expect((await api(h, 'GET', '/reconciliation')).json.runs['paper-1'].error).toBeNull()
    const unknown = await api(h, 'POST', '/reconciliation/rec-404', {
      action: 'adopt',
      reason: 'checked at the exchange',
    })
    expect(unknown.status).toBe(404)
    const bad = await api(h, 'POST', '/reconciliation/rec-1', { action: 'ignore', reason: 'x y z' })
    expect(bad.status).toBe(400)
    expect(bad.json.error.message).toBe(
      'action: must be adopt, cancel, mark_closed, accept_drift or dismiss',
    )
  })
})

describe('limit orders over REST', () => {
  it('rests a limit buy below the market, and DELETE cancels it once', async () => {
    const snapshot = await h.engine.handle(
      { name: 'app:get-snapshot', payload: {} },
      { source: 'api' },
    )
    if (!snapshot.ok) throw new Error(snapshot.error.message)
    const ask = Number(snapshot.value.quotes.find((q) => q.symbol === 'BTC-USD')!.ask)
    const limitPrice = (Math.floor(ask * 0.97 * 100) / 100).toFixed(2)
    const placed = await api(
      h,
      'POST',
      '/orders',
      order({ clientOrderId: 'rest-limit', type: 'limit', limitPrice }),
    )
    expect(placed.status).toBe(201)
    expect(placed.json).toMatchObject({ status: 'open', limitPrice })
    const canceled = await api(h, 'DELETE', `/orders/${placed.json.id}`)
    expect(canceled.status).toBe(200)
    expect(canceled.json).toMatchObject({ status: 'canceled', filledQuantity: '0' })
    const again = await api(h, 'DELETE', `/orders/${placed.json.id}`)
    expect(again.status).toBe(409)
    expect(again.json.error.message).toMatch(/already canceled/)
  })
})

describe('refusing malformed requests', () => {
  const valid = { symbol: 'BTC-USD', side: 'buy', type: 'market', quantity: '0.001' }
  const cases: { name: string; body: string; message: RegExp; headers?: Record<string, string> }[] =
    [
      { name: 'invalid JSON', body: '{"symbol": "BTC-USD",', message: /not valid JSON/ },
      {
        name: 'an array',
        body: JSON.stringify([valid]),
        message: /must be a JSON object.*not an array/,
      },
      { name: 'a string', body: '"buy BTC"', message: /must be a JSON object.*not a string/ },
      { name: 'null', body: 'null', message: /must be a JSON object.*not null/ },
      {
        name: 'a missing symbol',
        body: JSON.stringify({ ...valid, symbol: undefined }),
        message: /symbol: is required|symbol: must be one of/,
      },
      {
        name: 'an unknown symbol',
        body: JSON.stringify({ ...valid, symbol: 'DOGE-USD' }),
        message: /symbol: must be one of BTC-USD, ETH-USD, SOL-USD/,
      },
      {
        name: 'a quantity as a number',
        body: JSON.stringify({ ...valid, quantity: 0.001 }),
        message: /quantity: must be a decimal number written as a string.*got number 0.001/,
      },
      {
        name: 'quantity "abc"',
        body: JSON.stringify({ ...valid, quantity: 'abc' }),
        message: /quantity: must be a plain decimal/,
      },
      {
        name: 'quantity "1e5"',
        body: JSON.stringify({ ...valid, quantity: '1e5' }),
        message: /quantity: .*no exponent/,
      },
      {
        name: 'a nested object for quantity',
        body: JSON.stringify({ ...valid, quantity: { value: '1' } }),
        message: /quantity: must be a decimal number written as a string/,
      },
      {
        name: 'side "hold"',
        body: JSON.stringify({ ...valid, side: 'hold' }),
        message: /side: must be one of buy, sell/,
      },
      {
        name: 'type "stop"',
        body: JSON.stringify({ ...valid, type: 'stop' }),
        message: /type: must be one of market, limit/,
      },
      {
        name: 'a limit order without its price',
        body: JSON.stringify({ ...valid, type: 'limit' }),
        message: /limitPrice: is required for a limit order/,
      },
      {
        name: 'an extra field',
        body: JSON.stringify({ ...valid, leverage: 10 }),
        message: /unknown field "leverage"/,
      },
      {
        name: 'a __proto__ key',
        body: '{"symbol":"BTC-USD","side":"buy","type":"market","quantity":"0.001","__proto__":{"admin":true}}',
        message: /"__proto__" is not allowed/,
      },
      {
        name: 'a constructor key',
        body: JSON.stringify({ ...valid, constructor: 'Object' }),
        message: /"constructor" is not allowed/,
      },
      { name: 'an empty body', body: '', message: /body is empty/ },
      {
        name: 'a client order id with spaces',
        body: JSON.stringify({ ...valid, clientOrderId: 'my order' }),
        message: /clientOrderId: may only contain/,
      },
      { name: 'invalid UTF-8', body: '{"symbol":"\xff"}', message: /not valid UTF-8/ },
    ]

  it('answers 400 naming the problem for each malformed body, and changes nothing', async () => {
    const before = await accountState(h)
    for (const c of cases) {
      const body = c.name === 'invalid UTF-8' ? Buffer.from(c.body, 'latin1') : c.body
      const res = await send(h, {
        method: 'POST',
        path: '/api/v1/orders',
        headers: {
          Authorization: `Bearer ${h.token}`,
          'Content-Type': 'application/json',
          ...c.headers,
        },
        body,
      })
      expect(res.status, c.name).toBe(400)
      expect(res.headers['content-type'], c.name).toContain('application/json')
      expect(res.json.error.code, c.name).toBe('INVALID_INPUT')
      expect(res.json.error.message, c.name).toMatch(c.message)
    }
    expect(await accountState(h)).toBe(before)
    expect(({} as Record<string, unknown>).admin).toBeUndefined()
  })

  it('answers 413 to a body over 64 KiB and 415 to a body that is not JSON, and changes nothing', async () => {
    const before = await accountState(h)
    const big = await api(
      h,
      'POST',
      '/orders',
      JSON.stringify({ ...valid, clientOrderId: 'x'.repeat(70 * 1024) }),
    )
    expect(big.status).toBe(413)
    expect(big.json.error.message).toContain('64 KiB')

    // Sent chunked, with no length declared up front.
    const chunked = await send(h, {
      method: 'POST',
      path: '/api/v1/orders',
      headers: {
        Authorization: `Bearer ${h.token}`,
        'Content-Type': 'application/json',
        'Transfer-Encoding': 'chunked',
      },
      body: 'x'.repeat(200 * 1024),
    })
    expect(chunked.status).toBe(413)

    for (const type of [
      'text/plain',
      'application/x-www-form-urlencoded',
      'application/json; charset=latin1',
    ]) {
      const res = await api(h, 'POST', '/orders', JSON.stringify(valid), { 'Content-Type': type })
      expect(res.status, type).toBe(415)
      expect(res.json.error.message).toContain('application/json')
    }
    const none = await send(h, {
      method: 'POST',
      path: '/api/v1/orders',
      headers: { Authorization: `Bearer ${h.token}` },
      body: JSON.stringify(valid),
    })
    expect(none.status).toBe(415)
    expect(await accountState(h)).toBe(before)
  })

  it('answers HEAD on every GET route with the same status and headers as GET, and no body', async () => {
    for (const route of ['/balances', '/orders', '/health', '/audit?limit=5', '/nothing-here']) {
      const get = await api(h, 'GET', route)
      const head = await api(h, 'HEAD', route)
      expect({ route, status: head.status, text: head.text }).toEqual({
        route,
        status: get.status,
        text: '',
      })
      expect(head.headers['content-type']).toBe(get.headers['content-type'])
      expect(head.headers['x-content-type-options']).toBe('nosniff')
      if (route !== '/health')
        expect(head.headers['content-length']).toBe(get.headers['content-length'])
    }
  })

  it('answers 404 to unknown routes and orders, 405 to wrong methods, 400 to unknown query parameters', async () => {
    const unknownRoute = await api(h, 'GET', '/trades')
    expect(unknownRoute.status).toBe(404)
    expect(unknownRoute.json.error.message).toContain('/api/v1/orders')
    expect((await api(h, 'GET', '/orders/ord-999999')).status).toBe(404)
    expect(
      (await send(h, { path: '/api/v2/orders', headers: { Authorization: `Bearer ${h.token}` } }))
        .status,
    ).toBe(404)

    const del = await api(h, 'DELETE', '/orders')
    expect(del.status).toBe(405)
    expect(del.headers.allow).toBe('GET, HEAD, POST')
    expect(del.json.error.code).toBe('METHOD_NOT_ALLOWED')
    expect((await api(h, 'POST', '/balances', {})).status).toBe(405)

    const headOnPost = await api(h, 'HEAD', '/kill-switch')
    expect(headOnPost.status).toBe(405)
    expect(headOnPost.headers.allow).toBe('POST')

    const query = await api(h, 'GET', '/orders?status=open')
    expect(query.status).toBe(400)
    expect(query.json.error.message).toMatch(/Unknown query parameter "status".*accountId, limit/)
    expect((await api(h, 'GET', '/orders?limit=lots')).json.error.message).toContain('whole number')
  })
})

describe('internal failures', () => {
  it('answers 500 with a plain message and never a stack trace', async () => {
    const broken: Engine = {
      info: { dataDir: '', journalSeq: 0, replayed: 0, startupMs: 0, warnings: [] },
      subscribe: () => () => undefined,
      handle: () => Promise.reject(new Error('secret internal detail')),
      recordMalformedOrder: async () => undefined,
      idle: async () => undefined,
      close: async () => undefined,
    }
    const b = await startHarness({ engine: broken })
    try {
      const res = await api(b, 'GET', '/balances')
      expect(res.status).toBe(500)
      expect(res.json.error.code).toBe('INTERNAL')
      expect(res.text).not.toContain('secret internal detail')
      expect(res.text).not.toMatch(/\bat .*\.ts/)
    } finally {
      await b.stop()
    }
  })
})
