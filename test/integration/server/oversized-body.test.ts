/**
 * Every oversized request body gets its 413 with the JSON error, however the client sends it:
 * asking first with `Expect: 100-continue` (as curl does for large bodies), declaring a length
 * over the limit, or streaming chunks past it. A raw socket shows what a client really receives.
 */
import { connect } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { accountState, startHarness, type Harness } from './server-harness'

let h: Harness
beforeAll(async () => {
  h = await startHarness()
})
afterAll(async () => {
  await h?.stop()
})

const MIB = 1024 * 1024

/** What came back on the socket: every byte read, and the socket error if there was one. */
interface Exchange {
  readonly text: string
  readonly error: string | null
}

/**
 * Sends the request head, then (unless `body` is null) `body.bytes` of body as fast as the
 * socket takes them, chunked when asked, stopping once a whole response has arrived, as curl
 * does. Resolves with everything read once a whole response is in or the connection ends.
 */
function exchange(
  head: string,
  body: { bytes: number; chunked: boolean } | null,
): Promise<Exchange> {
  return new Promise((resolve) => {
    const socket = connect(h.port, '127.0.0.1')
    let received = Buffer.alloc(0)
    let done = false
    const finish = (error: string | null): void => {
      if (done) return
      done = true
      socket.destroy()
      resolve({ text: received.toString('utf8'), error })
    }
    const complete = (): boolean => {
      const text = received.toString('latin1')
      // Interim answers (100 Continue) are skipped; a final one is complete with its body.
      const final = text.split('\r\n\r\n').findIndex((part) => /^HTTP\/1\.1 [2-5]\d\d /.test(part))
      if (final < 0) return false
      const parts = text.split('\r\n\r\n')
      const headEnd = parts.slice(0, final + 1).join('\r\n\r\n').length + 4
      const length = /content-length: (\d+)/i.exec(parts[final] ?? '')?.[1]
      return length !== undefined && received.length >= headEnd + Number(length)
    }
    socket.on('data', (chunk: Buffer) => {
      received = Buffer.concat([received, chunk])
      if (complete()) finish(null)
    })
    socket.on('error', (error: NodeJS.ErrnoException) => finish(error.code ?? error.message))
    socket.on('close', () => finish(null))
    socket.write(head)
    if (body === null) return
    const piece = Buffer.alloc(64 * 1024, 'x')
    let sent = 0
    const pump = (): void => {
      while (!done && sent < body.bytes) {
        sent += piece.length
        const framed = body.chunked
          ? Buffer.concat([
              Buffer.from(`${piece.length.toString(16)}\r\n`),
              piece,
              Buffer.from('\r\n'),
            ])
          : piece
        if (!socket.write(framed)) {
          socket.once('drain', pump)
          return
        }
      }
      if (!done && body.chunked) socket.write('0\r\n\r\n')
    }
    pump()
  })
}

const head = (lines: string[]): string =>
  [
    'POST /api/v1/orders HTTP/1.1',
    `Host: ${h.host}`,
    `Authorization: Bearer ${h.token}`,
    'Content-Type: application/json',
    ...lines,
    '',
    '',
  ].join('\r\n')

/** The final status and the JSON error of an exchange. */
function answer(got: Exchange): { status: string | undefined; error: unknown } {
  const parts = got.text.split('\r\n\r\n')
  const final = parts.findIndex((part) => /^HTTP\/1\.1 [2-5]\d\d /.test(part))
  let error: unknown
  try {
    error = (JSON.parse(parts.slice(final + 1).join('\r\n\r\n')) as { error: unknown }).error
  } catch {
    error = undefined
  }
  return { status: /^HTTP\/1\.1 (\d+)/.exec(parts[final] ?? '')?.[1], error }
}

const tooLarge = {
  code: 'PAYLOAD_TOO_LARGE',
  message: 'The request body is larger than 64 KiB; an order needs far less.',
}

describe('an oversized request body', () => {
  it('asked about with Expect: 100-continue gets its 413 at once, never a 100 Continue', async () => {
    const before = await accountState(h)
    for (let i = 0; i < 5; i++) {
      const got = await exchange(
        head([`Content-Length: ${10 * MIB}`, 'Expect: 100-continue']),
        null,
      )
      expect(got.text).not.toContain('100 Continue')
      expect(answer(got)).toEqual({ status: '413', error: tooLarge })
      expect(got.error).toBeNull()
    }
    expect(await accountState(h)).toBe(before)
  })

  it('declared too large and sent anyway gets its 413, and the connection is not cut under it', async () => {
    for (let i = 0; i < 5; i++) {
      const got = await exchange(head([`Content-Length: ${8 * MIB}`]), {
        bytes: 8 * MIB,
        chunked: false,
      })
      expect({ ...answer(got), socketError: got.error }).toEqual({
        status: '413',
        error: tooLarge,
        socketError: null,
      })
    }
  })

  it('streamed in chunks past the limit gets its 413, and the connection is not cut under it', async () => {
    for (let i = 0; i < 5; i++) {
      const got = await exchange(head(['Transfer-Encoding: chunked']), {
        bytes: 8 * MIB,
        chunked: true,
      })
      expect({ ...answer(got), socketError: got.error }).toEqual({
        status: '413',
        error: tooLarge,
        socketError: null,
      })
    }
  })

  it('within the limit with Expect: 100-continue is read after a 100 Continue and placed', async () => {
    const order = JSON.stringify({
      clientOrderId: 'expect-1',
      symbol: 'BTC-USD',
      side: 'buy',
      type: 'market',
      quantity: '0.001',
    })
    const text = await new Promise<string>((resolve) => {
      const socket = connect(h.port, '127.0.0.1')
      let got = ''
      socket.on('data', (c: Buffer) => {
        got += c.toString()
        // The body goes once the server says to go on, as a client that asked must wait.
        if (got === 'HTTP/1.1 100 Continue\r\n\r\n') socket.write(order)
        if (/HTTP\/1\.1 201[\s\S]*\r\n\r\n\{[\s\S]*\}$/.test(got)) {
          socket.destroy()
          resolve(got)
        }
      })
      socket.write(head([`Content-Length: ${Buffer.byteLength(order)}`, 'Expect: 100-continue']))
    })
    expect(text).toMatch(/^HTTP\/1\.1 100 Continue\r\n\r\nHTTP\/1\.1 201 /)
    expect(text).toContain('"clientOrderId":"expect-1"')
  })
})
