/**
 * The console's WebSocket at /ws: commands in (through the host dispatch, which validates them
 * and journals a malformed order), results and batched engine events out. A bad message gets
 * an error result; the connection stays up.
 */
import type { IncomingMessage } from 'node:http'
import type { Duplex } from 'node:stream'
import { WebSocketServer, WebSocket, type RawData } from 'ws'
import { createEventBatcher } from '../../shared/batcher'
import { err, type Result } from '../../shared/result'
import type { ResultMessage, ServerMessage } from '../../shared/wire'
import type { Engine } from '../engine'
import { createDispatch } from '../host'

/** Largest message a client may send. */
const MAX_MESSAGE_BYTES = 64 * 1024
/** The id a result carries when the message it answers had no usable id. */
const UNKNOWN_MESSAGE_ID = -1
// A client this far behind is not reading; dropping it protects the server's memory.
const MAX_BUFFERED_BYTES = 8 * 1024 * 1024
// Commands one connection may have running at once.
const MAX_IN_FLIGHT = 256
const HEARTBEAT_MS = 30_000

/** How a connection proved who it is: the API token (a bot) or a console tab's session. */
export type SocketCredential = 'bearer' | 'session'

/**
 * The subprotocol a console tab asks for. It offers its session as a second one
 * (`vigil.session.<secret>`), the one header a browser lets a page set on a WebSocket; the
 * server answers with this name alone, so the secret is never echoed.
 */
export const CONSOLE_PROTOCOL = 'vigil.v1'

/** Connected consoles and the engine events they receive. */
export interface SocketHub {
  /** Completes an already-authorized upgrade. */
  accept(req: IncomingMessage, socket: Duplex, head: Buffer, credential: SocketCredential): void
  /** Closes every connection that proved itself this way (the API token was rotated). */
  disconnect(credential: SocketCredential, reason: string): void
  /** How many consoles are connected. */
  readonly size: number
  /** Says goodbye to every console and stops listening to the engine. */
  close(): Promise<void>
}

/** Creates the hub and subscribes it to the engine's events. */
export function createSocketHub(engine: Engine, log: (message: string) => void): SocketHub {
  const wss = new WebSocketServer({
    noServer: true,
    maxPayload: MAX_MESSAGE_BYTES,
    perMessageDeflate: false,
    handleProtocols: (protocols) => (protocols.has(CONSOLE_PROTOCOL) ? CONSOLE_PROTOCOL : false),
  })
  const clients = new Set<WebSocket>()
  const credentials = new WeakMap<WebSocket, SocketCredential>()
  const alive = new WeakSet<WebSocket>()

  const send = (ws: WebSocket, message: ServerMessage | string): void => {
    if (ws.readyState !== WebSocket.OPEN) return
    if (ws.bufferedAmount > MAX_BUFFERED_BYTES) {
      log('Dropped a console connection that stopped reading its messages.')
      ws.terminate()
      return
    }
    ws.send(typeof message === 'string' ? message : JSON.stringify(message))
  }

  const batcher = createEventBatcher((events) => {
    if (clients.size === 0) return
    const text = JSON.stringify({ type: 'events', events } satisfies ServerMessage)
    for (const ws of clients) send(ws, text)
  })
  const unsubscribe = engine.subscribe((event) => batcher.push(event))

  const heartbeat = setInterval(() => {
    for (const ws of clients) {
      if (!alive.has(ws)) {
        ws.terminate()
        continue
      }
      alive.delete(ws)
      ws.ping()
    }
  }, HEARTBEAT_MS)
  heartbeat.unref()

  const dispatch = createDispatch(engine, {
    source: 'ticket',
    log: (message, error) => log(`${message} ${(error as Error)?.stack ?? String(error)}`),
  })

  const onConnection = (ws: WebSocket): void => {
    clients.add(ws)
    alive.add(ws)
    let inFlight = 0
    ws.on('pong', () => alive.add(ws))
    ws.on('close', () => clients.delete(ws))
    ws.on('error', () => clients.delete(ws))
    ws.on('message', (data: RawData, isBinary: boolean) => {
      const reply = (id: number, result: Result<unknown>): void => {
        send(ws, { type: 'result', id, result } satisfies ResultMessage)
      }
      const message = readInvoke(data, isBinary)
      if (!message.ok) {
        reply(message.id, message.result)
        return
      }
      if (inFlight >= MAX_IN_FLIGHT) {
        reply(
          message.id,
          err(
            'UNAVAILABLE',
            'Too many commands are waiting on this connection; wait for some results first.',
          ),
        )
        return
      }
      inFlight++
      void dispatch.run(message.name, message.payload).then((result) => {
        inFlight--
        reply(message.id, result)
      })
    })
  }

  return {
    accept(req, socket, head, credential) {
      wss.handleUpgrade(req, socket, head, (ws) => {
        credentials.set(ws, credential)
        onConnection(ws)
      })
    },
    disconnect(credential, reason) {
      for (const ws of clients) if (credentials.get(ws) === credential) ws.close(1008, reason)
    },
    get size() {
      return clients.size
    },
    async close() {
      clearInterval(heartbeat)
      unsubscribe()
      batcher.close()
      const closed = [...clients].map(
        (ws) =>
          new Promise<void>((resolve) => {
            if (ws.readyState === WebSocket.CLOSED) return resolve()
            ws.once('close', () => resolve())
            ws.close(1001, 'Vigil is stopping')
          }),
      )
      // A console that never answers the close handshake is cut off rather than waited for.
      const grace = new Promise<void>((resolve) => setTimeout(resolve, 1000).unref())
      await Promise.race([Promise.all(closed), grace])
      for (const ws of clients) ws.terminate()
      clients.clear()
      await new Promise<void>((resolve) => wss.close(() => resolve()))
    },
  }
}

type ReadInvoke =
  | { ok: true; id: number; name: unknown; payload: unknown }
  | { ok: false; id: number; result: Result<never> }

/** Checks that a raw message is `{type: 'invoke', id, name, payload}`. */
function readInvoke(data: RawData, isBinary: boolean): ReadInvoke {
  const fail = (id: number, message: string): ReadInvoke => ({
    ok: false,
    id,
    result: err('INVALID_INPUT', message),
  })
  if (isBinary) return fail(UNKNOWN_MESSAGE_ID, 'Messages must be JSON text, not binary.')
  let message: unknown
  try {
    message = JSON.parse(rawText(data))
  } catch {
    return fail(UNKNOWN_MESSAGE_ID, 'The message is not valid JSON.')
  }
  if (typeof message !== 'object' || message === null || Array.isArray(message)) {
    return fail(UNKNOWN_MESSAGE_ID, 'The message must be a JSON object {type, id, name, payload}.')
  }
  const { type, id, name, payload } = message as Record<string, unknown>
  const knownId = typeof id === 'number' && Number.isSafeInteger(id) ? id : UNKNOWN_MESSAGE_ID
  if (knownId === UNKNOWN_MESSAGE_ID) return fail(knownId, 'The message needs a whole-number "id".')
  if (type !== 'invoke') return fail(knownId, 'The message "type" must be "invoke".')
  return { ok: true, id: knownId, name, payload }
}

function rawText(data: RawData): string {
  if (Buffer.isBuffer(data)) return data.toString('utf8')
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8')
  return Buffer.from(data).toString('utf8')
}
