/**
 * Data folders with history, written straight to the journal (far faster than placing each
 * order through the engine), for benchmarks and recovery tests. The records are the ones the
 * engine itself writes, so the engine folds them like its own.
 */
import path from 'node:path'
import { DEFAULT_ACCOUNT_ID } from '../../electron/engine'
import { DEFAULT_LIMITS } from '../../electron/engine/execution'
import {
  Journal,
  type GateCheckRecord,
  type StoredPayloads,
  type StoredType,
  type AccountSettings,
} from '../../electron/engine/journal'
import type { RiskLimits } from '../../shared/types'
import { FakeClock } from './fake-clock'

/** Writes a journal with an opened paper account and `orders` filled round-trip orders. */
export async function writeOrderHistory(
  dataDir: string,
  orders: number,
  clock = new FakeClock(),
): Promise<number> {
  const journal = await Journal.open({ dir: path.join(dataDir, 'journal'), clock })
  const accountId = DEFAULT_ACCOUNT_ID
  const pending: Promise<unknown>[] = [
    journal.append('account.opened', {
      accountId,
      name: 'Paper account (simulated market)',
      kind: 'paper',
      quoteAsset: 'USD',
      initialBalance: '10000',
    }),
  ]
  for (let i = 0; i < orders; i++) {
    const side = i % 2 === 0 ? 'buy' : 'sell'
    const orderId = `ord-${journal.head.seq + 1}`
    const price = (3000 + (i % 50)).toFixed(2)
    const fee = '0.18'
    pending.push(
      journal.append('order.intent', {
        orderId,
        accountId,
        clientOrderId: `fixture-${i}`,
        symbol: 'ETH-USD',
        side,
        type: 'market',
        quantity: '0.01',
        source: 'api',
        expectedPrice: price,
      }),
      journal.append('order.gate', {
        orderId,
        accountId,
        passed: true,
        checks: [{ name: 'balance', passed: true, code: 'OK', message: 'Fixture order.' }],
        reserved: side === 'buy' ? '30.18' : '0',
        pre: {
          balance: '10000',
          positions: side === 'buy' ? 0 : 1,
          positionQuantity: side === 'buy' ? '0' : '0.01',
          entryPrice: price,
        },
      }),
      journal.append('order.accepted', { orderId, accountId, brokerOrderId: `paper-${i}` }),
      journal.append('order.fill', {
        fillId: `paper-${i}-1`,
        orderId,
        accountId,
        quantity: '0.01',
        price,
        fee,
        feeAsset: 'USD',
        liquidity: 'taker',
        ts: clock.now(),
      }),
      journal.append('order.closed', { orderId, accountId, status: 'filled', reason: null }),
    )
    if (pending.length > 50_000) await Promise.all(pending.splice(0))
    clock.advance(1_000)
  }
  await Promise.all(pending)
  const records = journal.head.seq
  await journal.close()
  return records
}

/** The record mix of `writeMixedHistory`, in words, for benchmark notes. */
export const MIXED_HISTORY_MIX =
  'each order journaled as the engine does (intent, gate with 17 checks as codes and numbers, accepted, fill, closed, verified with 7 checks); the other records are rejected REST requests (order.malformed, 1 in 50 a body cut at 1 KB, a bot retrying bad input), circuit-breaker cycles (trading.state HALTED, RECOVERING 25 %, 50 %, ACTIVE), risk-limit changes (settings.changed) and account renames (account.updated); 90 days of daily segments'

type Put = <T extends StoredType>(type: T, payload: StoredPayloads[T]) => void

const MIX_START = Date.UTC(2026, 7, 26)
const MIX_DAYS = 90
const BAD_REQUESTS: readonly { raw: (n: number) => string; reason: string }[] = [
  {
    raw: (n) => `{"symbol":"BTC-USD","side":"buy","type":"market","quantity":"0.0${n % 10}x"}`,
    reason:
      'quantity: must be a plain decimal such as "0.25" (digits, one optional point, no exponent)',
  },
  {
    raw: (n) => `{"symbol":"BTCUSD","side":"buy","type":"market","quantity":"0.0${n % 9}1"}`,
    reason: 'symbol: must be one of BTC-USD, ETH-USD, SOL-USD',
  },
  {
    raw: () => '{"symbol":"ETH-USD","side":"long","type":"market","quantity":"0.01"}',
    reason: 'side: must be one of buy, sell',
  },
  {
    raw: (n) => `{"symbol":"ETH-USD","side":"buy","type":"limit","quantity":"0.${n % 7}"}`,
    reason: 'limitPrice: is required for a limit order (the worst price you accept)',
  },
  {
    raw: (n) => `{"symbol":"SOL-USD","side":"sell","type":"market","quantity":-${n % 5}}`,
    reason: `quantity: must be a decimal number written as a string, such as "0.25" (got number)`,
  },
]
const BREAKER_CYCLE = [
  {
    old: 'ACTIVE',
    new: 'HALTED',
    fraction: null,
    reason: 'Circuit breaker tripped: 3 broker errors in a row, the last: ETIMEDOUT.',
  },
  {
    old: 'HALTED',
    new: 'RECOVERING',
    fraction: 0.25,
    reason: 'Cool-down of 5 min over: recovering at 25% order size.',
  },
  {
    old: 'RECOVERING',
    new: 'RECOVERING',
    fraction: 0.5,
    reason: '3 clean verified trades: order size up to 50%.',
  },
  {
    old: 'RECOVERING',
    new: 'ACTIVE',
    fraction: null,
    reason: 'Recovered: 3 clean verified trades at full size.',
  },
] as const

