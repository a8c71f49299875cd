/**
 * Recovery on a big data folder: a 1,000,000-record journal holding 10,000 orders, a snapshot
 * from a clean shutdown, and a tail of a few hundred records written after it (as when the
 * process dies between two snapshots). Measures time to a ready engine, to trading open (the
 * gate refuses orders until the chain before the snapshot's place has been walked, which
 * starts on a worker thread with the engine), an audit:verify of the whole chain, and what
 * the snapshot costs to read and write.
 */
import { copyFileSync, readFileSync, statSync } from 'node:fs'
import path from 'node:path'
import { performance } from 'node:perf_hooks'
import { createEngine, type Engine } from '../../electron/engine'
import { SnapshotStore } from '../../electron/engine/resilience'
import { systemClock } from '../../electron/host'
import { cleanup, tempDir } from '../kit/engine'
import { MIXED_HISTORY_MIX, writeMixedHistory } from '../kit/fixtures'
import type { BenchResult } from './harness'

const RECORDS = 1_000_000
const ORDERS = 10_000
/** Three orders and their neighbours: what a minute between snapshots might add. */
const TAIL = 300
const RUNS = 7

const start = (dataDir: string): Promise<Engine> =>
  createEngine({ dataDir, clock: systemClock, startMarket: false })

/** Measures recovery on a 1,000,000-record journal. */
export async function benchRecovery(): Promise<BenchResult[]> {
  const dir = tempDir('vigil-bench-recovery-')
  try {
    let t0 = performance.now()
    await writeMixedHistory(dir, { orders: ORDERS, records: RECORDS, to: RECORDS - TAIL })
    console.error(`  journal written in ${((performance.now() - t0) / 1000).toFixed(1)} s`)
    // The first start has no snapshot: a full replay; closing it writes the snapshot.
    t0 = performance.now()
    const first = await start(dir)
    const fullReplay = performance.now() - t0
    await first.close()
    // Closing journaled the snapshot's SHA-256 (one record): the tail comes after it.
    await writeMixedHistory(dir, {
      orders: ORDERS,
      records: RECORDS,
      from: RECORDS - TAIL + 2,
      to: RECORDS + 1,
    })
    const state = path.join(dir, 'state.json')
    const saved = path.join(dir, 'bench-state.json')
    copyFileSync(state, saved)

    const ready: number[] = []
    const readyCpu: number[] = []
    const open: number[] = []
    const chainWalked: number[] = []
    for (let i = 0; i < RUNS; i++) {
      // Each run starts from the same snapshot: closing the last one covered the tail.
      copyFileSync(saved, state)
      const cpu0 = process.cpuUsage()
      t0 = performance.now()
      const engine = await start(dir)
      const t1 = performance.now()
      const cpu = process.cpuUsage(cpu0)
      ready.push(t1 - t0)
      readyCpu.push((cpu.user + cpu.system) / 1000)
      if (engine.info.replayed !== TAIL)
        throw new Error(
          `replayed ${engine.info.replayed} records, expected the ${TAIL} of the tail`,
        )
      // Trading opens once the chain is walked (idle waits for that first).
      await engine.idle()
      const t2 = performance.now()
      open.push(t2 - t0)
      const verified = await engine.handle(
        { name: 'audit:verify', payload: {} },
        { source: 'ticket' },
      )
      // Each run's close adds its snapshot's record: the journal grows by one a run.
      if (!verified.ok || !verified.value.ok || verified.value.records !== engine.info.journalSeq)
        throw new Error(`the journal did not verify: ${JSON.stringify(verified)}`)
      chainWalked.push(performance.now() - t2)
      await engine.close()
    }

    copyFileSync(saved, state)
    const store = new SnapshotStore(dir)
    const loads: number[] = []
    const saves: number[] = []
    let data = null
    for (let i = 0; i < RUNS; i++) {
      t0 = performance.now()
      data = (await store.load()).data
      loads.push(performance.now() - t0)
    }
    if (!data) throw new Error('the snapshot did not load')
    for (let i = 0; i < RUNS; i++) {
      t0 = performance.now()
      await store.save(data, async () => undefined)
      saves.push(performance.now() - t0)
    }
    const mb = (bytes: number): string => `${(bytes / 1e6).toFixed(1)} MB`
    // Snapshots no longer hold the audit trail (format 4): its share is then nothing.
    const bytes = (value: unknown): number =>
      value === undefined ? 0 : Buffer.byteLength(JSON.stringify(value))
    const stored = JSON.parse(readFileSync(state, 'utf8')) as Record<'audit' | 'ledger', unknown>
    const size = statSync(state).size
    const share = (part: number): string => `${mb(part)} (${Math.round((100 * part) / size)} %)`
    // Format 2 stored every decision's gate checks a second time, next to its order's.
    const snapshotNote = `state.json ${mb(size)}: audit trail ${share(bytes(stored.audit))}, ledger ${share(bytes(stored.ledger))}; ${mb(bytes(data))} with the gate checks stored twice (format 2); ${ORDERS.toLocaleString('en-US')} orders`
    const note = `${RECORDS.toLocaleString('en-US')} records, ${ORDERS.toLocaleString('en-US')} orders, snapshot + ${TAIL}-record tail; ${MIXED_HISTORY_MIX}`
    return [
      {
        name: 'recovery, 1M-record journal: engine ready',
        unit: 'ms',
        samples: ready,
        target: { value: 2000, lowerIsBetter: true },
        note,
      },
      {
        name: 'recovery, 1M-record journal: engine ready, CPU time',
        unit: 'ms',
        samples: readyCpu,
        note: 'user + system time of the process over the same starts: the work done, however busy the machine is',
      },
      {
        name: 'recovery, 1M-record journal: to trading open',
        unit: 'ms',
        samples: open,
        target: { value: 2000, lowerIsBetter: true },
        note: 'from start until the gate takes orders: the chain before the snapshot walked (on a worker thread from the first moment of start-up)',
      },
      {
        name: 'recovery, 1M-record journal: audit:verify of the whole chain',
        unit: 'ms',
        samples: chainWalked,
        note: 'after trading opened, on the main thread',
      },
      {
        name: 'recovery, 1M-record journal: no snapshot (full replay)',
        unit: 'ms',
        samples: [fullReplay],
        note: 'one run: the start that writes the snapshot',
      },
      { name: 'snapshot load (read + parse)', unit: 'ms', samples: loads, note: snapshotNote },
      {
        name: 'snapshot save (serialize + fsync + rename)',
        unit: 'ms',
        samples: saves,
        note: snapshotNote,
      },
    ]
  } finally {
    cleanup(dir)
  }
}
