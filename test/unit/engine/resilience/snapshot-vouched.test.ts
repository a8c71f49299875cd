/**
 * The snapshot is part of the chain: the journal records each snapshot's SHA-256, and start-up
 * uses a snapshot only if the journal vouches for its bytes. A snapshot changed by hand is not
 * used: the state is rebuilt from the journal, and a critical alert names the file.
 */
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { createHash } from 'node:crypto'
import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import type { Engine } from '../../../../electron/engine'
import { Journal, type JournalRecord } from '../../../../electron/engine/journal'
import { Ledger } from '../../../../electron/engine/ledger'
import { SnapshotStore } from '../../../../electron/engine/resilience'
import { call, cleanup, journalOnDisk, tempDir, testEngine, value } from '../../../kit/engine'
import { FakeClock } from '../../../kit/fake-clock'

const dirs: string[] = []
const engines: Engine[] = []
afterEach(async () => {
  await Promise.all(engines.splice(0).map((e) => e.close()))
  dirs.splice(0).forEach(cleanup)
})

const buy = { symbol: 'BTC-USD', side: 'buy', type: 'market', quantity: '0.01' }

async function start(dir: string): Promise<Engine> {
  const { engine } = await testEngine(dir)
  engines.push(engine)
  return engine
}

async function stop(engine: Engine): Promise<void> {
  engines.splice(engines.indexOf(engine), 1)
  await engine.close()
}

/** A folder with one filled order, closed (the snapshot written); its balances then. */
async function traded(): Promise<{ dir: string; state: string; balances: unknown }> {
  const dir = tempDir()
  dirs.push(dir)
  const engine = await start(dir)
  value(await call(engine, 'orders:submit', buy))
  const balances = value(await call(engine, 'app:get-snapshot', {})).balances
  await stop(engine)
  return { dir, state: path.join(dir, 'state.json'), balances }
}

const changedAlert = (file: string) => ({
  severity: 'critical',
  kind: 'snapshot_changed',
  message: expect.stringContaining(`The state snapshot ${file} was changed after Vigil wrote it`),
})

describe('snapshot vouched for by the journal', () => {
  it('journals the SHA-256 of each snapshot after the record it covers', async () => {
    const { dir, state } = await traded()
    const stored = JSON.parse(readFileSync(state, 'utf8')) as { journal: { seq: number } }
    const written = journalOnDisk(dir).filter((r) => r.type === 'snapshot.written')
    expect(written).toHaveLength(1)
    expect(written[0]?.seq).toBeGreaterThan(stored.journal.seq)
    expect(written[0]?.payload).toMatchObject({
      file: 'state.json',
      seq: stored.journal.seq,
      sha256: createHash('sha256').update(readFileSync(state)).digest('hex'),
    })
    // A clean restart uses it: nothing but its own record after it is replayed.
    const engine = await start(dir)
    expect(engine.info.replayed).toBe(0)
    expect(engine.info.warnings).toEqual([])
  })

  it('snapshots again only when something changed: an idle engine adds no records', async () => {
    const dir = tempDir()
    dirs.push(dir)
    const { engine, clock } = await testEngine(dir)
    engines.push(engine)
    const written = (): number =>
      journalOnDisk(dir).filter((r) => r.type === 'snapshot.written').length
    for (let minute = 0; minute < 3; minute++) {
      clock.advance(60_000)
      await engine.idle()
    }
    expect(written()).toBe(1)
    value(await call(engine, 'limits:update', { limits: { maxOpenPositions: 3 } }))
    clock.advance(60_000)
    await engine.idle()
    expect(written()).toBe(2)
  })

  it('does not use a snapshot whose cash was raised by hand: rebuilt from the journal, alert', async () => {
    const { dir, state, balances } = await traded()
    const stored = JSON.parse(readFileSync(state, 'utf8')) as {
      folds: { ledger: { accounts: { cash: string }[] } }
    }
    const account = stored.folds.ledger.accounts[0] as { cash: string }
    account.cash = String(Number(account.cash) + 50_000)
    writeFileSync(state, JSON.stringify(stored))

    const engine = await start(dir)
    const after = value(await call(engine, 'app:get-snapshot', {}))
    expect(after.balances).toEqual(balances)
    // The ledger is the fold of the journal on disk.
    const health = value(await call(engine, 'health:check', {}))
    expect(health.checks.find((c) => c.name === 'tracker')?.level).toBe('OK')
    expect(engine.info.warnings.join(' ')).toMatch(/state\.json was changed after Vigil wrote it/)
    const { alerts } = value(await call(engine, 'alerts:status', {}))
    expect(alerts).toContainEqual(expect.objectContaining(changedAlert('state.json')))
  })

  it('keeps trading HALTED when the kill switch was edited to ACTIVE in the snapshot', async () => {
    const dir = tempDir()
    dirs.push(dir)
    const first = await start(dir)
    value(await call(first, 'orders:submit', buy))
    value(await call(first, 'trading:kill-switch', { closePositions: false, reason: 'stop now' }))
    await stop(first)
    const state = path.join(dir, 'state.json')
    const text = readFileSync(state, 'utf8')
    expect(text).toContain('"HALTED"')
    writeFileSync(state, text.replaceAll('"HALTED"', '"ACTIVE"'))

    const engine = await start(dir)
    const refused = await call(engine, 'orders:submit', buy)
    expect(refused.ok ? null : refused.error.message).toMatch(/Trading is HALTED/)
    expect(value(await call(engine, 'app:get-snapshot', {})).globalTradingState).toBe('HALTED')
    const { alerts } = value(await call(engine, 'alerts:status', {}))
    expect(alerts).toContainEqual(expect.objectContaining(changedAlert('state.json')))
  })

  it('falls back to the previous snapshot when the journal vouches for it and not the current', async () => {
    const { dir, state } = await traded()
    // A second session: another order, and a second snapshot (the first becomes the previous).
    const second = await start(dir)
    value(await call(second, 'orders:submit', buy))
    const balances = value(await call(second, 'app:get-snapshot', {})).balances
    await stop(second)
    writeFileSync(state, readFileSync(state, 'utf8').replace('"filled"', '"canceled"'))

    const engine = await start(dir)
    expect(engine.info.warnings.join(' ')).toMatch(/using the previous snapshot/)
    expect(value(await call(engine, 'app:get-snapshot', {})).balances).toEqual(balances)
    expect(value(await call(engine, 'orders:list', {})).map((o) => o.status)).toEqual([
      'filled',
      'filled',
    ])
    const { alerts } = value(await call(engine, 'alerts:status', {}))
    expect(alerts).toContainEqual(expect.objectContaining(changedAlert('state.json')))
  })
})

