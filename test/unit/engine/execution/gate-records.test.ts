/**
 * What the gate leaves behind: each check is journaled as its code and numbers, and every
 * reader (the answer to the order, the ledger's order, the audit trail, the CSV export) shows
 * the same words rendered from them. Older journals that spelled each message out still load,
 * verify, and show what they stored. An open reconciliation finding blocks an account under
 * its own name, not as a broken position tracker.
 */
import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import type { Engine } from '../../../../electron/engine'
import type { Broker } from '../../../../electron/engine/brokers'
import { Journal, exportAuditCsv, type JournalRecord } from '../../../../electron/engine/journal'
import { delegate } from '../../../kit/broker'
import { FakeClock } from '../../../kit/fake-clock'
import { call, cleanup, journalRecords, tempDir, testEngine, value } from '../../../kit/engine'

const dirs: string[] = []
const engines: Engine[] = []
afterEach(async () => {
  await Promise.all(engines.splice(0).map((e) => e.close()))
  dirs.splice(0).forEach(cleanup)
})
function fresh(): string {
  const dir = tempDir()
  dirs.push(dir)
  return dir
}
async function start(dir: string, wrapBroker?: (paper: Broker) => Broker) {
  const { engine } = await testEngine(dir, wrapBroker ? { wrapBroker } : {})
  engines.push(engine)
  return engine
}
const order = (quantity: string, symbol = 'BTC-USD') => ({
  symbol,
  side: 'buy',
  type: 'market',
  quantity,
})
async function csvText(dir: string): Promise<string> {
  let text = ''
  await exportAuditCsv(path.join(dir, 'journal'), (chunk) => void (text += chunk))
  return text
}
const gateRecords = (dir: string) =>
  journalRecords(dir).filter(
    (r): r is Extract<JournalRecord, { type: 'order.gate' }> => r.type === 'order.gate',
  )

const OFF_LOT = 'Quantity 0.000015 is not a multiple of the BTC-USD lot size 0.00001.'

describe('gate check records', () => {
  it('journals each check as its code and numbers, and every reader shows the same words', async () => {
    const dir = fresh()
    const engine = await start(dir)
    const refused = await call(engine, 'orders:submit', order('0.000015'))
    expect(refused.ok ? null : refused.error.message).toContain(OFF_LOT)
    const placed = value(await call(engine, 'orders:submit', order('0.01')))

    const [rejected, accepted] = gateRecords(dir)
    // On disk: name, code and numbers; no sentence, no flag the code already says.
    const lines = [...rejected!.payload.checks, ...accepted!.payload.checks]
    expect(lines.filter((c) => !Array.isArray(c))).toEqual([])
    expect(rejected!.payload.checks[1]).toEqual(['quantity', 'OFF_LOT_SIZE', { lot: '0.00001' }])
    const balance = accepted!.payload.checks.find((c) => Array.isArray(c) && c[0] === 'balance')
    expect(balance).toMatchObject(['balance', 'OK', { cash: '10000' }])

    // The trader reads the same sentence wherever the check is shown.
    const words = placed.checks.find((c) => c.name === 'balance')!.message
    expect(words).toMatch(/^Balance covers \$\d+\.\d\d including fee; \$10,000\.00 available\.$/)
    // The decision's seq is its intent's, which shares its record with the gate's decision.
    const audit = value(await call(engine, 'audit:get', { seq: accepted!.seq }))
    expect(audit.validation.checks).toEqual(placed.checks)
    const csv = await csvText(dir)
    expect(csv).toContain(`quantity: failed (${OFF_LOT})`)
    expect(csv).toContain('balance: passed')
  })

  it("shows an older journal's stored messages as they were written, and verifies it", async () => {
    const dir = fresh()
    const clock = new FakeClock()
    const journal = await Journal.open({ dir: path.join(dir, 'journal'), clock })
    const accountId = 'paper-1'
    // Older builds said a reconciliation block was a tracker problem: that is what they stored.
    const stored =
      'Position tracker unavailable: reconciliation with the broker found a difference (the ledger has 0.01 BTC but the broker reports 0 BTC); trading on this account stays blocked until each is resolved on the Reconciliation screen'
    await journal.append('account.opened', {
      accountId,
      name: 'Paper account (simulated market)',
      kind: 'paper',
      quoteAsset: 'USD',
      initialBalance: '10000',
    })
    await journal.append('order.intent', {
      orderId: 'ord-2',
      accountId,
      clientOrderId: 'old-1',
      symbol: 'BTC-USD',
      side: 'buy',
      type: 'market',
      quantity: '0.01',
      source: 'api',
      expectedPrice: '50010',
    })
    await journal.append('order.gate', {
      orderId: 'ord-2',
      accountId,
      passed: false,
      checks: [
        { name: 'quantity', passed: true, code: 'OK', message: 'Quantity 0.01 is fine.' },
        { name: 'position_tracker', passed: false, code: 'TRACKER_UNAVAILABLE', message: stored },
      ],
      reserved: '0',
      pre: { balance: '10000', positions: 0, positionQuantity: '0', entryPrice: '50010' },
    })
    await journal.close()

    const engine = await start(dir)
    const verified = value(await call(engine, 'audit:verify', {}))
    expect(verified.ok).toBe(true)
    const rejected = value(await call(engine, 'orders:get', { id: 'ord-2' }))
    expect(rejected.reason).toBe(stored)
    expect(rejected.checks.map((c) => c.message)).toEqual(['Quantity 0.01 is fine.', stored])
    const audit = value(await call(engine, 'audit:get', { seq: 2 }))
    expect(audit.validation.checks).toEqual(rejected.checks)
    expect(await csvText(dir)).toContain(
      `quantity: passed | position_tracker: failed (${stored.replace(/"/g, '""')})`,
    )
  })

  it('refuses an account with an open reconciliation finding under the reconciliation check', async () => {
    let brokerBtc: string | null = null
    const dir = fresh()
    const engine = await start(dir, (paper) =>
      delegate(paper, {
        balances: async (a) => ({
          ...(await paper.balances(a)),
          ...(brokerBtc === null ? {} : { BTC: brokerBtc }),
        }),
        positionOf: async (a, s) =>
          s === 'BTC-USD' && brokerBtc !== null ? brokerBtc : paper.positionOf(a, s),
      }),
    )
    value(await call(engine, 'orders:submit', order('0.01')))
    brokerBtc = '0'
    const [finding] = value(await call(engine, 'reconcile:run', {})).open
    expect(finding).toBeDefined()

    const refused = await call(engine, 'orders:submit', order('0.01', 'ETH-USD'))
    expect(refused.ok).toBe(false)
    const rejected = refused.ok ? null : refused.error.details
    const failed = (
      rejected as { checks: { name: string; passed: boolean; message: string }[] }
    ).checks.filter((c) => !c.passed)
    expect(failed.map((c) => c.name)).toEqual(['reconciliation'])
    expect(failed[0]!.message).toBe(
      `Trading on this account is blocked: reconciliation with the broker found a difference that is still open (finding ${finding!.id}: ${finding!.message}). Resolving it on the Reconciliation screen lifts the block.`,
    )
    expect(refused.ok ? '' : refused.error.message).not.toContain('Position tracker')
  })
})
