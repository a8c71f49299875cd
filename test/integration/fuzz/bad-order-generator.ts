/**
 * A seeded generator of bad order requests: the same seed gives the same cases, so a failure
 * is reproduced by its index. Each case has the REST body (text, which may be invalid JSON)
 * and the IPC payload (a JS value, which may hold NaN or a 10,000-level object).
 */

/** One generated bad order. */
export interface BadOrder {
  /** Which family of mistakes it comes from, for the failure message and the tally. */
  readonly kind: string
  /** The REST request body. */
  readonly body: string
  /** The value the console would pass to window.vigil.invoke('orders:submit', …). */
  readonly payload: unknown
  /** Well-formed, so the gate (not the schema) must refuse it: zero, negative, too big. */
  readonly gateOnly: boolean
}

/** A small, fast, seeded PRNG (mulberry32). */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

const FIELDS = ['symbol', 'side', 'type', 'quantity', 'clientOrderId', 'accountId'] as const
const REQUIRED = ['symbol', 'side', 'type', 'quantity'] as const
const MEGABYTE = 1_000_000
const DEPTH = 10_000

const NON_FINITE = [Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY]
const ODD_NUMBERS = [
  0,
  -0,
  -1,
  0.01,
  1,
  1e308,
  -1e308,
  Number.MAX_VALUE,
  Number.MIN_VALUE,
  Number.EPSILON,
  Number.MAX_SAFE_INTEGER + 2,
]
// Strings that are not plain decimals (the schema refuses them).
const BAD_DECIMALS = [
  'NaN',
  'Infinity',
  '-Infinity',
  '1e308',
  '1e-8',
  '1E5',
  '0x10',
  '',
  ' ',
  '0.01 ',
  ' 0.01',
  '1,000',
  '1.2.3',
  '+1',
  '.5',
  '5.',
  '--1',
  '١٢٣',
  '0.01\u0000',
  'abc',
  'null',
  'undefined',
  '9'.repeat(41),
  '0.' + '0'.repeat(50) + '1',
]
// Plain decimals the gate refuses: zero, negative, below the lot size, far too big.
const GATE_DECIMALS = [
  '0',
  '0.0',
  '0.00000000',
  '-0',
  '-1',
  '-0.01',
  '0.0000001',
  '99999999',
  '1000000.5',
]
const BAD_SYMBOLS = [
  'DOGE-USD',
  'btc-usd',
  'BTC-USD ',
  'BTC/USD',
  'BTC',
  '',
  'BTC-USD\u0000',
  'ETH-EUR',
  '__proto__',
  'constructor',
]
const BAD_ENUM_STRINGS = ['hold', 'BUY', 'Sell', 'limit', 'stop', '', 'market ', 'true']
const WRONG_TYPES: unknown[] = [null, true, false, [], {}, [1, 2], { value: '1' }, 42, -1, 0]
const BAD_IDS = ['my order', 'x'.repeat(65), 'naïve', '', 'a/b', 'a\nb', '<script>', '../../etc']
const EXTRA_KEYS = [
  'leverage',
  'price',
  'stopLoss',
  'source',
  'status',
  'filledQuantity',
  'admin',
  'x',
]
const INVALID_JSON = [
  '{"symbol":"BTC-USD",',
  '{"symbol":"BTC-USD","side":"buy","type":"market","quantity":"0.01",}',
  "{'symbol':'BTC-USD'}",
  '{symbol:"BTC-USD"}',
  '{"quantity": NaN}',
  '{"quantity": Infinity}',
  '{"quantity": -Infinity}',
  '{"quantity": 0.01} // buy',
  '/* order */ {"quantity":"0.01"}',
  '\uFEFF{"quantity":"0.01"}',
  'undefined',
  'buy 1 BTC',
  '{"quantity":"0.01"}{"quantity":"0.01"}',
  '{"a":1',
  '[',
  '"unterminated',
  '{"quantity":01}',
  '{"quantity":.5}',
  '{"quantity":"\\x41"}',
  '{"symbol":"BTC-USD","quantity":"0.01"\u0001}',
  '\u0001'.repeat(5000),
  'é'.repeat(5000),
]
const NOT_OBJECTS = ['[]', '[{"symbol":"BTC-USD"}]', '"buy"', '42', 'null', 'true', '-1', '1e308']

function base(): Record<string, unknown> {
  return { symbol: 'BTC-USD', side: 'buy', type: 'market', quantity: '0.01' }
}

/** JSON text of a value; NaN and ±Infinity are written as bare words (not valid JSON). */
function looseJson(value: unknown): string {
  return JSON.stringify(value, (_k, v: unknown) =>
    typeof v === 'number' && !Number.isFinite(v) ? `@@${String(v)}@@` : v,
  ).replace(/"@@(NaN|Infinity|-Infinity)@@"/g, '$1')
}

/** A value nested `depth` levels deep, built without recursion. */
function deepObject(depth: number, array: boolean): unknown {
  let value: unknown = '0.01'
  for (let i = 0; i < depth; i++) value = array ? [value] : { a: value }
  return value
}

function deepText(depth: number, array: boolean): string {
  return array
    ? '['.repeat(depth) + '"0.01"' + ']'.repeat(depth)
    : '{"a":'.repeat(depth) + '"0.01"' + '}'.repeat(depth)
}

