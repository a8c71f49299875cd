/**
 * A saved report in a frame that loads it from its own address (lib/desk reportAddress), where
 * the host serves it under the report's own policy: its inline styles apply as written and
 * nothing in it runs (no allow-scripts here, and the page's policy sandboxes it too). The
 * console's own policy is not involved, so nothing is refused or patched. allow-same-origin
 * only lets the console read the report's height, so the console scrolls rather than a box
 * inside it; with no script it grants the report nothing.
 */
import { useEffect, useRef, useState } from 'react'
import { reportAddress } from '../../lib/desk'

/** The sandbox of the report frame: no scripts, forms, popups or navigation of the console. */
export const REPORT_SANDBOX = 'allow-same-origin'

/** Grows the frame to its report's height; a report the console cannot read keeps the CSS height. */
export function fitToReport(frame: HTMLIFrameElement): void {
  let height = 0
  try {
    height = frame.contentDocument?.documentElement.scrollHeight ?? 0
  } catch {
    // Another origin (the desktop app in development): the frame keeps its own height.
  }
  if (height > 0) frame.style.height = `${Math.max(400, height + 16)}px`
}

/** Props of ReportViewer. */
export interface ReportViewerProps {
  /** The report's day, YYYY-MM-DD. */
  readonly date: string
  /** When the report was made: a remade report loads again. */
  readonly madeAt: number
  /** What the frame holds, for screen readers. */
  readonly title: string
}

type Address =
  { readonly key: string; readonly url: string } | { readonly key: string; readonly error: string }

/** The report frame. */
export function ReportViewer({ date, madeAt, title }: ReportViewerProps) {
  const ref = useRef<HTMLIFrameElement>(null)
  const key = `${date}@${madeAt}`
  const [address, setAddress] = useState<Address | null>(null)

  useEffect(() => {
    let current = true
    void reportAddress(date).then((result) => {
      if (!current) return
      setAddress(result.ok ? { key, url: result.value } : { key, error: result.error.message })
    })
    return () => {
      current = false
    }
  }, [date, key])

  const shown = address?.key === key ? address : null
  if (shown === null) {
    return (
      <p className="muted" data-testid="report-frame-opening">
        Opening the report…
      </p>
    )
  }
  if ('error' in shown) {
    return (
      <p className="negative" role="alert" data-testid="report-frame-error">
        The report could not be shown: {shown.error}
      </p>
    )
  }
  return (
    <iframe
      key={key}
      ref={ref}
      className="report-frame"
      data-testid="report-frame"
      title={title}
      sandbox={REPORT_SANDBOX}
      referrerPolicy="no-referrer"
      src={shown.url}
      onLoad={() => {
        if (ref.current) fitToReport(ref.current)
      }}
    />
  )
}
