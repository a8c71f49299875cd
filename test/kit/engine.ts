/**
 * Builders for engine tests: a temp data folder, an engine on a FakeClock, cleanup.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { parseCommand, type CommandName, type CommandResponses } from '../../shared/contract'
import type { Result } from '../../shared/result'
import { createEngine, type Engine, type EngineOptions } from '../../electron/engine'
import { expandRecord, type JournalRecord, type StoredRecord } from '../../electron/engine/journal'
import { FakeClock } from './fake-clock'

/** A fresh temporary folder; removed by `cleanup`. */
export function tempDir(prefix = 'vigil-test-'): string {
  return mkdtempSync(path.join(os.tmpdir(), prefix))
}

/** Removes a temporary folder. */
export function cleanup(dir: string): void {
  rmSync(dir, { recursive: true, force: true })
}

/** Starts an engine on a FakeClock with the market not ticking on its own. */
export async function testEngine(
  dataDir: string,
  overrides: Partial<EngineOptions> = {},
): Promise<{ engine: Engine; clock: FakeClock }> {
  const clock = (overrides.clock as FakeClock | undefined) ?? new FakeClock()
  const engine = await createEngine({
    dataDir,
    clock,
    seed: 7,
    startMarket: false,
    // The FakeClock only moves when a test steps it: the paper exchange answers at once, and
    // without price impact so that fills land exactly at the quote.
    paper: { latencyMs: 0, impactPrefactor: 0 },
    // Health rounds only when a test asks (they read the disk).
    healthIntervalMs: 0,
    // Reconciliation at start and when a test asks, not every 5 simulated minutes.
    reconcileIntervalMs: 0,
    ...overrides,
  })
  // Ready to trade: the start-up's background work (journal walk, reconciliation) is done.
  await engine.idle()
  return { engine, clock }
}

/** Validates and runs a command as a host would. */
export async function call<C extends CommandName>(
  engine: Engine,
  name: C,
  payload: unknown,
  source: 'ticket' | 'api' = 'api',
): Promise<Result<CommandResponses[C]>> {
  const command = parseCommand(name, payload)
  if (!command.ok) return command
  return engine.handle(command.value, { source }) as Promise<Result<CommandResponses[C]>>
}

/** Unwraps a successful Result or fails the test with its message. */
export function value<T>(result: Result<T>): T {
  if (!result.ok) throw new Error(`${result.error.code}: ${result.error.message}`)
  return result.value
}

/**
 * Every record of a data folder's journal as it is on disk, oldest first; a torn or partial
 * line throws. `T` narrows what a test reads of each record.
 */
export function journalOnDisk<T = StoredRecord>(dataDir: string): T[] {
  const folder = path.join(dataDir, 'journal')
  return readdirSync(folder)
    .filter((f) => f.endsWith('.jsonl'))
    .sort()
    .flatMap((f) =>
      // The zeros written ahead of the data of the segment being written end it.
      (readFileSync(path.join(folder, f), 'utf8').split('\0')[0] ?? '')
        .split('\n')
        .filter((line) => line.trim() !== '')
        .map((line) => JSON.parse(line) as T),
    )
}

/** The journal of a data folder as its readers fold it: a merged record as those it stands for. */
export function journalRecords(dataDir: string): JournalRecord[] {
  return journalOnDisk(dataDir).flatMap(expandRecord)
}