/** The six records of order `k` (buys and sells of ETH-USD in turn), as the engine writes them. */
function putOrder(put: Put, seq: number, k: number, ts: number): void {
  const accountId = DEFAULT_ACCOUNT_ID
  const orderId = `ord-${seq}`
  const side = k % 2 === 0 ? 'buy' : 'sell'
  const price = (3000 + (k % 50) + (side === 'sell' ? 1.5 : 0)).toFixed(2)
  const notional = (Number(price) * 0.01).toFixed(2)
  const balance = (10_000 - 0.37 * Math.floor(k / 2)).toFixed(4)
  put('order.intent', {
    orderId,
    accountId,
    clientOrderId: `bot-${k}`,
    symbol: 'ETH-USD',
    side,
    type: 'market',
    quantity: '0.01',
    limitPrice: null,
    source: 'api',
    expectedPrice: price,
  })
  put('order.gate', {
    orderId,
    accountId,
    passed: true,
    // Each check as the gate journals it: name, code and the numbers of its message.
    checks: gateChecks(side, k, price, notional, balance),
    reserved: side === 'buy' ? (Number(notional) + 0.19).toFixed(4) : '0',
    pre: {
      balance,
      positions: side === 'buy' ? 0 : 1,
      positionQuantity: side === 'buy' ? '0' : '0.01',
      entryPrice: price,
    },
  })
  put('order.accepted', { orderId, accountId, brokerOrderId: `paper-${k}` })
  put('order.fill', {
    fillId: `paper-${k}-1`,
    orderId,
    accountId,
    quantity: '0.01',
    price,
    fee: '0.18',
    feeAsset: 'USD',
    liquidity: 'taker',
    ts,
  })
  put('order.closed', { orderId, accountId, status: 'filled', reason: null })
  put('order.verified', {
    orderId,
    accountId,
    passed: true,
    partial: false,
    checks: [
      {
        name: 'confirmation',
        passed: true,
        message: 'Broker confirmed after 41 ms (limit 10000 ms).',
      },
      { name: 'status', passed: true, message: 'Order is filled.' },
      {
        name: 'filled_quantity',
        passed: true,
        message: 'Filled 0.01 of 0.01 requested (lot size 0.0001).',
      },
      {
        name: 'fill_price',
        passed: true,
        message: `Average fill $${price} against expected $${price}: 0.00 bps slippage, tolerance 50 bps.`,
      },
      {
        name: 'tracker_updated',
        passed: true,
        message: 'Position moved by 0.01 ETH-USD; the fills say 0.01.',
      },
      {
        name: 'balance_updated',
        passed: true,
        message: `Cash moved by $${notional}; quantity × price + fee says $${notional}.`,
      },
      {
        name: 'no_phantom_position',
        passed: true,
        message: 'Tracker holds 0.01 ETH-USD, the broker 0.01.',
      },
    ],
    slippageBps: 0,
    post: {
      balance,
      positions: side === 'buy' ? 1 : 0,
      positionQuantity: side === 'buy' ? '0.01' : '0',
      trackerUpdated: true,
    },
  })
}

