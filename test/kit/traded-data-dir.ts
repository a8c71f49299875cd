/**
 * A data folder with a real journal written by the engine: orders on two days (so two segment
 * files), filled and gate-rejected, plus a malformed order, closed cleanly so the snapshot
 * holds the head. For verify-audit, export and audit tests.
 */
import { readFileSync, readdirSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { call, testEngine, value } from './engine'

/** What the built journal holds. */
export interface TradedDataDir {
  readonly journalDir: string
  /** Segment file names, oldest first. */
  readonly segments: readonly string[]
  readonly records: number
  /** The last record the state snapshot covers (the record after it vouches for the snapshot). */
  readonly snapshotSeq: number
  /** Trade decisions (order intents, or placed orders), accepted or rejected. */
  readonly decisions: number
}

const DAY_MS = 24 * 60 * 60 * 1000

/** Writes a journal through the real engine into `dataDir`, then closes the engine. */
export async function buildTradedDataDir(dataDir: string): Promise<TradedDataDir> {
  const { engine, clock } = await testEngine(dataDir)
  const submit = (overrides: Record<string, unknown>) =>
    call(engine, 'orders:submit', {
      symbol: 'BTC-USD',
      side: 'buy',
      type: 'market',
      quantity: '0.01',
      ...overrides,
    })
  value(await submit({ clientOrderId: 'day1-a' }))
  clock.advance(1_000)
  value(await submit({ clientOrderId: 'day1-b', symbol: 'ETH-USD', quantity: '0.1' }))
  clock.advance(1_000)
  // Rejected by the gate (far beyond the cash), still a decision in the journal.
  const rejected = await submit({ clientOrderId: 'day1-big', quantity: '1000' })
  if (rejected.ok) throw new Error('the oversized order was expected to be rejected')
  await engine.recordMalformedOrder({ quantity: 'NaN' }, 'quantity: must be a plain decimal', {
    source: 'api',
  })
  clock.advance(DAY_MS)
  for (let i = 0; i < 3; i++) {
    await submit({ clientOrderId: `day2-${i}`, side: i % 2 ? 'sell' : 'buy' })
    clock.advance(1_000)
  }
  await engine.close()
  const journalDir = path.join(dataDir, 'journal')
  const segments = readdirSync(journalDir)
    .filter((f) => f.endsWith('.jsonl'))
    .sort()
  const lines = segments.flatMap((s) => readLines(path.join(journalDir, s)))
  return {
    journalDir,
    segments,
    records: lines.length,
    snapshotSeq: (
      JSON.parse(readFileSync(path.join(dataDir, 'state.json'), 'utf8')) as {
        journal: { seq: number }
      }
    ).journal.seq,
    decisions: lines.filter((l) => /"type":"order\.(intent|placed)"/.test(l)).length,
  }
}

/** The lines of a segment file, without the final newline. */
export function readLines(file: string): string[] {
  const text = readFileSync(file, 'utf8')
  return text.endsWith('\n') ? text.slice(0, -1).split('\n') : text.split('\n')
}

/** Writes lines back as a segment file, each ending with a newline. */
export function writeLines(file: string, lines: readonly string[]): void {
  writeFileSync(file, lines.map((l) => l + '\n').join(''))
}

/** The seq a stored line says it has. */
export function seqOf(line: string): number {
  const match = /^\{"seq":(\d+),/.exec(line)
  if (!match) throw new Error(`not a journal line: ${line.slice(0, 80)}`)
  return Number(match[1])
}
