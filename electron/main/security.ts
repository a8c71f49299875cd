/**
 * Who may talk to the main process and what the window may load: the app's own page only.
 * The checks take plain values so they are tested without Electron.
 */
import type { Session } from 'electron'
import { APP_REPORT_PAGES } from '../../shared/wire'
import { APP_SCHEME } from './app-protocol'

/** The part of a WebFrameMain the checks read. */
export interface FrameLike {
  readonly url: string
  readonly parent?: unknown
}

/**
 * Whether a URL is the app's own page. `allowedOrigins` holds the console's origin
 * (app://vigil), matched by scheme and host, and in development the dev server's URL, matched
 * by origin. Nothing else counts: no file:// page, whatever its path.
 */
export function isAppUrl(url: string, allowedOrigins: readonly string[]): boolean {
  let target: URL
  try {
    target = new URL(url)
  } catch {
    return false
  }
  return allowedOrigins.some((allowed) => {
    let expected: URL
    try {
      expected = new URL(allowed)
    } catch {
      return false
    }
    if (expected.protocol === `${APP_SCHEME}:`) {
      // Node gives a non-special scheme the opaque origin "null", so scheme and host it is.
      return (
        target.protocol === expected.protocol &&
        expected.host !== '' &&
        target.host === expected.host
      )
    }
    if (expected.protocol === 'http:' || expected.protocol === 'https:') {
      return target.origin === expected.origin
    }
    return false
  })
}

/**
 * Whether an IPC message comes from the app's own top-level page. A missing frame (navigated
 * away or destroyed) and any sub-frame are refused: the console has no frames of its own.
 */
export function isTrustedFrame(
  frame: FrameLike | null | undefined,
  allowedOrigins: readonly string[],
): boolean {
  if (!frame || typeof frame.url !== 'string') return false
  if (frame.parent != null) return false
  return isAppUrl(frame.url, allowedOrigins)
}

/**
 * The Content-Security-Policy of the console. In development Vite injects an inline React
 * refresh preamble and inline styles, and talks to its dev server over a WebSocket, so only
 * then are those allowed; the built app gets the strict policy.
 */
export function contentSecurityPolicy(options: { readonly devServerUrl?: string } = {}): string {
  const dev = options.devServerUrl ? new URL(options.devServerUrl) : null
  const wsOrigin = dev ? `${dev.protocol === 'https:' ? 'wss:' : 'ws:'}//${dev.host}` : null
  return [
    "default-src 'self'",
    dev ? "script-src 'self' 'unsafe-inline'" : "script-src 'self'",
    ...(dev ? ["style-src 'self' 'unsafe-inline'"] : []),
    // Small inline images (data: URLs) in the console's CSS; never scripts.
    "img-src 'self' data:",
    // The one page the console frames: a saved report, under its own policy (report-protocol.ts).
    `frame-src ${APP_REPORT_PAGES}`,
    "object-src 'none'",
    "base-uri 'none'",
    "frame-ancestors 'none'",
    "form-action 'none'",
    wsOrigin ? `connect-src 'self' ${wsOrigin}` : "connect-src 'self'",
  ].join('; ')
}

/** The part of a Session the hardening uses. */
export type SessionLike = {
  readonly webRequest: Pick<Session['webRequest'], 'onHeadersReceived'>
} & Pick<Session, 'setPermissionRequestHandler' | 'setPermissionCheckHandler'>

/** Web permissions the console may use: copying text (an order id) to the clipboard. */
const ALLOWED_PERMISSIONS: ReadonlySet<string> = new Set(['clipboard-sanitized-write'])

/**
 * Sets the CSP header on every response the session receives (replacing any the server sent),
 * the console's `policy` or, for a URL `ownPolicy` names one for (a report page), that one,
 * and refuses every other web permission: the console needs no camera, location or the like.
 * A permission it may use is granted only to the app's own page (`allowedOrigins`), never to
 * a page that found its way into the window.
 */
export function hardenSession(
  target: SessionLike,
  policy: string,
  allowedOrigins: readonly string[],
  ownPolicy: (url: string) => string | undefined = () => undefined,
): void {
  target.webRequest.onHeadersReceived((details, callback) => {
    const responseHeaders: Record<string, string[]> = {}
    for (const [name, value] of Object.entries(details.responseHeaders ?? {})) {
      if (name.toLowerCase() !== 'content-security-policy') responseHeaders[name] = value
    }
    responseHeaders['Content-Security-Policy'] = [ownPolicy(details.url ?? '') ?? policy]
    callback({ responseHeaders })
  })
  // The page that asks, by its full URL, checked like a navigation.
  const fromApp = (url: string | undefined): boolean => isAppUrl(url ?? '', allowedOrigins)
  target.setPermissionRequestHandler((_webContents, permission, callback, details) =>
    callback(ALLOWED_PERMISSIONS.has(permission) && fromApp(details.requestingUrl)),
  )
  target.setPermissionCheckHandler(
    (_webContents, permission, _origin, details) =>
      ALLOWED_PERMISSIONS.has(permission) && fromApp(details.requestingUrl),
  )
}

/** The part of a WebContents the lockdown uses. */
export interface LockableContents {
  setWindowOpenHandler(handler: () => { action: 'deny' }): void
  on(
    event: 'will-navigate' | 'will-redirect' | 'will-attach-webview',
    listener: (event: { preventDefault(): void; url?: string }, url?: string) => void,
  ): unknown
}

/**
 * No new windows (window.open, target=_blank), no webviews, and no navigation or redirect the
 * page starts to anything `allowed` refuses. The main process's own loadURL is not a
 * navigation the page starts, so a window still loads what the app gives it.
 */
export function lockDownContents(
  contents: LockableContents,
  allowed: (url: string) => boolean,
): void {
  contents.setWindowOpenHandler(() => ({ action: 'deny' }))
  const stay = (event: { preventDefault(): void; url?: string }, url?: string): void => {
    if (!allowed(event.url ?? url ?? '')) event.preventDefault()
  }
  contents.on('will-navigate', stay)
  contents.on('will-redirect', stay)
  contents.on('will-attach-webview', (event) => event.preventDefault())
}
