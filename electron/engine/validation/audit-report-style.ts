import { REPORT_BASE_CSS } from '../reports'

/**
 * The validation audit's stylesheet: the daily report's look (ink, lines, badges), the
 * timeline's and sparklines' colours, and print on A4 with each phase on a page of its own.
 */
export const AUDIT_CSS = `${REPORT_BASE_CSS}
ul { margin: 4px 0; padding-left: 20px; }
code { font: 12px ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; background: var(--soft); padding: 1px 4px; border-radius: 3px; }
code.hash { word-break: break-all; }
.badge { display: inline-block; min-width: 44px; text-align: center; padding: 1px 8px; border-radius: 10px; font-size: 11px; font-weight: 700; letter-spacing: .04em; color: #fff; white-space: nowrap; }
.gates { font-weight: 600; } .no-gate { color: var(--muted); }
.facts { display: grid; grid-template-columns: 150px 1fr; gap: 2px 12px; font-size: 13px; margin: 6px 0; }
.facts dt { color: var(--muted); } .facts dd { margin: 0; }
.signoff { border: 1px solid var(--line); border-left: 4px solid var(--pass); border-radius: 4px; padding: 8px 10px; margin: 8px 0; }
.signoff.none { border-left-color: #9aa5b1; }
.blockers { border-left: 4px solid var(--warn); padding: 4px 10px; margin: 8px 0; }
.key.phase-done { background: #d3eddc; } .key.phase-current { background: #cfdffb; } .key.phase-upcoming { background: #eef1f4; border: 1px solid #d9e2ec; }
.key.mark-severe { background: var(--fail); border-radius: 50%; width: 8px; } .key.mark-minor { background: var(--warn); border-radius: 50%; width: 8px; } .key.mark-drill { background: var(--info); transform: rotate(45deg); width: 8px; }
svg .phase-band { stroke: #fff; stroke-width: 2; }
svg .phase-band.done { fill: #d3eddc; } svg .phase-band.current { fill: #cfdffb; } svg .phase-band.upcoming { fill: #eef1f4; }
svg .phase-label { fill: #1f2933; font-weight: 700; font-size: 12px; }
svg .phase-sub { fill: #3e4c59; font-size: 10.5px; }
svg .change line { stroke: var(--pass); stroke-width: 2; } svg .change text { fill: var(--pass); font-size: 10px; font-weight: 600; }
svg .change.roll-back line { stroke: var(--fail); stroke-dasharray: 3 2; } svg .change.roll-back text { fill: var(--fail); }
svg .today line { stroke: var(--ink); stroke-width: 1.5; stroke-dasharray: 4 2; } svg .today text { fill: var(--ink); font-weight: 700; }
svg .mark.severe { fill: var(--fail); } svg .mark.minor { fill: var(--warn); } svg .mark.drill { fill: var(--info); }
svg.spark { display: block; }
svg.spark .line { fill: none; stroke: #1f2933; stroke-width: 1.3; }
svg.spark .target { stroke: #9aa5b1; stroke-dasharray: 3 2; }
svg.spark .dot.pass { fill: var(--pass); } svg.spark .dot.fail { fill: var(--fail); } svg.spark .dot.not_enough_data { fill: #7b8794; }
@media print {
  body { font-size: 10pt; }
  main { max-width: none; padding: 0; }
  h2, h3 { break-after: avoid; }
  section.phase { break-before: page; }
  section.after-phases { break-before: page; }
  tr, .chart, .signoff, .facts { break-inside: avoid; }
}
`
