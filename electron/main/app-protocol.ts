/**
 * The console's own origin, app://vigil/, served from the built renderer folder. A custom
 * protocol gives the page a real origin (a file:// page shares one with every file on the disk)
 * and lets the app answer only the files it built: anything else is a 404. Under /reports/ it
 * answers the saved daily reports instead, each under the report's own policy
 * (report-protocol.ts).
 */
import fs from 'node:fs'
import path from 'node:path'
import { promisify } from 'node:util'
import type { Protocol } from 'electron'
import { contentTypeOf, REPORT_PAGE_PREFIX } from '../host'
import type { ReportResponder } from './report-protocol'

/** The scheme and host of the console's origin. */
export const APP_SCHEME = 'app'
/** The single host the protocol answers; any other is a 404. */
export const APP_HOST = 'vigil'
/** The console's origin, as the navigation guard and the IPC sender check compare it. */
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`
/** The page the window opens. */
export const APP_START_URL = `${APP_ORIGIN}/index.html`

/**
 * Declares the scheme privileged (a standard, secure origin that may use fetch), which Electron
 * accepts only before the app is ready.
 */
export function registerAppScheme(protocol: Pick<Protocol, 'registerSchemesAsPrivileged'>): void {
  protocol.registerSchemesAsPrivileged([
    { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } },
  ])
}

// The callback forms, which Electron's fs patch reads inside app.asar.
const realpath = promisify(fs.realpath)
const stat = promisify(fs.stat)
const readFile = promisify(fs.readFile)

/** Answers one request of the app: protocol. */
export type AppProtocolHandler = (request: Request) => Promise<Response>

/**
 * A handler that answers files inside `rootDir` only, with their content type, the console's
 * Content-Security-Policy and nosniff. A path that leaves the folder (`..`, encoded or not, a
 * backslash, an encoded slash, a symlink pointing out), a directory, another host or a method
 * other than GET and HEAD gets an error status and no file.
 */
export function createAppProtocolHandler(options: {
  /** The built renderer; absent with the dev server, when only the reports are answered. */
  readonly rootDir?: string
  readonly contentSecurityPolicy: string
  /** Answers /reports/…; absent, those paths are files like any other. */
  readonly reports?: ReportResponder
}): AppProtocolHandler {
  const rootDir = options.rootDir === undefined ? null : path.resolve(options.rootDir)
  const baseHeaders = {
    'Content-Security-Policy': options.contentSecurityPolicy,
    'X-Content-Type-Options': 'nosniff',
  }
  const refuse = (status: number, text: string): Response =>
    new Response(text, {
      status,
      headers: { ...baseHeaders, 'Content-Type': 'text/plain; charset=utf-8' },
    })
  const notFound = (): Response => refuse(404, 'Not found')

  return async (request) => {
    const reportPath = options.reports ? reportPathOf(request.url) : null
    if (reportPath !== null && options.reports) return options.reports(request, reportPath)
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      return refuse(405, 'Only GET and HEAD are served')
    }
    const file = rootDir === null ? null : await locate(rootDir, request.url)
    if (!file) return notFound()
    let body: Buffer
    try {
      body = await readFile(file)
    } catch {
      return notFound()
    }
    const type = contentTypeOf(file)
    return new Response(request.method === 'HEAD' ? null : new Uint8Array(body), {
      status: 200,
      headers: { ...baseHeaders, 'Content-Type': type, 'Content-Length': String(body.length) },
    })
  }
}

/** The path of a URL on the app's origin under /reports/, or null. */
function reportPathOf(url: string): string | null {
  try {
    const target = new URL(url)
    if (target.protocol !== `${APP_SCHEME}:` || target.host !== APP_HOST) return null
    return target.pathname.startsWith(REPORT_PAGE_PREFIX) ? target.pathname : null
  } catch {
    return null
  }
}

/** The real path of the regular file a URL names inside `rootDir`, or null. */
async function locate(rootDir: string, url: string): Promise<string | null> {
  let target: URL
  try {
    target = new URL(url)
  } catch {
    return null
  }
  if (target.protocol !== `${APP_SCHEME}:` || target.host !== APP_HOST) return null
  let relative: string
  try {
    relative = decodeURIComponent(target.pathname)
  } catch {
    return null
  }
  if (relative === '/' || relative === '') relative = '/index.html'
  // Checked on the decoded path, so %2e%2e, %2f and %5c cannot smuggle a step outside.
  const segments = relative.split('/').slice(1)
  if (segments.some((s) => s === '..' || s === '.' || s.includes('\\') || s.includes('\0'))) {
    return null
  }
  const candidate = path.resolve(rootDir, ...segments)
  if (!inside(rootDir, candidate)) return null
  try {
    // A symlink is followed and the real target checked again: it must stay in the folder.
    const [realRoot, realFile] = await Promise.all([realpath(rootDir), realpath(candidate)])
    if (!inside(realRoot, realFile)) return null
    return (await stat(realFile)).isFile() ? realFile : null
  } catch {
    return null
  }
}

function inside(root: string, candidate: string): boolean {
  const relative = path.relative(root, candidate)
  return (
    relative !== '' &&
    relative !== '..' &&
    !relative.startsWith(`..${path.sep}`) &&
    !path.isAbsolute(relative)
  )
}

/** The part of a session's Protocol the app uses to serve its files. */
export type ProtocolHost = Pick<Protocol, 'handle' | 'isProtocolHandled'>

/**
 * Serves the built renderer on the session's app: scheme, once: a window opened again (after
 * the tray's "show") reuses the handler rather than registering a second one, which throws.
 */
export function serveAppProtocol(
  target: ProtocolHost,
  options: Parameters<typeof createAppProtocolHandler>[0],
): void {
  if (target.isProtocolHandled(APP_SCHEME)) return
  target.handle(APP_SCHEME, createAppProtocolHandler(options))
}