/** Generates `count` bad orders from `seed`. */
export function generateBadOrders(count: number, seed: number): BadOrder[] {
  const rnd = seededRandom(seed)
  const pick = <T>(list: readonly T[]): T => list[Math.floor(rnd() * list.length)] as T
  const cases: BadOrder[] = []
  const fromObject = (kind: string, payload: Record<string, unknown>, gateOnly = false) =>
    cases.push({ kind, body: looseJson(payload), payload, gateOnly })

  const families: Array<[weight: number, make: () => void]> = [
    [8, () => fromObject('non-finite quantity', { ...base(), quantity: pick(NON_FINITE) })],
    [8, () => fromObject('number quantity', { ...base(), quantity: pick(ODD_NUMBERS) })],
    [10, () => fromObject('bad decimal string', { ...base(), quantity: pick(BAD_DECIMALS) })],
    [
      2,
      () =>
        fromObject(
          'zero, negative or huge quantity',
          { ...base(), quantity: pick(GATE_DECIMALS) },
          true,
        ),
    ],
    [6, () => fromObject('unknown symbol', { ...base(), symbol: pick(BAD_SYMBOLS) })],
    [
      6,
      () => {
        const field = pick(['side', 'type'] as const)
        const bad = rnd() < 0.5 ? pick(BAD_ENUM_STRINGS) : Math.floor(rnd() * 3)
        fromObject('bad side or type', { ...base(), [field]: bad })
      },
    ],
    [
      6,
      () => {
        const order = base()
        const n = 1 + Math.floor(rnd() * REQUIRED.length)
        for (let i = 0; i < n; i++) delete order[pick(REQUIRED)]
        if (Object.keys(order).length === REQUIRED.length) delete order.quantity
        fromObject('missing fields', order)
      },
    ],
    [
      6,
      () => {
        const order = base()
        const key = rnd() < 0.8 ? pick(EXTRA_KEYS) : `k${Math.floor(rnd() * 1e6)}`
        order[key] = rnd() < 0.5 ? pick(WRONG_TYPES) : 'yes'
        fromObject('extra field', order)
      },
    ],
    [
      10,
      () => {
        const field = pick(FIELDS)
        fromObject(`wrong type for ${field}`, { ...base(), [field]: pick(WRONG_TYPES) })
      },
    ],
    [
      4,
      () => {
        const field = pick(['symbol', 'side', 'type'] as const)
        const number = Math.floor(rnd() * 1000)
        fromObject('number where a string belongs', { ...base(), [field]: number })
      },
    ],
    [
      5,
      () => {
        const key = pick(['__proto__', 'constructor', 'prototype'])
        const inner = pick(['{"admin":true}', '{"polluted":1}', '"Object"', 'null', '[]'])
        const nested = rnd() < 0.3
        const body = nested
          ? `{"symbol":"BTC-USD","side":"buy","type":"market","quantity":{"${key}":${inner}}}`
          : `{"symbol":"BTC-USD","side":"buy","type":"market","quantity":"0.01","${key}":${inner}}`
        // JSON.parse makes "__proto__" an own key, as a structured clone from the page would.
        cases.push({ kind: `${key} key`, body, payload: JSON.parse(body), gateOnly: false })
      },
    ],
    [4, () => fromObject('bad client order id', { ...base(), clientOrderId: pick(BAD_IDS) })],
    [
      2,
      () => {
        const accountId = rnd() < 0.5 ? 'no such account!' : 'x'.repeat(65)
        fromObject('bad account id', { ...base(), accountId })
      },
    ],
    [
      6,
      () => {
        const text = pick(INVALID_JSON)
        cases.push({ kind: 'invalid JSON', body: text, payload: text, gateOnly: false })
      },
    ],
    [
      3,
      () => {
        const text = pick(NOT_OBJECTS)
        cases.push({
          kind: 'not an object',
          body: text,
          payload: JSON.parse(text),
          gateOnly: false,
        })
      },
    ],
  ]
  const total = families.reduce((sum, [w]) => sum + w, 0)
  // The costly shapes, a fixed few: megabyte strings and 10,000-level nesting.
  const heavy = (i: number): boolean => {
    if (i % 500 === 7) {
      const field = pick(['quantity', 'symbol', 'clientOrderId', 'extra'] as const)
      const fill = pick(['x', '9', '\u0001', '😀'])
      const make = (big: string): Record<string, unknown> => {
        const order = base()
        if (field === 'extra') order[big.slice(0, 1000)] = big
        else order[field] = big
        return order
      }
      const payload = make(fill.repeat(Math.ceil(MEGABYTE / fill.length)).slice(0, MEGABYTE))
      // Over HTTP the body is kept to about 1 MB of bytes: the server reads an oversized body
      // to the end and throws it away (so its 413 arrives whole); more would only slow the run.
      const bytesPerFill = Buffer.byteLength(JSON.stringify(fill)) - 2
      const body = looseJson(make(fill.repeat(Math.floor(MEGABYTE / bytesPerFill))))
      cases.push({ kind: `1 MB string in ${field}`, body, payload, gateOnly: false })
      return true
    }
    if (i % 500 === 13) {
      const array = rnd() < 0.5
      const field = pick(['quantity', 'symbol', 'extra'] as const)
      const name = field === 'extra' ? 'nested' : field
      const rest = base()
      delete rest[name]
      const body = JSON.stringify(rest).slice(0, -1) + `,"${name}":${deepText(DEPTH, array)}}`
      const payload = { ...rest, [name]: deepObject(DEPTH, array) }
      cases.push({ kind: `${DEPTH}-level nesting`, body, payload, gateOnly: false })
      return true
    }
    return false
  }
  for (let i = 0; cases.length < count; i++) {
    if (heavy(i)) continue
    let r = rnd() * total
    for (const [weight, make] of families) {
      r -= weight
      if (r < 0) {
        make()
        break
      }
    }
  }
  return cases
}
