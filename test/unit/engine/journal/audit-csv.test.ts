/**
 * The audit CSV against the ledger: an order filled in several parts shows the same average
 * price in both (the exact volume-weighted price, rounded once), and every row lists each check
 * that ran with its result, passed ones included.
 */
import { afterEach, describe, expect, it } from 'vitest'
import {
  AUDIT_CSV_HEADER,
  exportAuditCsv,
  Journal,
  type JournalRecord,
} from '../../../../electron/engine/journal'
import { Ledger } from '../../../../electron/engine/ledger'
import { cleanup, tempDir } from '../../../kit/engine'
import { FakeClock } from '../../../kit/fake-clock'

const dirs: string[] = []
afterEach(() => dirs.splice(0).forEach(cleanup))

type Writer = Pick<Journal, 'append' | 'close'>

/** A journal folded into a ledger as it is written, as the engine does. */
async function journalWithLedger() {
  const dir = tempDir()
  dirs.push(dir)
  const ledger = new Ledger()
  const opened = await Journal.open({ dir, clock: new FakeClock() })
  const journal: Writer = {
    append: async (type, payload) => {
      const record = await opened.append(type, payload)
      ledger.apply(record as JournalRecord)
      return record
    },
    close: () => opened.close(),
  }
  await journal.append('account.opened', {
    accountId: 'paper-1',
    name: 'Paper',
    kind: 'paper',
    quoteAsset: 'USD',
    initialBalance: '10000',
  })
  return { dir, ledger, journal }
}

const pre = { balance: '10000', positions: 0, positionQuantity: '0', entryPrice: '1.5' }
const post = { balance: '9992', positions: 1, positionQuantity: '6', trackerUpdated: true }

async function order(journal: Writer, orderId: string, quantity: string): Promise<void> {
  await journal.append('order.intent', {
    orderId,
    accountId: 'paper-1',
    clientOrderId: `c-${orderId}`,
    symbol: 'BTC-USD',
    side: 'buy',
    type: 'market',
    quantity,
    source: 'api',
    expectedPrice: '1.5',
  })
}

async function fill(journal: Writer, orderId: string, n: number, quantity: string, price: string) {
  await journal.append('order.fill', {
    fillId: `${orderId}-f${n}`,
    orderId,
    accountId: 'paper-1',
    quantity,
    price,
    fee: '0',
    feeAsset: 'USD',
    liquidity: 'taker',
    ts: n,
  })
}

async function csvRows(dir: string): Promise<Record<string, string>[]> {
  let text = ''
  await exportAuditCsv(dir, (chunk) => void (text += chunk))
  const [header, ...rows] = text.trimEnd().split('\n')
  const columns = (header as string).split(',')
  // Only the rows' check cells hold commas, and they are quoted.
  return rows.map((row) => {
    const cells = [...row.matchAll(/("([^"]|"")*"|[^,]*)(,|$)/g)]
      .map((m) => (m[1] as string).replace(/^"|"$/g, '').replace(/""/g, '"'))
      .slice(0, columns.length)
    return Object.fromEntries(columns.map((c, i) => [c, cells[i] as string]))
  })
}

describe('audit CSV', () => {
  it("gives an order filled in parts its exact average price, the same as the ledger's", async () => {
    const { dir, ledger, journal } = await journalWithLedger()
    await order(journal, 'o-1', '6')
    await journal.append('order.gate', {
      orderId: 'o-1',
      accountId: 'paper-1',
      passed: true,
      checks: [],
      reserved: '12',
      pre,
    })
    // 1 @ 1, 2 @ 2, 3 @ 1: 8 / 6 = 1.3333… A running average of rounded averages says …34.
    await fill(journal, 'o-1', 1, '1', '1')
    await fill(journal, 'o-1', 2, '2', '2')
    await fill(journal, 'o-1', 3, '3', '1')
    await journal.close()

    expect(ledger.findOrder('paper-1', 'o-1')?.averagePrice).toBe('1.33333333')
    const [row] = await csvRows(dir)
    expect(row?.fill_price).toBe('1.33333333')
  })

  it('lists every check that ran with its result, not only the failed ones', async () => {
    const { dir, journal } = await journalWithLedger()
    await order(journal, 'o-1', '6')
    await journal.append('order.gate', {
      orderId: 'o-1',
      accountId: 'paper-1',
      passed: true,
      checks: [
        { name: 'price', passed: true, code: 'OK', message: 'The price is valid.' },
        { name: 'balance', passed: true, code: 'OK', message: 'Enough cash.' },
      ],
      reserved: '12',
      pre,
    })
    await fill(journal, 'o-1', 1, '6', '1.5')
    await journal.append('order.closed', {
      orderId: 'o-1',
      accountId: 'paper-1',
      status: 'filled',
      reason: null,
    })
    await journal.append('order.verified', {
      orderId: 'o-1',
      accountId: 'paper-1',
      passed: false,
      partial: false,
      checks: [
        { name: 'confirmed', passed: true, message: 'The broker confirmed it.' },
        { name: 'slippage', passed: false, message: 'Slippage 60 bps, above 50.' },
      ],
      slippageBps: 60,
      post,
    })
    await order(journal, 'o-2', '1000000')
    await journal.append('order.gate', {
      orderId: 'o-2',
      accountId: 'paper-1',
      passed: false,
      checks: [
        { name: 'price', passed: true, code: 'OK', message: 'The price is valid.' },
        {
          name: 'balance',
          passed: false,
          code: 'INSUFFICIENT_BALANCE',
          message: 'Insufficient balance: need $1,500,000.00, have $9,991.00',
        },
      ],
      reserved: '0',
      pre,
    })
    await journal.close()

    expect(AUDIT_CSV_HEADER.split(',')).toEqual(
      expect.arrayContaining(['checks', 'verification_checks']),
    )
    const [accepted, rejected] = await csvRows(dir)
    expect(accepted?.checks).toBe('price: passed | balance: passed')
    expect(accepted?.verification_checks).toBe(
      'confirmed: passed | slippage: failed (Slippage 60 bps, above 50.)',
    )
    expect(rejected?.checks).toBe(
      'price: passed | balance: failed (Insufficient balance: need $1,500,000.00, have $9,991.00)',
    )
  })
})
