/**
 * The audit trail over HTTP, against the real engine: the composite records a bot pages
 * through, and the journal export a signed-in browser downloads (at a one-time address) or a
 * script fetches (Bearer), with the same Host and Origin checks as every other route.
 */
import { createHash } from 'node:crypto'
import { readFileSync, readdirSync } from 'node:fs'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { AUDIT_CSV_HEADER, dataEnd } from '../../../electron/engine/journal'
import type { ReceivedOutline } from '../../../electron/engine/journal'
import type { AuditRecord } from '../../../shared/types'
import { accountState, api, send, signIn, startHarness, type Harness } from './server-harness'

let h: Harness
const placed: string[] = []

beforeAll(async () => {
  h = await startHarness()
  for (const [i, quantity] of ['0.01', '0.02', '1000', '0.03'].entries()) {
    const res = await api(h, 'POST', '/orders', {
      clientOrderId: `audit-${i}`,
      symbol: 'BTC-USD',
      side: 'buy',
      type: 'market',
      quantity,
    })
    expect([201, 422]).toContain(res.status)
    placed.push(`audit-${i}`)
  }
})
afterAll(async () => {
  await h?.stop()
})

const sha256 = (bytes: Buffer | string): string => createHash('sha256').update(bytes).digest('hex')

function journalBytes(): Buffer {
  const dir = path.join(h.dataDir, 'journal')
  const segments = readdirSync(dir)
    .filter((f) => f.endsWith('.jsonl'))
    .sort()
  // Each segment's data: the zeros written ahead of the running journal's are not records.
  return Buffer.concat(
    segments.map((s) => {
      const bytes = readFileSync(path.join(dir, s))
      return bytes.subarray(0, dataEnd(bytes))
    }),
  )
}

/** A one-time download address of an export, bought with a signed-in tab's session. */
async function ticketed(format: string): Promise<string> {
  const session = await signIn(h)
  const res = await send(h, {
    method: 'POST',
    path: '/session/download',
    headers: { Authorization: `Session ${session}`, 'Content-Type': 'application/json' },
    body: JSON.stringify({ format }),
  })
  return res.json.url as string
}
const bearer = (): Record<string, string> => ({ Authorization: `Bearer ${h.token}` })

describe('GET /api/v1/audit', () => {
  it('lists one composite record per decision, accepted or rejected, oldest first', async () => {
    const res = await api(h, 'GET', '/audit')
    expect(res.status).toBe(200)
    const records = res.json.records as AuditRecord[]
    expect(records.map((r) => r.execution?.client_order_id ?? null)).toEqual([
      'audit-0',
      'audit-1',
      null, // the gate rejected it: no execution
      'audit-3',
    ])
    const [first, , rejected] = records as [AuditRecord, AuditRecord, AuditRecord]
    expect(first).toMatchObject({
      action: 'BUY',
      symbol: 'BTC-USD',
      quantity: '0.01',
      source: 'api',
      validation: { passed: true },
      execution: { status: 'filled', filled_quantity: '0.01' },
      post_execution: { tracker_updated: true },
      verification: { passed: true },
    })
    expect(first.validation.checks.length).toBeGreaterThan(3)
    expect(rejected.validation.passed).toBe(false)
    expect(rejected.validation.checks.some((c) => !c.passed)).toBe(true)
    expect(res.json.nextSeq).toBe((records.at(-1) as AuditRecord).seq + 1)
  })

  it('pages with fromSeq and limit, and nextSeq continues where a page ended', async () => {
    const all = (await api(h, 'GET', '/audit')).json.records as AuditRecord[]
    const seen: number[] = []
    let fromSeq = 1
    for (;;) {
      const page = await api(h, 'GET', `/audit?fromSeq=${fromSeq}&limit=1`)
      expect(page.status).toBe(200)
      if (page.json.records.length === 0) {
        expect(page.json.nextSeq).toBe(fromSeq)
        break
      }
      seen.push(...page.json.records.map((r: AuditRecord) => r.seq))
      fromSeq = page.json.nextSeq
    }
    expect(seen).toEqual(all.map((r) => r.seq))
  })

  it('refuses a bad fromSeq or limit with 400, and a console session instead of the Bearer token with 401', async () => {
    for (const query of ['fromSeq=0', 'fromSeq=abc', 'limit=0', 'limit=20000', 'since=1']) {
      const res = await api(h, 'GET', `/audit?${query}`)
      expect(res.status, query).toBe(400)
      expect(res.json.error.code, query).toBe('INVALID_INPUT')
    }
    const session = await signIn(h)
    const bySession = await send(h, {
      path: '/api/v1/audit',
      headers: { Authorization: `Session ${session}` },
    })
    expect(bySession.status).toBe(401)
  })
})

