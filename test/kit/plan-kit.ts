/**
 * A validation plan folded from hand-written records, with the plan's service over it: records
 * are journaled by a recorder that folds them at once, on a clock the test moves.
 */
import type { JournalRecord, RecordPayloads, Recorder } from '../../electron/engine/journal'
import { PlanBook, ValidationService } from '../../electron/engine/validation'
import { FakeClock } from './fake-clock'

type Trip = { accountId: string; pnl: string }
type Point = { orderId: string; lowBps: number | null; highBps: number | null; actualBps: number }

/** A plan, its service and a way to write the records its criteria are measured from. */
export function planKit(start = Date.UTC(2026, 2, 1, 9, 0, 0)) {
  const clock = new FakeClock(start)
  const book = new PlanBook()
  let seq = 0
  let lastTrip: { seq: number; trip: Trip } | null = null
  const points = new Map<string, Point[]>()
  const closes: { accountId: string; day: string; equity: string }[] = []
  const trades = {
    get lastTrip() {
      return lastTrip
    },
  }
  const costs = { account: (id: string) => ({ points: points.get(id) ?? [] }) }
  const write = <T extends keyof RecordPayloads>(type: T, payload: RecordPayloads[T]) => {
    seq++
    const record = { seq, ts: clock.now(), type, payload, prev: '', hash: '' } as JournalRecord
    return book.apply(record, trades as never, costs as never)
  }
  const recorder = {
    commit: async (type: keyof RecordPayloads, payload: unknown) => {
      write(type, payload as never)
      return { seq } as never
    },
    nextSeq: () => seq + 1,
    failure: null,
    onFailure: () => undefined,
  } as unknown as Recorder
  let uptime: number | null = 1
  /** Where each uptime asked for began. */
  const uptimeFrom: number[] = []
  const service = new ValidationService({
    clock,
    recorder,
    timeZone: 'UTC',
    book: () => book,
    sources: () => ({
      closes,
      capital: () => 1_000,
      uptime: (from: number) => {
        uptimeFrom.push(from)
        return { uptime, gaps: [] }
      },
      journal: { seq, hash: 'f'.repeat(64) },
    }),
    resolve: (id) => ({ ok: true, value: id }),
  })
  let orders = 0
  return {
    clock,
    book,
    service,
    closes,
    write,
    setUptime: (u: number | null) => (uptime = u),
    uptimeFrom,
    /** An order of `accountId` filled and verified (passed, tracked), its cost inside the band or not. */
    order(
      accountId: string,
      o: {
        passed?: boolean
        tracked?: boolean
        inBand?: boolean | null
        pnl?: number
        drill?: boolean
      } = {},
    ) {
      const orderId = `o${++orders}`
      if (o.drill)
        write('order.intent', {
          orderId,
          accountId,
          clientOrderId: orderId,
          symbol: 'BTC-USD',
          side: 'buy',
          type: 'market',
          quantity: '0.0001',
          source: 'drill',
          expectedPrice: '1',
        })
      const band = o.inBand === undefined ? true : o.inBand
      if (band !== null) {
        const list = points.get(accountId) ?? []
        list.push({ orderId, lowBps: 1, highBps: 5, actualBps: band ? 3 : 9 })
        points.set(accountId, list)
      }
      if (o.pnl !== undefined) {
        lastTrip = { seq: seq + 1, trip: { accountId, pnl: String(o.pnl) } }
        write('order.fill', {
          fillId: `f${orders}`,
          orderId,
          accountId,
          quantity: '1',
          price: '1',
          fee: '0',
          feeAsset: 'USD',
          liquidity: 'taker',
          ts: clock.now(),
        })
      }
      write('order.closed', { orderId, accountId, status: 'filled', reason: null })
      write('order.verified', {
        orderId,
        accountId,
        passed: o.passed ?? true,
        partial: false,
        checks: [],
        slippageBps: 1,
        post: {
          balance: '0',
          positions: 0,
          positionQuantity: '0',
          trackerUpdated: o.tracked ?? true,
        },
      })
    },
  }
}

export const DAY = 86_400_000
