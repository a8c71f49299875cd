/**
 * The ledger's archive: orders and fills it no longer keeps in memory, rebuilt from their
 * journal records through the journal's on-disk index.
 */
import type { Fill, Order } from '../../../shared/types'
import type { JournalIndex, JournalRecord } from '../journal'
import type { OrderArchive } from './ledger'
import { orderFromRecords, type ArchivedOrder } from './order-records'

/** An archive reading the journal through `index`. */
export function journalArchive(index: JournalIndex): OrderArchive {
  const order = (accountId: string, id: string, beforeSeq: number): ArchivedOrder | null => {
    const records = index.orderHistory(id).filter((r) => r.seq < beforeSeq)
    const found = orderFromRecords(records)
    return found?.order.accountId === accountId ? found : null
  }
  return {
    order,
    orders(accountId, upToSeq, count) {
      const out: Order[] = []
      const table = index.decisions
      // Decisions are intents in journal order: walked back from the last at or before upToSeq.
      for (let no = table.find(upToSeq + 1, true) - 1; no >= 0 && out.length < count; no--) {
        const entry = table.get(no)
        if (entry.accountId !== accountId) continue
        const id = index.intentAt(entry.seq)?.payload.orderId
        const found = id === undefined ? null : order(accountId, id, Number.POSITIVE_INFINITY)
        if (found) out.push(found.order)
      }
      return out
    },
    fills(accountId, upToSeq, count) {
      const out: Fill[] = []
      const orders = new Map<string, ArchivedOrder | null>()
      for (let seq = upToSeq; seq >= 1 && out.length < count; seq--) {
        // Newest first, also among the fills of one broker answer (one record, one seq).
        for (const record of index.records(seq).reverse()) {
          if (!isFillOf(record, accountId) || out.length >= count) continue
          const { orderId, fillId } = record.payload
          if (!orders.has(orderId))
            orders.set(orderId, order(accountId, orderId, Number.POSITIVE_INFINITY))
          const fill = orders.get(orderId)?.fills.find((f) => f.id === fillId)
          if (fill) out.push(fill)
        }
      }
      return out
    },
  }
}

function isFillOf(
  record: JournalRecord | null,
  accountId: string,
): record is Extract<JournalRecord, { type: 'order.fill' }> {
  return record?.type === 'order.fill' && record.payload.accountId === accountId
}
