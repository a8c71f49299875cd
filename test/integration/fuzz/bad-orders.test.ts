/**
 * Fuzz: 10,000 seeded bad orders (NaN, ±Infinity, zero, negative, 1e308, numbers as strings
 * and strings as numbers, unknown symbols, missing and extra fields, __proto__ and constructor
 * keys, 1 MB strings, 10,000-level nesting, invalid JSON, wrong types everywhere), each sent
 * through the REST API (real server, real engine) and through the Electron IPC handler (fake
 * electron, the same real engine). Every one gets a clear refusal; the process stays up;
 * balances, positions, fills and limits are unchanged and nothing fills; every malformed
 * request is journaled, each record bounded in size.
 */
import { Agent, request } from 'node:http'
import { readFileSync, readdirSync } from 'node:fs'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import type { Result } from '../../../shared/result'
import type { Order } from '../../../shared/types'
import { registerIpcHandlers } from '../../../electron/main/ipc'
import { isTrustedFrame } from '../../../electron/main/security'
import { call, value } from '../../kit/engine'
import { ipcMain, resetFakeElectron } from '../../unit/electron/fake-electron'
import { api, startHarness, type Harness } from '../server/server-harness'
import { generateBadOrders, type BadOrder } from './bad-order-generator'

vi.mock('electron', () => import('../../unit/electron/fake-electron'))

const COUNT = 10_000
const SEED = 0x5eed_2026
/** The most a journaled malformed request may take on disk, newline included. */
const MAX_MALFORMED_LINE_BYTES = 4 * 1024
/** A refusal message is for a person: it never echoes a megabyte back. */
const MAX_MESSAGE_LENGTH = 1_000
const APP_PAGE = 'app://vigil/index.html'
const fromApp = { senderFrame: { url: APP_PAGE, parent: null } }

let h: Harness
let cases: BadOrder[]
let agent: Agent
let before: Awaited<ReturnType<typeof accountState>>
/** Requests each path answered as malformed (and so journaled). */
const journaledBy = { rest: 0, ipc: 0 }

/** What must not change: balances, positions, fills, limits, and the orders that are not rejected. */
async function accountState() {
  const [balances, positions, orders] = await Promise.all([
    api(h, 'GET', '/balances'),
    api(h, 'GET', '/positions'),
    api(h, 'GET', '/orders?limit=10000'),
  ])
  return {
    balances: balances.json.balances,
    positions: positions.json.positions,
    liveOrders: (orders.json.orders as Order[]).filter((o) => o.status !== 'rejected'),
    fills: value(await call(h.engine, 'fills:list', { limit: 10_000 })),
    limits: value(await call(h.engine, 'limits:get', {})),
  }
}

beforeAll(async () => {
  cases = generateBadOrders(COUNT, SEED)
  h = await startHarness()
  agent = new Agent({ keepAlive: true, maxSockets: 16 })
  resetFakeElectron()
  registerIpcHandlers(ipcMain, h.engine, (frame) => isTrustedFrame(frame, ['app://vigil']), {
    error: () => undefined,
  })
  // Something to lose: a position and a fill that bad input must leave alone.
  const placed = await api(h, 'POST', '/orders', {
    symbol: 'ETH-USD',
    side: 'buy',
    type: 'market',
    quantity: '0.1',
  })
  expect(placed.status).toBe(201)
  before = await accountState()
}, 30_000)

afterAll(async () => {
  agent?.destroy()
  await h?.stop()
})

interface Answer {
  readonly status: number
  readonly text: string
}

/** POSTs a body to /api/v1/orders; a connection error is an answer with status 0. */
function post(body: string): Promise<Answer> {
  return new Promise((resolve) => {
    let status = 0
    const req = request(
      {
        agent,
        host: '127.0.0.1',
        port: h.port,
        method: 'POST',
        path: '/api/v1/orders',
        headers: {
          Host: h.host,
          Authorization: `Bearer ${h.token}`,
          'Content-Type': 'application/json',
          'Content-Length': Buffer.byteLength(body),
        },
      },
      (res) => {
        status = res.statusCode ?? 0
        const chunks: Buffer[] = []
        res.on('data', (c: Buffer) => chunks.push(c))
        res.on('end', () => resolve({ status, text: Buffer.concat(chunks).toString('utf8') }))
        res.on('error', (error) => resolve({ status, text: `(${error.message})` }))
      },
    )
    req.on('error', (error) => resolve({ status, text: `(${error.message})` }))
    req.end(body)
  })
}

/** Runs `fn` over the items with at most `width` at a time. */
async function inPool<T>(
  items: readonly T[],
  width: number,
  fn: (item: T, index: number) => Promise<void>,
): Promise<void> {
  let next = 0
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const index = next++
      await fn(items[index] as T, index)
    }
  }
  await Promise.all(Array.from({ length: width }, worker))
}

function describeCase(c: BadOrder, index: number): string {
  return `#${index} (${c.kind}): ${c.body.slice(0, 80)}`
}

