/** Each account's equity at the close of each local day, as a fold of the journal. */
import type { Fold, RecordPayloads } from '../journal'

/** One account's equity at one day's close. */
export type DayClose = RecordPayloads['equity.closed']

/** The day closes, oldest first (one a day per account: it stays small). */
export const dayClosesFold: Fold<DayClose[], readonly DayClose[]> = {
  fromState: (state) => [...(state ?? [])],
  toState: (closes) => closes,
  apply: (closes, record) => {
    if (record.type === 'equity.closed') closes.push(record.payload)
  },
}
