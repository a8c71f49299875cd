/**
 * The crash drill's copy: the data folder as a crash would leave it (journal and snapshot as
 * they are now, a half-written last line) is copied and opened by a second engine, which never
 * connects to an exchange; the live engine keeps running.
 */
import { promises as fsp } from 'node:fs'
import path from 'node:path'
import { performance } from 'node:perf_hooks'
import type { HealthReport } from '../../../shared/types'
import type { Result } from '../../../shared/result'
import { drillCopyPrefix, journalDir, paperExchangeFile, snapshotFiles } from '../core'
import type { Journal } from '../journal'
import type { CrashDrillOutcome } from './drills'

/** The second engine, as far as the drill uses it. */
export interface CopyEngine {
  readonly info: { readonly warnings: readonly string[]; readonly replayed: number }
  idle(): Promise<void>
  checkHealth(): Promise<Result<HealthReport>>
  close(): Promise<void>
}

/** Copies the data folder as a crash would leave it and opens the copy; what it found. */
export async function crashCopy(
  dataDir: string,
  journal: Journal,
  open: (copy: string) => Promise<CopyEngine>,
): Promise<CrashDrillOutcome> {
  await journal.flush()
  const copy = await fsp.mkdtemp(drillCopyPrefix(dataDir))
  const t0 = performance.now()
  let second: CopyEngine | null = null
  try {
    // Snapshots first: the record that vouches for each is in the journal before it is.
    const [from, to] = [snapshotFiles(dataDir), snapshotFiles(copy)]
    for (const [i, file] of from.entries())
      await fsp.copyFile(file, to[i] as string).catch(() => {})
    await fsp.cp(journalDir(dataDir), journalDir(copy), { recursive: true })
    // The paper exchange's book after the journal: it is never behind the journal. Its state
    // file, then its log of the changes since.
    for (const file of [
      paperExchangeFile(dataDir, null),
      `${paperExchangeFile(dataDir, null)}.log`,
    ])
      await fsp.copyFile(file, path.join(copy, path.basename(file))).catch(() => {})
    const segments = (await fsp.readdir(journalDir(copy)))
      .filter((f) => f.endsWith('.jsonl'))
      .sort()
    const last = segments.at(-1)
    if (last) await fsp.appendFile(path.join(journalDir(copy), last), '{"seq":')
    const t1 = performance.now()
    second = await open(copy)
    const startedMs = performance.now() - t1
    await second.idle()
    const health = await second.checkHealth()
    const tracker = health.ok ? health.value.checks.find((c) => c.name === 'tracker') : undefined
    return {
      startedMs: Math.round(startedMs),
      readyMs: Math.round(performance.now() - t1),
      found: `Copying took ${Math.round(t1 - t0)} ms. ${second.info.warnings.length ? `${second.info.warnings.join('; ')}.` : 'Nothing needed repair.'} ${second.info.replayed} journal records replayed. ${tracker ? tracker.message : 'No tracker check.'}`,
      ok: tracker?.level === 'OK',
    }
  } catch (error) {
    return {
      startedMs: 0,
      readyMs: 0,
      found: `The copy did not start: ${(error as Error).message}`,
      ok: false,
    }
  } finally {
    await second?.close().catch(() => undefined)
    await fsp.rm(copy, { recursive: true, force: true })
  }
}