describe(`${COUNT.toLocaleString('en-US')} bad orders`, { timeout: 120_000 }, () => {
  it('covers every family of mistakes the issue names, with no valid order among them', () => {
    expect(cases).toHaveLength(COUNT)
    const kinds = new Set(cases.map((c) => c.kind.replace(/ (in|for) \w+$/, '')))
    for (const kind of [
      'non-finite quantity',
      'number quantity',
      'bad decimal string',
      'zero, negative or huge quantity',
      'unknown symbol',
      'missing fields',
      'extra field',
      '__proto__ key',
      'constructor key',
      '1 MB string',
      '10000-level nesting',
      'invalid JSON',
      'wrong type',
      'number where a string belongs',
      'not an object',
    ]) {
      expect(kinds, kind).toContain(kind)
    }
    // Same seed, same cases: a failure is reproduced by its index.
    expect(generateBadOrders(50, SEED).map((c) => c.body)).toEqual(
      cases.slice(0, 50).map((c) => c.body),
    )
  })

  it('refuses every one through the REST API with a 4xx and {error: {code, message}}', async () => {
    const failures: string[] = []
    await inPool(cases, 16, async (c, index) => {
      const answer = await post(c.body)
      let error: { code?: unknown; message?: unknown } | undefined
      try {
        error = (JSON.parse(answer.text) as { error?: typeof error }).error
      } catch {
        error = undefined
      }
      const allowed = c.gateOnly ? [400, 422] : [400, 404, 413]
      const message = typeof error?.message === 'string' ? error.message : ''
      if (
        !allowed.includes(answer.status) ||
        typeof error?.code !== 'string' ||
        message.length < 10 ||
        message.length > MAX_MESSAGE_LENGTH
      ) {
        failures.push(`${describeCase(c, index)} → ${answer.status} ${answer.text.slice(0, 200)}`)
      }
      if (answer.status === 400 || answer.status === 413) journaledBy.rest++
    })
    expect(failures.slice(0, 10), `${failures.length} bad answers`).toEqual([])
  })

  it('refuses every one through the IPC handler with a Result that says why', async () => {
    const failures: string[] = []
    await inPool(cases, 64, async (c, index) => {
      const result = (await ipcMain.invoke('orders:submit', fromApp, c.payload)) as Result<unknown>
      const allowed = c.gateOnly
        ? ['INVALID_INPUT', 'GATE_REJECTED']
        : ['INVALID_INPUT', 'NOT_FOUND']
      if (
        result.ok ||
        !allowed.includes(result.error.code) ||
        result.error.message.length < 10 ||
        result.error.message.length > MAX_MESSAGE_LENGTH
      ) {
        failures.push(`${describeCase(c, index)} → ${JSON.stringify(result).slice(0, 200)}`)
        return
      }
      if (result.error.code === 'INVALID_INPUT') journaledBy.ipc++
    })
    expect(failures.slice(0, 10), `${failures.length} bad answers`).toEqual([])
  })

  it('leaves balances, positions, fills and limits as they were, and fills nothing', async () => {
    const after = await accountState()
    expect(after.balances).toEqual(before.balances)
    expect(after.positions).toEqual(before.positions)
    expect(after.fills).toEqual(before.fills)
    expect(after.limits).toEqual(before.limits)
    expect(after.liveOrders).toEqual(before.liveOrders)
    expect(({} as Record<string, unknown>).admin).toBeUndefined()
    expect(({} as Record<string, unknown>).polluted).toBeUndefined()
  })

  it('journals every malformed request, each record bounded in size', () => {
    const dir = path.join(h.dataDir, 'journal')
    const lines = readdirSync(dir)
      .filter((f) => f.endsWith('.jsonl'))
      .sort()
      .flatMap((f) => readFileSync(path.join(dir, f), 'utf8').trimEnd().split('\n'))
    const malformed = lines.filter((l) => l.includes('"type":"order.malformed"'))
    expect(malformed).toHaveLength(journaledBy.rest + journaledBy.ipc)
    expect(journaledBy.rest).toBeGreaterThan(COUNT * 0.9)
    expect(journaledBy.ipc).toBeGreaterThan(COUNT * 0.9)
    const sizes = malformed.map((l) => Buffer.byteLength(l) + 1)
    const largest = Math.max(...sizes)
    const tooBig = malformed.filter((l) => Buffer.byteLength(l) + 1 > MAX_MALFORMED_LINE_BYTES)
    expect(
      tooBig.map((l) => l.slice(0, 200)),
      `largest record ${largest} bytes`,
    ).toEqual([])
    const sources = new Set(
      malformed.map((l) => (JSON.parse(l) as { payload: { source: string } }).payload.source),
    )
    expect(sources).toEqual(new Set(['api', 'ticket']))
  })

  it('stays up: a normal order still fills afterwards, through both paths', async () => {
    const rest = await api(h, 'POST', '/orders', {
      symbol: 'BTC-USD',
      side: 'buy',
      type: 'market',
      quantity: '0.001',
    })
    expect(rest.status).toBe(201)
    expect(rest.json.status).toBe('filled')
    const ipc = (await ipcMain.invoke('orders:submit', fromApp, {
      symbol: 'BTC-USD',
      side: 'sell',
      type: 'market',
      quantity: '0.001',
    })) as Result<Order>
    expect(ipc.ok && ipc.value.status).toBe('filled')
  })
})
