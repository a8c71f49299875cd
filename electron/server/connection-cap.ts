/**
 * A cap on the connections the server host holds open at once (console tabs, their
 * WebSockets, bots), so a runaway client cannot use up the process's file descriptors. Past
 * it a connection is told why in a 503 and closed; Node's own maxConnections would drop it
 * without a word.
 */
import type { Server } from 'node:http'
import type { Socket } from 'node:net'
import type { Duplex } from 'node:stream'

/** The default cap: a console tab holds up to six connections and its WebSocket; a few bots add their pools. */
export const MAX_CONNECTIONS = 128

const REFUSED_LINGER_MS = 5000

/**
 * Caps `server` at `max` open connections. Returns whether a socket was refused: a request
 * that still arrives on one must be neither answered nor acted on. The listener runs before
 * the HTTP parser's, so the refusal is the first thing the client reads.
 */
export function capConnections(server: Server, max: number): (socket: Duplex) => boolean {
  const refused = new WeakSet<Duplex>()
  let open = 0
  server.prependListener('connection', (socket: Socket) => {
    if (open >= max) {
      refused.add(socket)
      refuseConnection(socket, max)
      return
    }
    open++
    socket.once('close', () => open--)
  })
  return (socket) => refused.has(socket)
}

function refuseConnection(socket: Socket, cap: number): void {
  const body = JSON.stringify({
    error: {
      code: 'UNAVAILABLE',
      message: `Vigil is already serving ${cap} connections, its limit. Close console tabs or idle bot connections you no longer use, then try again.`,
    },
  })
  socket.on('error', () => socket.destroy())
  socket.end(
    'HTTP/1.1 503 Service Unavailable\r\n' +
      'Connection: close\r\n' +
      'Content-Type: application/json; charset=utf-8\r\n' +
      `Content-Length: ${Buffer.byteLength(body)}\r\n` +
      'Cache-Control: no-store\r\n' +
      'X-Content-Type-Options: nosniff\r\n' +
      'Referrer-Policy: no-referrer\r\n' +
      '\r\n' +
      body,
  )
  // Not destroyed at once: a reset would overtake the answer when the client has sent more
  // than the HTTP parser has read yet. The client closes after Connection: close, or this does.
  setTimeout(() => socket.destroy(), REFUSED_LINGER_MS).unref()
}
