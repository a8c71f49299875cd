/**
 * Data folders with history, written straight to the journal (far faster than placing each
 * order through the engine), for benchmarks and recovery tests. The records are the ones the
 * engine itself writes, so the engine folds them like its own.
 */
import path from 'node:path'
import { Journal } from '../../electron/engine/journal'
import { DEFAULT_ACCOUNT_ID } from '../../electron/engine'
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
