/**
 * What the journal benchmarks append: realistic order.fill payloads, appended the way the
 * engine does under load (many appends in one turn, so group commit writes them together).
 */
import { performance } from 'node:perf_hooks'
import { Journal } from '../../electron/engine/journal'
import type { RecordPayloads } from '../../electron/engine/journal'
import { systemClock } from '../../electron/host'

/** The fill payload of record `i`, as the paper broker writes it. */
export function fillPayload(i: number): RecordPayloads['order.fill'] {
  return {
    fillId: `paper-${i}-1`,
    orderId: `ord-${i}`,
    accountId: 'paper-1',
    quantity: '0.01',
    price: (65_000 + (i % 1000) / 100).toFixed(2),
    fee: '3.96',
    feeAsset: 'USD',
    liquidity: 'taker',
    ts: 1_795_521_600_000 + i,
  }
}

/**
 * Appends `count` fill records to a journal in `dir` in chunks of `chunk` appends issued
 * together (each chunk one group commit). Like producers under load, the next chunk is
 * appended while the previous one is being written and fsynced, with at most two groups
 * outstanding (the last record of a chunk is durable only once every record before it is).
 * Returns the wall time in ms, from open to the last record durable.
 */
export async function appendFills(dir: string, count: number, chunk: number): Promise<number> {
  const started = performance.now()
  const journal = await Journal.open({ dir, clock: systemClock })
  let previous: Promise<void> = Promise.resolve()
  for (let done = 0; done < count; done += chunk) {
    const end = Math.min(count, done + chunk)
    let durable: Promise<void> = Promise.resolve()
    for (let i = done; i < end; i++) durable = journal.write('order.fill', fillPayload(i)).durable
    await previous
    previous = durable
  }
  await previous
  const elapsed = performance.now() - started
  await journal.close()
  return elapsed
}
