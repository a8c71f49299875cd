/** How daily reports are made, as a fold of the journal. */
import { DEFAULT_REPORT_SETTINGS, type ReportSettings } from '../../../shared/performance'
import type { Fold } from '../journal'

/** The report settings in force (the defaults until the trader changes them). */
export const reportSettingsFold: Fold<{ settings: ReportSettings }, ReportSettings> = {
  fromState: (state) => ({ settings: state ?? DEFAULT_REPORT_SETTINGS }),
  toState: ({ settings }) => settings,
  apply: (held, record) => {
    if (record.type === 'reports.settings') held.settings = record.payload
  },
}