describe('GET /api/v1/audit/export', () => {
  it('downloads the raw journal by Bearer token, byte for byte, as an attachment', async () => {
    const res = await send(h, { path: '/api/v1/audit/export?format=jsonl', headers: bearer() })
    expect(res.status).toBe(200)
    expect(res.headers['content-type']).toContain('application/x-ndjson')
    expect(res.headers['content-disposition']).toMatch(
      /^attachment; filename="vigil-journal-\d{8}\.jsonl"$/,
    )
    expect(res.headers['cache-control']).toBe('no-store')
    expect(Buffer.from(res.text, 'utf8').equals(journalBytes())).toBe(true)
  })

  it('downloads at a one-time address a console session bought, as the browser console does', async () => {
    const res = await send(h, { path: await ticketed('jsonl') })
    expect(res.status).toBe(200)
    expect(Buffer.from(res.text, 'utf8').equals(journalBytes())).toBe(true)
  })

  it('gives the manifest with the count, the head and the SHA-256 of the journal download', async () => {
    const manifest = await send(h, { path: await ticketed('manifest') })
    expect(manifest.status).toBe(200)
    expect(manifest.headers['content-disposition']).toMatch(
      /filename="vigil-journal-\d{8}\.jsonl\.manifest\.json"/,
    )
    const bytes = journalBytes()
    const lines = bytes.toString('utf8').trimEnd().split('\n')
    const last = JSON.parse(lines.at(-1) as string)
    expect(manifest.json).toMatchObject({
      format: 'vigil-journal-jsonl',
      records: lines.length,
      head: { seq: last.seq, hash: last.hash },
      verified: true,
      bytes: bytes.length,
      sha256: sha256(bytes),
    })
  })

  it('downloads the composite records as CSV, one row per decision', async () => {
    const res = await send(h, { path: '/api/v1/audit/export?format=csv', headers: bearer() })
    expect(res.status).toBe(200)
    expect(res.headers['content-type']).toContain('text/csv')
    expect(res.headers['content-disposition']).toMatch(/filename="vigil-audit-\d{8}\.csv"/)
    const lines = res.text.trimEnd().split('\n')
    expect(lines[0]).toBe(AUDIT_CSV_HEADER)
    expect(lines).toHaveLength(1 + placed.length)
  })

  it('refuses without a credential (401), from another origin (403), and a bad format (400)', async () => {
    const none = await send(h, { path: '/api/v1/audit/export?format=jsonl' })
    expect(none.status).toBe(401)
    expect(none.json.error.code).toBe('UNAUTHORIZED')
    const wrongTicket = await send(h, {
      path: `/api/v1/audit/export?format=jsonl&ticket=${'0'.repeat(64)}`,
    })
    expect(wrongTicket.status).toBe(401)
    expect(wrongTicket.json.error.message).toMatch(/already used or has expired/)
    const foreign = await send(h, {
      path: await ticketed('jsonl'),
      headers: { Origin: 'https://evil.example' },
    })
    expect(foreign.status).toBe(403)
    const rebound = await send(h, {
      path: await ticketed('jsonl'),
      headers: { Host: 'evil.example' },
    })
    expect(rebound.status).toBe(403)
    const format = await send(h, { path: '/api/v1/audit/export?format=xml', headers: bearer() })
    expect(format.status).toBe(400)
    expect(format.json.error.message).toContain('jsonl, csv or manifest')
    expect(none.text).not.toContain('"seq":')
  })
})

