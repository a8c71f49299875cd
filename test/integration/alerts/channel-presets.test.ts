/**
 * Each channel preset against a real HTTP server on 127.0.0.1, through the engine's production
 * sender (fetch): the request each service expects (path, headers, body), and a refusal from
 * the service shown in words without the secret.
 */
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import type { Engine } from '../../../electron/engine'
import { MemoryChannelSecrets } from '../../../electron/engine/alerts'
import { call, cleanup, tempDir, testEngine, value } from '../../kit/engine'

interface Received {
  readonly method: string
  readonly url: string
  readonly headers: IncomingHttpHeaders
  readonly body: string
}

let server: Server
let base: string
let received: Received[] = []
let answer = { status: 200, body: '{"ok":true}' }
let dir: string
let engine: Engine

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = ''
    req.on('data', (chunk: Buffer) => (body += chunk.toString()))
    req.on('end', () => {
      received.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body })
      res.writeHead(answer.status, { 'Content-Type': 'application/json' }).end(answer.body)
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  dir = tempDir('vigil-channel-presets-')
  engine = (await testEngine(dir, { channelSecrets: new MemoryChannelSecrets() })).engine
})
afterAll(async () => {
  await engine?.close()
  cleanup(dir)
  await new Promise((resolve) => server.close(resolve))
})
beforeEach(() => {
  received = []
  answer = { status: 200, body: '{"ok":true}' }
})

const TEST_TEXT = 'This is a test from Vigil.'

async function sendTest(id: 'generic' | 'ntfy' | 'telegram' | 'discord') {
  const delivery = value(await call(engine, 'alerts:test-channel', { id }))
  expect(received).toHaveLength(1)
  return { delivery, request: received[0] as Received }
}

describe('the channel presets against a local server', () => {
  it('generic: POSTs JSON {severity, title, message, ts, account} with the bearer secret', async () => {
    value(await call(engine, 'alerts:set-channel', { id: 'generic', url: `${base}/hooks/vigil` }))
    value(await call(engine, 'alerts:set-channel-secret', { id: 'generic', secret: 'hook-key-1' }))

    const { delivery, request } = await sendTest('generic')

    expect(delivery).toMatchObject({ ok: true, attempts: 1, reason: null })
    expect(request).toMatchObject({ method: 'POST', url: '/hooks/vigil' })
    expect(request.headers['content-type']).toBe('application/json')
    expect(request.headers.authorization).toBe('Bearer hook-key-1')
    const body = JSON.parse(request.body) as Record<string, unknown>
    expect(Object.keys(body).sort()).toEqual(['account', 'message', 'severity', 'title', 'ts'])
    expect(body).toMatchObject({ severity: 'info', title: 'Vigil: test', account: null })
    expect(body.message).toContain(TEST_TEXT)
    expect(typeof body.ts).toBe('number')
  })

  it('ntfy: POSTs the text to <server>/<topic> with Title and Priority headers', async () => {
    value(
      await call(engine, 'alerts:set-channel', {
        id: 'ntfy',
        url: `${base}/`,
        topic: 'vigil-7f3k',
      }),
    )

    const { delivery, request } = await sendTest('ntfy')

    expect(delivery.ok).toBe(true)
    expect(request).toMatchObject({ method: 'POST', url: '/vigil-7f3k' })
    expect(request.headers.title).toBe('Vigil: test')
    expect(request.headers.priority).toBe('3')
    expect(request.headers.authorization).toBeUndefined()
    expect(request.body).toContain(TEST_TEXT)
  })

  it('telegram: POSTs {chat_id, text} to /bot<TOKEN>/sendMessage', async () => {
    value(
      await call(engine, 'alerts:set-channel', { id: 'telegram', url: base, chatId: '-1001234' }),
    )
    value(
      await call(engine, 'alerts:set-channel-secret', { id: 'telegram', secret: '4242:AAH-token' }),
    )

    const { delivery, request } = await sendTest('telegram')

    expect(delivery.ok).toBe(true)
    expect(request).toMatchObject({ method: 'POST', url: '/bot4242:AAH-token/sendMessage' })
    expect(request.headers['content-type']).toBe('application/json')
    const body = JSON.parse(request.body) as { chat_id: string; text: string }
    expect(body.chat_id).toBe('-1001234')
    expect(body.text).toMatch(/^Vigil: test\nThis is a test from Vigil\./)
  })

  it('discord: POSTs {content} to the pasted webhook URL', async () => {
    value(
      await call(engine, 'alerts:set-channel-secret', {
        id: 'discord',
        secret: `${base}/api/webhooks/998877/Key_of-webhook`,
      }),
    )

    const { delivery, request } = await sendTest('discord')

    expect(delivery.ok).toBe(true)
    expect(request).toMatchObject({ method: 'POST', url: '/api/webhooks/998877/Key_of-webhook' })
    const body = JSON.parse(request.body) as Record<string, unknown>
    expect(Object.keys(body)).toEqual(['content'])
    expect(body.content).toMatch(/^\*\*Vigil: test\*\*\nThis is a test from Vigil\./)
  })

  it("shows the service's refusal in words, without the token it echoed", async () => {
    value(await call(engine, 'alerts:set-channel', { id: 'telegram', url: base, chatId: '7' }))
    value(
      await call(engine, 'alerts:set-channel-secret', { id: 'telegram', secret: '4242:AAH-token' }),
    )
    answer = {
      status: 401,
      body: '{"ok":false,"error_code":401,"description":"Unauthorized: 4242:AAH-token"}',
    }

    const { delivery } = await sendTest('telegram')

    expect(delivery).toMatchObject({ ok: false, attempts: 1 })
    expect(delivery.reason).toBe(
      `127.0.0.1:${new URL(base).port} answered HTTP 401: {"ok":false,"error_code":401,"description":"Unauthorized: •••"}`,
    )
  })

  it('says the server cannot be reached when nothing listens there', async () => {
    const closed = createServer()
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve))
    const { port } = closed.address() as AddressInfo
    await new Promise((resolve) => closed.close(resolve))
    value(
      await call(engine, 'alerts:set-channel', {
        id: 'generic',
        url: `http://127.0.0.1:${port}/x`,
      }),
    )

    const delivery = value(await call(engine, 'alerts:test-channel', { id: 'generic' }))

    expect(delivery.ok).toBe(false)
    expect(delivery.reason).toMatch(
      new RegExp(`^could not reach 127\\.0\\.0\\.1:${port}: fetch failed \\(.*ECONNREFUSED`),
    )
  })
})
