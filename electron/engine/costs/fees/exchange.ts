/**
 * The exchange's own fee figures held against the fees Vigil recorded: each recorded fill of
 * the window looked up among the exchange's trades by id, its fee compared exactly.
 */
import type { ExchangeFeeFigures, FeeDifference } from '../../../../shared/fees'
import type { ExchangeFeeReport } from '../../brokers'
import { dec } from '../../core'

/** A recorded fill's fee. */
export interface RecordedFee {
  readonly fillId: string
  readonly fee: string
  readonly feeAsset: string
}

/** Differences listed at most (the counts cover them all). */
const LISTED = 50

/** The exchange's report against the recorded fills of the window. */
export function compareExchangeFees(
  report: ExchangeFeeReport,
  recorded: readonly RecordedFee[],
): ExchangeFeeFigures {
  if (report.kind === 'paper') return report
  let trades: Extract<ExchangeFeeFigures, { kind: 'exchange' }>['trades'] = null
  if (report.trades) {
    const byId = new Map(report.trades.map((t) => [t.fillId, t]))
    const differing: FeeDifference[] = []
    const missing: string[] = []
    let matching = 0
    let checked = 0
    for (const fill of recorded) {
      const theirs = byId.get(fill.fillId)
      if (!theirs) {
        if (missing.length < LISTED) missing.push(fill.fillId)
        continue
      }
      checked++
      const same =
        theirs.fee !== null &&
        dec(theirs.fee).eq(fill.fee) &&
        (theirs.feeAsset === null || theirs.feeAsset === fill.feeAsset || dec(fill.fee).isZero())
      if (same) matching++
      else if (differing.length < LISTED)
        differing.push({
          fillId: fill.fillId,
          recorded: fill.fee,
          recordedAsset: fill.feeAsset,
          exchange: theirs.fee ?? 'not given',
          exchangeAsset: theirs.feeAsset ?? 'not given',
        })
    }
    trades = { checked, matching, differing, missing }
  }
  return {
    kind: 'exchange',
    venue: report.venue,
    readAt: report.readAt,
    makerRate: report.makerRate,
    takerRate: report.takerRate,
    tier: report.tier,
    trades,
    notes: report.notes,
  }
}