/** The payloads of the journal's 'order.malformed' records so far. */
function malformedRecords(): { source: string; reason: string; received: ReceivedOutline }[] {
  return journalBytes()
    .toString('utf8')
    .trimEnd()
    .split('\n')
    .map((line) => JSON.parse(line))
    .filter((r) => r.type === 'order.malformed')
    .map((r) => r.payload)
}

describe('malformed orders leave a trace in the journal', () => {
  it('journals every refused REST order body, bounded, and still answers 4xx with nothing changed', async () => {
    const before = await accountState(h)
    const count = malformedRecords().length
    const bodies: { body: string; status: number }[] = [
      { body: '{"symbol":"BTC-USD",', status: 400 },
      { body: '[1,2,3]', status: 400 },
      {
        body: JSON.stringify({ symbol: 'BTC-USD', side: 'buy', type: 'market', quantity: 1 }),
        status: 400,
      },
      { body: JSON.stringify({ clientOrderId: 'x'.repeat(60_000) }), status: 400 },
      { body: 'x'.repeat(70 * 1024), status: 413 },
    ]
    for (const { body, status } of bodies) {
      const res = await send(h, {
        method: 'POST',
        path: '/api/v1/orders',
        headers: { ...bearer(), 'Content-Type': 'application/json' },
        body,
      })
      expect(res.status).toBe(status)
      expect(res.json.error.message.length).toBeGreaterThan(10)
    }
    const added = malformedRecords().slice(count)
    expect(added).toHaveLength(bodies.length)
    expect(added.every((r) => r.source === 'api')).toBe(true)
    expect(added[0]?.received).toEqual({ kind: 'text', size: 20, fields: [], otherFields: 0 })
    expect(added[0]?.reason).toContain('not valid JSON')
    expect(added[1]?.received).toMatchObject({ kind: 'array', size: 7 })
    expect(added[2]?.reason).toContain('quantity')
    expect(added[2]?.received.fields).toContainEqual({ name: 'quantity', kind: 'number', size: 1 })
    // 60,000 characters received; the record says so in a few bytes.
    expect(added[3]?.received.fields).toEqual([
      { name: 'clientOrderId', kind: 'string', size: 60_000 },
    ])
    expect(JSON.stringify(added[3]).length).toBeLessThan(1_000)
    expect(added[4]?.reason).toContain('64 KiB')
    expect(await accountState(h)).toBe(before)
  })

  it('keeps what was wrong but none of what was sent: a secret in a bad body never reaches the disk', async () => {
    const secret = 'sk-live-4f1c9a7e2b8d4c6f'
    const count = malformedRecords().length
    const bodies = [
      // A key pasted into a field the API does not know, and one in a body that is not JSON.
      JSON.stringify({
        symbol: 'BTC-USD',
        side: 'buy',
        type: 'market',
        quantity: '1',
        apiSecret: secret,
      }),
      `symbol=BTC-USD&side=buy&key=${secret}`,
      JSON.stringify({ symbol: 'BTC-USD', side: 'buy', type: 'market', quantity: secret }),
    ]
    for (const body of bodies) {
      const res = await send(h, {
        method: 'POST',
        path: '/api/v1/orders',
        headers: { ...bearer(), 'Content-Type': 'application/json' },
        body,
      })
      expect(res.status).toBe(400)
    }
    const added = malformedRecords().slice(count)
    expect(added).toHaveLength(bodies.length)
    expect(added[0]?.reason).toContain('apiSecret')
    expect(added[0]?.received).toMatchObject({ kind: 'object', otherFields: 1 })
    expect(added[1]?.received).toMatchObject({ kind: 'text', size: bodies[1]?.length })
    expect(added[2]?.received.fields).toContainEqual({
      name: 'quantity',
      kind: 'string',
      size: secret.length,
    })
    expect(journalBytes().toString('utf8')).not.toContain('4f1c9a7e2b8d4c6f')
  })
})