/** The gate's checks of a fixture order, as the engine journals them. */
function gateChecks(
  side: 'buy' | 'sell',
  k: number,
  price: string,
  notional: string,
  balance: string,
): GateCheckRecord[] {
  return [
    ['entry_price', 'OK', { price }],
    ['quantity', 'OK', { lot: '0.0001' }],
    ['order_notional', 'OK', { value: notional, min: '1', max: '5000' }],
    ['position_limit', 'OK', { after: notional, max: '5000' }],
    ['open_positions', 'OK', { count: 1, max: 5 }],
    side === 'buy' ? ['balance', 'OK', { need: notional, cash: balance }] : ['balance', 'OK'],
    ['position_tracker', 'OK'],
    ['reconciliation', 'OK'],
    ['journal_verified', 'OK'],
    ['pending_orders', 'OK', { rule: 'per-side' }],
    ['daily_loss', 'OK', { loss: '0.37', max: '500' }],
    ['drawdown', 'OK', { equity: balance, peak: '10000', max: 20 }],
    ['exposure', 'OK', { after: notional, max: '9000' }],
    ['order_rate', 'OK', { count: k % 20, max: 30 }],
    ['price_band', 'OK', { price, last: price, band: 5 }],
    ['market_data', 'OK', { age: 400, max: 10000 }],
    ['trading_state', 'OK', { state: 'ACTIVE' }],
  ]
}

/** Record `seq` of the mix that is not part of an order: block `block`, place `at` in it. */
function putOther(put: Put, seq: number, block: number, at: number): void {
  const accountId = DEFAULT_ACCOUNT_ID
  if (block % 10 === 5 && at >= 1 && at <= 4) {
    const step = BREAKER_CYCLE[at - 1] as (typeof BREAKER_CYCLE)[number]
    put('trading.state', {
      accountId,
      old: step.old,
      new: step.new,
      reason: step.reason,
      by: 'breaker',
      ...(step.fraction === null ? {} : { fraction: step.fraction }),
    })
  } else if (block % 7 === 3 && at === 10) {
    const limits = (n: number): RiskLimits => ({ ...DEFAULT_LIMITS, maxOrdersPerMinute: 20 + n })
    put('settings.changed', {
      accountId,
      key: 'limits',
      old: limits(block % 11),
      new: limits((block + 7) % 11),
    })
  } else if (block % 20 === 7 && at === 20) {
    const settings = (name: string): AccountSettings => ({
      name,
      exchangeId: null,
      priceSource: 'simulator',
      strategiesAllowed: true,
    })
    put('account.updated', {
      accountId,
      old: settings(`Paper ${block}`),
      new: settings(`Paper ${block + 1}`),
    })
  } else {
    const bad = BAD_REQUESTS[seq % BAD_REQUESTS.length] as (typeof BAD_REQUESTS)[number]
    const long = seq % 50 === 0
    put('order.malformed', {
      source: 'api',
      reason: bad.reason,
      raw: long ? `{"symbol":"BTC-USD","note":"${'x'.repeat(990)}` : bad.raw(seq),
      truncated: long,
    })
  }
}

/**
 * Writes records `from`..`to` of a history of `records` records holding `orders` orders (the
 * other records in the mix of MIXED_HISTORY_MIX), spread over 90 days. The history is the same
 * every time, so it can be written in two parts with the engine started in between.
 */
export async function writeMixedHistory(
  dataDir: string,
  {
    orders,
    records,
    from = 1,
    to = records,
  }: { orders: number; records: number; from?: number; to?: number },
): Promise<void> {
  const block = Math.floor(records / orders)
  const step = Math.floor((MIX_DAYS * 86_400_000) / records)
  const clock = new FakeClock(MIX_START + from * step)
  // Unsynced: a fixture is rebuilt, never recovered from a crash; open verifies what is there.
  const journal = await Journal.open({ dir: path.join(dataDir, 'journal'), clock, sync: false })
  if (journal.head.seq !== from - 1)
    throw new Error(`the journal ends at seq ${journal.head.seq}, not ${from - 1}`)
  let durable: Promise<void> = Promise.resolve()
  let written = 0
  const put: Put = (type, payload) => {
    durable = journal.write(type, payload).durable
    written += 1
  }
  for (let seq = from; seq <= to; seq += written) {
    written = 0
    const b = Math.floor((seq - 1) / block)
    const at = (seq - 1) % block
    if (seq === 1)
      put('account.opened', {
        accountId: DEFAULT_ACCOUNT_ID,
        name: 'Paper account (simulated market)',
        kind: 'paper',
        quoteAsset: 'USD',
        initialBalance: '10000',
      })
    else if (at === block - 6 && b < orders) putOrder(put, seq, b, clock.now())
    else putOther(put, seq, b, at)
    clock.advance(step * written)
    // Bounded memory: wait for the group now and then.
    if (seq % 20_000 < written) await durable
  }
  await durable
  const head = journal.head.seq
  await journal.close()
  if (head !== to) throw new Error(`records ${from}..${to} would split an order (ended at ${head})`)
}
