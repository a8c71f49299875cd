/**
 * A journal of many trade decisions for the benchmarks that read the audit history from disk:
 * each decision is written as the engine writes it (intent, gate decision with its checks,
 * and for an accepted order the broker's answer, a fill, the close and the verification),
 * spread over days so the journal has one segment per day. Every 13th is refused by the
 * gate; every 97th fails verification.
 */
import { Journal, type StoredPayloads } from '../../electron/engine/journal'
import type { GateCheck, MarketSymbol } from '../../shared/types'
import { FakeClock } from '../kit/fake-clock'

/** When the first decision is made. */
export const AUDIT_BASE_TS = Date.UTC(2026, 0, 1)
const SYMBOLS: readonly MarketSymbol[] = ['BTC-USD', 'ETH-USD', 'SOL-USD']
const PRICE: Record<string, number> = { 'BTC-USD': 65_000, 'ETH-USD': 3_200, 'SOL-USD': 150 }

const check = (name: string, message: string, passed = true): GateCheck => ({
  name,
  passed,
  code: passed ? 'OK' : 'ORDER_NOTIONAL_ABOVE_MAX',
  message,
})

/** Decisions written and where the first and last begin. */
export interface AuditJournal {
  readonly decisions: number
  readonly records: number
  readonly firstSeq: number
  readonly lastSeq: number
}

/**
 * Writes `count` decisions, `perDay` a day, into a journal in `dir` (not fsynced: a scratch
 * journal, as a rehearsal writes). Returns what it wrote.
 */
export async function writeAuditJournal(
  dir: string,
  count: number,
  perDay: number,
): Promise<AuditJournal> {
  const step = Math.floor(86_400_000 / perDay)
  // The first decision at the start of a day, the last in the last full day.
  const clock = new FakeClock(AUDIT_BASE_TS - step)
  const journal = await Journal.open({ dir, clock, sync: false })
  let firstSeq = 0
  let lastSeq = 0
  let durable: Promise<void> = Promise.resolve()
  for (let i = 1; i <= count; i++) {
    clock.advance(step)
    const seq = journal.head.seq + 1
    firstSeq ||= seq
    lastSeq = seq
    const orderId = `ord-${seq}`
    const accountId = 'paper-1'
    const symbol = SYMBOLS[i % SYMBOLS.length] as MarketSymbol
    const side = i % 2 === 0 ? 'buy' : 'sell'
    const price = (PRICE[symbol] as number) * (1 + ((i % 200) - 100) / 10_000)
    const quantity = symbol === 'BTC-USD' ? '0.001' : symbol === 'ETH-USD' ? '0.05' : '1'
    const refused = i % 13 === 0
    const notional = (price * Number(quantity)).toFixed(2)
    const write = <T extends keyof StoredPayloads>(type: T, payload: StoredPayloads[T]): void => {
      durable = journal.write(type, payload).durable
    }
    write('order.intent', {
      orderId,
      accountId,
      clientOrderId: `bot-${i}`,
      symbol,
      side,
      type: 'market',
      quantity,
      limitPrice: null,
      source: 'api',
      expectedPrice: price.toFixed(2),
    })
    write('order.gate', {
      orderId,
      accountId,
      passed: !refused,
      checks: [
        check('trading_state', 'Trading is active for this account.'),
        check('quote_fresh', `The last ${symbol} price is 0.4 s old, limit 10.0 s.`),
        refused
          ? check(
              'order_notional',
              `Order value $${notional} is above the per-order maximum of $5,000.00 (decision ${i}).`,
              false,
            )
          : check('order_notional', `Order value $${notional} is within $1.00 to $5,000.00.`),
        check('balance', 'Cash covers the order and its fee.'),
      ],
      reserved: refused ? '0' : notional,
      pre: { balance: '10000', positions: 1, positionQuantity: '0', entryPrice: price.toFixed(2) },
    })
    if (!refused) {
      const failed = i % 97 === 0
      const fillPrice = (price * (failed ? 1.00615 : 1.00012)).toFixed(2)
      write('order.accepted', { orderId, accountId, brokerOrderId: `paper-${i}` })
      write('order.fill', {
        fillId: `paper-${i}-1`,
        orderId,
        accountId,
        quantity,
        price: fillPrice,
        fee: '0.39',
        feeAsset: 'USD',
        liquidity: 'taker',
        ts: clock.now(),
      })
      write('order.closed', { orderId, accountId, status: 'filled', reason: null })
      write('order.verified', {
        orderId,
        accountId,
        passed: !failed,
        partial: false,
        checks: [
          { name: 'filled', passed: true, message: `Filled ${quantity} of ${quantity}.` },
          {
            name: 'slippage',
            passed: !failed,
            message: failed
              ? 'Fill price is 61.5 bps from the expected price, tolerance 50 bps.'
              : 'Fill price is 1.2 bps from the expected price, within 50 bps.',
          },
          { name: 'tracker_updated', passed: true, message: 'The position tracker moved.' },
        ],
        slippageBps: failed ? 61.5 : 1.2,
        post: { balance: '9935', positions: 1, positionQuantity: quantity, trackerUpdated: true },
      })
    }
    // Keep the groups in flight bounded, as producers under load do.
    if (i % 2_000 === 0) await durable
  }
  await durable
  const records = journal.head.seq
  await journal.close()
  return { decisions: count, records, firstSeq, lastSeq }
}
