/**
 * `vigil export` on a journal the real engine wrote: the JSON Lines export is the journal byte
 * for byte, with a manifest that carries the count, the head and the file's own SHA-256; the
 * CSV has one row per trade decision. Both work while an engine holds the data folder.
 */
import { createHash } from 'node:crypto'
import { cpSync, existsSync, mkdirSync, readFileSync, readdirSync } from 'node:fs'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { AUDIT_CSV_HEADER } from '../../../electron/engine/journal'
import { call, cleanup, tempDir, testEngine, value } from '../../kit/engine'
import { FakeClock } from '../../kit/fake-clock'
import {
  buildTradedDataDir,
  readLines,
  runCli,
  seqOf,
  writeLines,
  type TradedDataDir,
} from './cli-kit'

let root: string
let dataDir: string
let built: TradedDataDir

beforeAll(async () => {
  root = tempDir('vigil-export-')
  dataDir = path.join(root, 'data')
  mkdirSync(dataDir)
  built = await buildTradedDataDir(dataDir)
}, 30_000)
afterAll(() => cleanup(root))

const sha256 = (bytes: Buffer | string): string => createHash('sha256').update(bytes).digest('hex')

function journalBytes(journalDir: string, segments: readonly string[]): Buffer {
  return Buffer.concat(segments.map((s) => readFileSync(path.join(journalDir, s))))
}

describe('vigil export', { timeout: 30_000 }, () => {
  it('writes the raw journal byte for byte, with a manifest of count, head and SHA-256', async () => {
    const out = path.join(root, 'journal.jsonl')
    const run = await runCli(['export', dataDir, '--format', 'jsonl', '--out', out])
    expect(run.code, run.stderr).toBe(0)
    const expected = journalBytes(built.journalDir, built.segments)
    const written = readFileSync(out)
    expect(written.equals(expected)).toBe(true)

    const lastLine = readLines(path.join(built.journalDir, built.segments.at(-1) as string)).at(-1)
    const headHash = JSON.parse(lastLine as string).hash as string
    const manifest = JSON.parse(readFileSync(`${out}.manifest.json`, 'utf8'))
    expect(manifest).toMatchObject({
      format: 'vigil-journal-jsonl',
      version: 1,
      records: built.records,
      segments: built.segments,
      head: { seq: built.records, hash: headHash },
      verified: true,
      firstBad: null,
      file: 'journal.jsonl',
      bytes: written.length,
      sha256: sha256(written),
    })
    expect(run.stdout).toContain(`Exported ${built.records} journal records in 2 segments`)
    expect(run.stdout).toContain(`sha256 ${sha256(written)}`)
    // Nothing half-written is left beside the export.
    expect(readdirSync(root).filter((f) => f.endsWith('.tmp'))).toEqual([])
  })

  it('writes one CSV row per trade decision, accepted or rejected, under the header', async () => {
    const out = path.join(root, 'audit.csv')
    const run = await runCli(['export', dataDir, '--format', 'csv', '--out', out])
    expect(run.code, run.stderr).toBe(0)
    const lines = readFileSync(out, 'utf8').trimEnd().split('\n')
    expect(lines[0]).toBe(AUDIT_CSV_HEADER)
    const rows = lines.slice(1)
    expect(rows).toHaveLength(built.decisions)

    const intents = built.segments
      .flatMap((s) => readLines(path.join(built.journalDir, s)))
      .filter((l) => /"type":"order\.(intent|placed)"/.test(l))
      .map(seqOf)
    expect(rows.map((r) => Number(r.split(',')[0]))).toEqual(intents)
    const columns = AUDIT_CSV_HEADER.split(',')
    const passed = columns.indexOf('validation_passed')
    const outcomes = rows.map((r) => r.split(',')[passed])
    expect(outcomes).toContain('true')
    expect(outcomes).toContain('false')
    expect(run.stdout).toContain(`Exported ${built.decisions} audit records`)
  })

  it('names the file itself when --out is a folder, and defaults to jsonl', async () => {
    const folder = path.join(root, 'exports')
    mkdirSync(folder)
    const run = await runCli(['export', dataDir, '--out', folder])
    expect(run.code, run.stderr).toBe(0)
    const files = readdirSync(folder).sort()
    expect(files).toHaveLength(2)
    expect(files[0]).toMatch(/^vigil-journal-\d{8}\.jsonl$/)
    expect(files[1]).toBe(`${files[0]}.manifest.json`)
  })

  it('exports and verifies while an engine runs on the data folder, without taking its lock', async () => {
    const live = path.join(root, 'live')
    cpSync(dataDir, live, { recursive: true })
    // The clock goes on from where the fixture stopped (a day later), as time does.
    const { engine } = await testEngine(live, { clock: new FakeClock(Date.UTC(2026, 10, 26)) })
    try {
      value(
        await call(engine, 'orders:submit', {
          symbol: 'BTC-USD',
          side: 'buy',
          type: 'market',
          quantity: '0.001',
        }),
      )
      const out = path.join(root, 'live.jsonl')
      const exported = await runCli(['export', live, '--out', out])
      expect(exported.code, exported.stderr).toBe(0)
      const manifest = JSON.parse(readFileSync(`${out}.manifest.json`, 'utf8'))
      expect(manifest.records).toBeGreaterThan(built.records)
      expect(manifest.verified).toBe(true)

      const verified = await runCli(['verify-audit', live])
      expect(verified.code, verified.stdout + verified.stderr).toBe(0)
      expect(verified.stdout).toContain(`Journal intact: ${manifest.records} records checked`)

      // The engine still owns the folder and still takes orders.
      expect(existsSync(path.join(live, 'vigil.lock'))).toBe(true)
      value(
        await call(engine, 'orders:submit', {
          symbol: 'BTC-USD',
          side: 'sell',
          type: 'market',
          quantity: '0.001',
        }),
      )
    } finally {
      await engine.close()
    }
  })

  it('still writes the export of a tampered journal, but says so and exits 1', async () => {
    const bad = path.join(root, 'tampered')
    cpSync(dataDir, bad, { recursive: true })
    const file = path.join(bad, 'journal', built.segments[0] as string)
    const lines = readLines(file)
    writeLines(
      file,
      lines.filter((_, i) => i !== 2),
    )
    const out = path.join(root, 'tampered.jsonl')
    const run = await runCli(['export', bad, '--out', out])
    expect(run.code).toBe(1)
    expect(run.stderr).toContain(`first bad record seq 3 in segment ${built.segments[0]}`)
    const manifest = JSON.parse(readFileSync(`${out}.manifest.json`, 'utf8'))
    expect(manifest).toMatchObject({ verified: false, firstBad: { seq: 3 } })
  })

  it('refuses a wrong format, a missing --out and a missing folder with exit 2', async () => {
    const format = await runCli(['export', dataDir, '--format', 'xml', '--out', 'x'])
    expect(format.code).toBe(2)
    expect(format.stderr).toContain('--format must be jsonl or csv')
    const noOut = await runCli(['export', dataDir])
    expect(noOut.code).toBe(2)
    expect(noOut.stderr).toContain('--out FILE is required')
    const missing = await runCli(['export', path.join(root, 'nowhere'), '--out', 'x'])
    expect(missing.code).toBe(2)
    expect(missing.stderr).toContain('There is no folder at')
  })
})
