/**
 * The look every report page shares (the daily report, the validation audit): ink, lines,
 * headings, tables, verdict badges, chart frames and A4 pages. Each page adds its own rules.
 */
export const REPORT_BASE_CSS = `
:root { --ink:#1f2933; --muted:#616e7c; --line:#d9e2ec; --soft:#f5f7fa; --pass:#0f7b3f; --fail:#b42318; --warn:#b54708; --info:#1d4ed8; }
* { box-sizing: border-box; }
html { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
body { margin: 0; color: var(--ink); background: #fff; font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; }
main { max-width: 980px; margin: 0 auto; padding: 28px 32px 40px; }
header.top { border-bottom: 3px solid var(--ink); padding-bottom: 12px; margin-bottom: 8px; }
header.top .brand { font-size: 12px; letter-spacing: .08em; text-transform: uppercase; color: var(--muted); }
h1 { font-size: 26px; margin: 2px 0 4px; }
h2 { font-size: 18px; margin: 28px 0 10px; padding-bottom: 4px; border-bottom: 1px solid var(--line); }
h3 { font-size: 14px; margin: 16px 0 6px; }
p { margin: 6px 0; }
.meta { color: var(--muted); font-size: 12.5px; }
.headline { font-size: 15px; font-weight: 600; margin: 10px 0 0; }
table { width: 100%; border-collapse: collapse; font-size: 12.5px; margin: 6px 0; }
th, td { text-align: left; padding: 4px 6px; border-bottom: 1px solid var(--line); vertical-align: top; }
th { font-weight: 600; color: var(--muted); font-size: 11.5px; background: var(--soft); }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
.undef { color: var(--muted); }
.reason { display: block; color: var(--muted); font-size: 10.5px; white-space: normal; font-weight: 400; }
.badge.pass { background: var(--pass); } .badge.fail { background: var(--fail); } .badge.undefined { background: #7b8794; }
.chart { margin: 8px 0 4px; }
.chart svg { width: 100%; height: auto; display: block; }
.chart figcaption { font-size: 11.5px; color: var(--muted); }
.key { display: inline-block; width: 14px; height: 8px; border-radius: 2px; vertical-align: middle; margin: 0 2px 0 8px; }
svg .axis { stroke: #9aa5b1; stroke-width: 1; }
svg .tick { fill: #616e7c; }
footer { margin-top: 28px; border-top: 1px solid var(--line); padding-top: 8px; color: var(--muted); font-size: 11.5px; }
@page { size: A4; margin: 12mm 11mm; }
`