describe('a snapshot that cannot be written', () => {
  it('leaves no temp file, reports the failure in health, and recovers at the next snapshot', async () => {
    const dir = tempDir()
    dirs.push(dir)
    const { engine, clock } = await testEngine(dir)
    engines.push(engine)
    value(await call(engine, 'orders:submit', buy))
    // The current snapshot cannot be moved aside: a folder holds the previous one's name.
    const blocker = path.join(dir, 'state.json.prev')
    mkdirSync(path.join(blocker, 'in-the-way'), { recursive: true })
    writeFileSync(path.join(dir, 'state.json'), '{}')
    clock.advance(60_000)
    await engine.idle()
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([])
    const failing = value(await call(engine, 'health:check', {}))
    expect(failing.checks.find((c) => c.name === 'snapshot')).toMatchObject({
      level: 'WARN',
      message: expect.stringMatching(/^The last snapshot could not be written: /),
    })
    expect(failing.status).not.toBe('HEALTHY')

    rmSync(blocker, { recursive: true })
    clock.advance(60_000)
    await engine.idle()
    const healthy = value(await call(engine, 'health:check', {}))
    expect(healthy.checks.find((c) => c.name === 'snapshot')?.level).toBe('OK')
    expect(existsSync(path.join(dir, 'state.json.prev'))).toBe(true)
  })
})

describe('snapshots the journal cannot vouch for', () => {
  it('rebuilds a folder written before snapshots were journaled, with a warning and no alarm', async () => {
    const dir = tempDir()
    dirs.push(dir)
    // As an earlier version left it: a journal without snapshot records, and a snapshot.
    const journal = await Journal.open({ dir: path.join(dir, 'journal'), clock: new FakeClock() })
    const record = await journal.append('account.opened', {
      accountId: 'paper-1',
      name: 'Paper account (simulated market)',
      kind: 'paper',
      quoteAsset: 'USD',
      initialBalance: '10000',
    })
    const position = journal.position
    await journal.close()
    const ledger = new Ledger()
    ledger.apply(record as JournalRecord)
    await new SnapshotStore(dir).save(
      { version: 4, journal: position, folds: { ledger: ledger.toState(), audit: [] } },
      async () => undefined,
    )

    const engine = await start(dir)
    expect(engine.info.warnings).toEqual([
      'state.json was written by an earlier version of Vigil that did not record snapshots in the journal; rebuilding from the journal',
    ])
    const { alerts } = value(await call(engine, 'alerts:status', {}))
    expect(alerts.filter((a) => a.kind === 'snapshot_changed')).toEqual([])
    expect(value(await call(engine, 'orders:submit', buy)).status).toBe('filled')
  })

  it('raises the alarm for a changed snapshot that cannot even be read as one', async () => {
    const { dir, state, balances } = await traded()
    // Its last brace cut off: no longer JSON.
    writeFileSync(state, readFileSync(state, 'utf8').slice(0, -1))

    const engine = await start(dir)
    expect(value(await call(engine, 'app:get-snapshot', {})).balances).toEqual(balances)
    expect(engine.info.warnings.join(' ')).toMatch(/could not be read.*rebuilding from the journal/)
    const { alerts } = value(await call(engine, 'alerts:status', {}))
    expect(alerts).toContainEqual(expect.objectContaining(changedAlert('state.json')))
  })

  it('does not stop at a changed snapshot its journal tail cannot be folded onto', async () => {
    const { dir, state } = await traded()
    const first = JSON.parse(readFileSync(state, 'utf8')) as Record<string, unknown>
    // A second session trades on the account; its snapshot becomes the current one.
    const second = await start(dir)
    value(await call(second, 'orders:submit', buy))
    const balances = value(await call(second, 'app:get-snapshot', {})).balances
    await stop(second)
    // The first snapshot with its account and decisions removed: the tail's orders need them.
    writeFileSync(state, JSON.stringify({ ...first, ledger: { accounts: [] }, audit: [] }))

    const engine = await start(dir)
    expect(value(await call(engine, 'app:get-snapshot', {})).balances).toEqual(balances)
    const { alerts } = value(await call(engine, 'alerts:status', {}))
    expect(alerts).toContainEqual(expect.objectContaining(changedAlert('state.json')))
  })

  it('removes temp files a crash left beside the snapshot', async () => {
    const { dir } = await traded()
    const leftover = path.join(dir, `.state.json.4242.${'ab'.repeat(6)}.tmp`)
    writeFileSync(leftover, '{"half":')
    await start(dir)
    expect(existsSync(leftover)).toBe(false)
  })
})
