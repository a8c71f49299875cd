/**
 * Clients that are slow or go away: a body that never finishes is cut at the request timeout
 * (a small one here, so the test waits for the cut itself, not for a clock), and a client
 * that gives up on an upload is logged as leaving, not as a fault of the server, and a
 * connection over the cap is refused in words.
 */
import { connect, type Socket } from 'node:net'
import { afterEach, describe, expect, it } from 'vitest'
import { accountState, startHarness, type Harness } from './server-harness'

let h: Harness | undefined
afterEach(async () => {
  await h?.stop()
  h = undefined
})

/** Sends `text` on a raw socket and resolves with every byte read until the server closes it. */
function untilClosed(port: number, text: string): Promise<string> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1')
    let received = ''
    socket.on('data', (chunk: Buffer) => (received += chunk.toString('utf8')))
    socket.on('error', () => undefined)
    socket.on('close', () => resolve(received))
    socket.write(text)
  })
}

describe('a request body that stops arriving', () => {
  it('is cut with 408 Request Timeout once the request timeout has passed', async () => {
    h = await startHarness({ server: { requestTimeoutMs: 200 } })
    const before = await accountState(h)
    const order = '{"symbol":"BTC-USD","side":"buy","type":"market","quantity":"0.001"}'
    const got = await untilClosed(
      h.port,
      [
        'POST /api/v1/orders HTTP/1.1',
        `Host: ${h.host}`,
        `Authorization: Bearer ${h.token}`,
        'Content-Type: application/json',
        // Twice the length sent: the server waits for the rest, which never comes.
        `Content-Length: ${order.length * 2}`,
        '',
        order,
      ].join('\r\n'),
    )
    expect(got).toMatch(/^HTTP\/1\.1 408 Request Timeout\r\n/)
    expect(await accountState(h)).toBe(before)
  })
})

describe('a client that aborts its upload', () => {
  it('is logged in one plain line, not as an internal error with a stack trace', async () => {
    const lines: string[] = []
    let logged: (line: string) => void = () => undefined
    const firstLine = new Promise<string>((resolve) => (logged = resolve))
    h = await startHarness({
      server: {
        log: (line) => {
          lines.push(line)
          logged(line)
        },
      },
    })
    const before = await accountState(h)
    const socket = connect(h.port, '127.0.0.1')
    socket.on('error', () => undefined)
    socket.on('data', (chunk: Buffer) => {
      // The server is reading the body once it says to go on; half of it, then the client leaves.
      if (chunk.toString().startsWith('HTTP/1.1 100 Continue')) {
        socket.write('{"symbol":"BTC-USD",')
        socket.destroy()
      }
    })
    socket.write(
      [
        'POST /api/v1/orders HTTP/1.1',
        `Host: ${h.host}`,
        `Authorization: Bearer ${h.token}`,
        'Content-Type: application/json',
        'Content-Length: 1000',
        'Expect: 100-continue',
        '',
        '',
      ].join('\r\n'),
    )
    expect(await firstLine).toBe(
      'A client closed the connection before sending all of its POST /api/v1/orders request; nothing was done with it.',
    )
    expect(await accountState(h)).toBe(before)
    expect(lines).toHaveLength(1)
  })
})

/** A raw connection that has had one whole answer, so the server has surely counted it. */
function heldConnection(
  server: Harness,
  request: string,
): Promise<{ socket: Socket; answer: string }> {
  return new Promise((resolve) => {
    const socket = connect(server.port, '127.0.0.1')
    let received = ''
    socket.on('error', () => undefined)
    socket.on('data', (chunk: Buffer) => {
      received += chunk.toString('utf8')
      const [head = '', ...rest] = received.split('\r\n\r\n')
      const length = /content-length: (\d+)/i.exec(head)?.[1]
      if (length !== undefined && Buffer.byteLength(rest.join('\r\n\r\n')) >= Number(length)) {
        socket.removeAllListeners('data')
        resolve({ socket, answer: received })
      }
    })
    socket.write(request)
  })
}

describe('the connection cap', () => {
  it('refuses a connection over the cap with a 503 that says why, and acts on nothing it sent', async () => {
    h = await startHarness({ server: { maxConnections: 2 } })
    const server = h
    // Read from the engine itself: the API's own client would hold connections of the cap.
    const orders = async (): Promise<unknown> =>
      server.engine.handle({ name: 'orders:list', payload: {} }, { source: 'api' })
    const before = await orders()
    const get = [
      'GET /api/v1/balances HTTP/1.1',
      `Host: ${server.host}`,
      `Authorization: Bearer ${server.token}`,
      '',
      '',
    ].join('\r\n')
    const held = [await heldConnection(server, get), await heldConnection(server, get)]
    expect(held.map((c) => c.answer.slice(0, 15))).toEqual(['HTTP/1.1 200 OK', 'HTTP/1.1 200 OK'])

    const order = '{"symbol":"BTC-USD","side":"buy","type":"market","quantity":"0.001"}'
    const third = await untilClosed(
      server.port,
      [
        'POST /api/v1/orders HTTP/1.1',
        `Host: ${server.host}`,
        `Authorization: Bearer ${server.token}`,
        'Content-Type: application/json',
        `Content-Length: ${order.length}`,
        '',
        order,
      ].join('\r\n'),
    )
    const [head = '', body = ''] = third.split('\r\n\r\n')
    expect(head).toMatch(/^HTTP\/1\.1 503 Service Unavailable\r\n/)
    expect(JSON.parse(body)).toEqual({
      error: {
        code: 'UNAVAILABLE',
        message:
          'Vigil is already serving 2 connections, its limit. Close console tabs or idle bot connections you no longer use, then try again.',
      },
    })

    // The connections within the cap still work, and the refused order was never placed.
    const again = await new Promise<string>((resolve) => {
      held[0]!.socket.once('data', (chunk: Buffer) => resolve(chunk.toString('utf8')))
      held[0]!.socket.write(get)
    })
    expect(again).toMatch(/^HTTP\/1\.1 200 OK/)
    for (const c of held) c.socket.destroy()
    expect(await orders()).toEqual(before)
  })
})
