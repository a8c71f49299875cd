/**
 * Daily performance reports: built from plain data or from the journal, with recommendations
 * from explicit rules, rendered as JSON, CSV and a self-contained HTML file, saved and listed
 * in a reports folder; and the fold of the report settings.
 */
export { BASELINE_DAYS, TOP_TRADES, buildDailyReport } from './build'
export { isIsoDate, startOfDate } from './calendar'
export { esc } from './charts'
export { REPORT_BASE_CSS } from './report-css'
export { formatPct, formatRatio, formatUsd } from './format'
export { openingCapital, type AccountOpening, type ReportInput } from './input'
export { reportInputFromJournal, type JournalReportOptions } from './journal-input'
export {
  CSV_HEADER,
  CSV_TRADES_HEADER,
  parseReportJson,
  renderReportCsv,
  renderReportJson,
} from './render'
export { renderReportHtml } from './render-html'
export { REPORT_RULES, recommend } from './rules'
export { listReports, readReport, reportFiles, reportInfo, saveReport } from './store'
export { reportSettingsFold } from './report-settings'
export { ReportService } from './report-service'
