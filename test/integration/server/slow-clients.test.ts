/**
 * Clients that are slow or go away: a body that never finishes is cut at the request timeout
 * (a small one here, so the test waits for the cut itself, not for a clock), and a client
 * that gives up on an upload is logged as leaving, not as a fault of the server.
 */
import { connect } from 'node:net'
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
