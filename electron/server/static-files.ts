/**
 * Serves the built renderer (out/renderer) to a signed-in browser: index.html for `/`, files
 * under the folder by their path, never anything outside it, and never a directory listing.
 */
import { createReadStream } from 'node:fs'
import { stat } from 'node:fs/promises'
import type { IncomingMessage, ServerResponse } from 'node:http'
import path from 'node:path'
import { BASE_HEADERS, htmlHeaders } from './security'
import { contentTypeOf } from '../host'

/**
 * Maps a URL path to a file inside `root`, or null when it would leave the folder or is not a
 * plain path (encoded separators, NUL bytes and `..` are all caught after decoding).
 */
function resolveStaticPath(root: string, pathname: string): string | null {
  let decoded: string
  try {
    decoded = decodeURIComponent(pathname)
  } catch {
    return null
  }
  if (decoded.includes('\0') || decoded.includes('\\')) return null
  const relative = decoded === '/' ? 'index.html' : decoded.replace(/^\/+/, '')
  const base = path.resolve(root)
  const file = path.resolve(base, relative)
  if (!file.startsWith(base + path.sep)) return null
  return file
}

/** A small HTML page, with the headers every HTML response carries. */
export function sendPage(
  res: ServerResponse,
  status: number,
  port: number,
  title: string,
  body: string,
): void {
  const html = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title>
<style>body{font:16px/1.5 system-ui,sans-serif;max-width:40rem;margin:4rem auto;padding:0 1rem;color:#222}code{background:#eee;padding:0 .25rem}</style>
</head><body><h1>${escapeHtml(title)}</h1>${body}</body></html>
`
  res.writeHead(status, {
    ...htmlHeaders(port),
    // A policy that allows the page's own inline style and nothing else.
    'Content-Security-Policy':
      "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'; base-uri 'none'",
    'Content-Type': 'text/html; charset=utf-8',
    'Content-Length': Buffer.byteLength(html),
    'Cache-Control': 'no-store',
  })
  res.end(html)
}

/** Escapes text for HTML. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`)
}

/** Serves one file of the renderer for GET or HEAD. */
export async function serveStatic(
  req: IncomingMessage,
  res: ServerResponse,
  pathname: string,
  rendererDir: string,
  port: number,
): Promise<void> {
  const file = resolveStaticPath(rendererDir, pathname)
  const info = file ? await stat(file).catch(() => null) : null
  if (!file || !info?.isFile()) {
    const indexExists = await stat(path.join(rendererDir, 'index.html')).then(
      (s) => s.isFile(),
      () => false,
    )
    if (!indexExists) {
      sendPage(
        res,
        503,
        port,
        'The console has not been built',
        `<p>Vigil could not find its console files in <code>${escapeHtml(rendererDir)}</code>. Build them with <code>npm run build</code> and reload this page.</p>`,
      )
      return
    }
    sendPage(
      res,
      404,
      port,
      'Not found',
      '<p>There is nothing at this address. <a href="/">Open the console</a>.</p>',
    )
    return
  }
  const type = contentTypeOf(file)
  const isHtml = type.startsWith('text/html')
  const hashedAsset = /^\/assets\//.test(pathname)
  res.writeHead(200, {
    ...(isHtml ? htmlHeaders(port) : BASE_HEADERS),
    'Content-Type': type,
    'Content-Length': info.size,
    // index.html names the current hashed bundles, so it must never be cached; the bundles
    // themselves never change under one name.
    'Cache-Control': isHtml
      ? 'no-store'
      : hashedAsset
        ? 'private, max-age=31536000, immutable'
        : 'no-cache',
  })
  if (req.method === 'HEAD') {
    res.end()
    return
  }
  await new Promise<void>((resolve) => {
    const stream = createReadStream(file)
    stream.on('error', () => {
      res.destroy()
      resolve()
    })
    stream.on('end', resolve)
    stream.pipe(res)
  })
}
