/**
 * A saved daily report shown in the console: both hosts serve it as a page at its own address
 * (never inlined into the console), so it runs under a policy of its own rather than the
 * console's. The report is self-contained: its inline <style> and style attributes and data:
 * images are all it uses, so the policy allows those and nothing else: no script, no fetch, no
 * form, no base, and a sandbox without scripts. allow-same-origin is kept so the console (same
 * origin) can read the page's height and grow the frame to it; with no script that is all it
 * grants.
 */

import type { Result } from '../../shared/result'
import { VALIDATION_REPORT_PAGE } from '../../shared/wire'
import type { Engine } from '../engine'

/** A report's day in its address: YYYY-MM-DD. */
const DAY = /^\d{4}-\d{2}-\d{2}$/

/** The Content-Security-Policy of a report page; `frameAncestors` are who may frame it. */
export function reportContentSecurityPolicy(frameAncestors = "'self'"): string {
  return [
    "default-src 'none'",
    "style-src 'unsafe-inline'",
    'img-src data:',
    `frame-ancestors ${frameAncestors}`,
    "base-uri 'none'",
    "form-action 'none'",
    'sandbox allow-same-origin',
  ].join('; ')
}

/** The headers of a report page: its policy, nosniff, no referrer, never cached (private data). */
export function reportPageHeaders(frameAncestors?: string): Record<string, string> {
  return {
    'Content-Security-Policy': reportContentSecurityPolicy(frameAncestors),
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    'Cache-Control': 'no-store',
  }
}

/** Where the report pages are, under the host's origin. */
export const REPORT_PAGE_PREFIX = '/reports/'

/**
 * The report a page's path names: a day (`/reports/2026-12-01.html`), or the validation plan's
 * audit (`/reports/validation.html`, named VALIDATION_REPORT_PAGE); or why the path is not
 * one, in words that say what is allowed.
 */
export function reportDayOfPath(
  pathname: string,
): { readonly ok: true; readonly date: string } | { readonly ok: false; readonly reason: string } {
  const name = pathname.startsWith(REPORT_PAGE_PREFIX)
    ? pathname.slice(REPORT_PAGE_PREFIX.length)
    : ''
  const date = name.endsWith('.html') ? name.slice(0, -'.html'.length) : ''
  if (isReportName(date)) return { ok: true, date }
  return {
    ok: false,
    reason: `A report's address is ${REPORT_PAGE_PREFIX}YYYY-MM-DD.html, such as ${REPORT_PAGE_PREFIX}2026-12-01.html, or ${REPORT_PAGE_PREFIX}${VALIDATION_REPORT_PAGE}.html for the validation audit (got "${pathname.slice(0, 60)}").`,
  }
}

/** Whether a string names a report page: a day (YYYY-MM-DD) or the validation audit. */
export function isReportName(value: unknown): value is string {
  return value === VALIDATION_REPORT_PAGE || isReportDay(value)
}

/** Reads the page a report name names from the engine: a day's saved report, or the audit. */
export function readReportPage(
  engine: Pick<Engine, 'handle'>,
  name: string,
): Promise<Result<{ readonly html: string }>> {
  return name === VALIDATION_REPORT_PAGE
    ? engine.handle({ name: 'validation:report', payload: {} }, { source: 'ticket' })
    : engine.handle({ name: 'reports:get', payload: { date: name } }, { source: 'ticket' })
}

/** Whether a string is a report's day, YYYY-MM-DD. */
export function isReportDay(value: unknown): value is string {
  return typeof value === 'string' && DAY.test(value)
}
