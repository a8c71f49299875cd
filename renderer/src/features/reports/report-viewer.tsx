/**
 * A saved report in a sandboxed frame: its HTML goes in with srcdoc and can run no script
 * (no allow-scripts). The frame inherits the console's Content Security Policy, which refuses
 * inline styles, so the report's own styles are applied through the CSSOM instead (which the
 * policy does not govern); allow-same-origin is what lets the console reach the frame's
 * document to do that, and is safe without scripts.
 */
import { useRef } from 'react'

/** The sandbox of the report frame: no scripts, forms, popups or navigation of the console. */
export const REPORT_SANDBOX = 'allow-same-origin'

/**
 * Applies a report's <style> elements and style attributes through the CSSOM. Where the browser
 * lacks constructable stylesheets (or already applied them), this changes nothing visible.
 */
export function applyReportStyles(frame: HTMLIFrameElement): void {
  const doc = frame.contentDocument
  const win = frame.contentWindow as (Window & typeof globalThis) | null
  if (!doc || !win) return
  try {
    const sheets = [...doc.querySelectorAll('style')].map((element) => {
      const sheet = new win.CSSStyleSheet()
      sheet.replaceSync(element.textContent ?? '')
      return sheet
    })
    doc.adoptedStyleSheets = sheets
  } catch {
    // Constructable stylesheets are missing (an old browser, jsdom): the report shows unstyled.
  }
  for (const element of doc.querySelectorAll<HTMLElement | SVGElement>('[style]')) {
    element.style.cssText = element.getAttribute('style') ?? ''
  }
  // The frame takes the report's height, so the console scrolls and not a box inside it.
  const height = doc.documentElement.scrollHeight
  if (height > 0) frame.style.height = `${Math.max(400, height + 16)}px`
}

/** Props of ReportViewer. */
export interface ReportViewerProps {
  readonly html: string
  /** What the frame holds, for screen readers. */
  readonly title: string
}

/** The report frame. */
export function ReportViewer({ html, title }: ReportViewerProps) {
  const ref = useRef<HTMLIFrameElement>(null)
  return (
    <iframe
      ref={ref}
      className="report-frame"
      data-testid="report-frame"
      title={title}
      sandbox={REPORT_SANDBOX}
      referrerPolicy="no-referrer"
      srcDoc={html}
      onLoad={() => {
        if (ref.current) applyReportStyles(ref.current)
      }}
    />
  )
}
