/**
 * `vigil verify-audit` as an auditor runs it, on a journal the real engine wrote: an untouched
 * journal is intact with the right count; every kind of tampering (an edited byte, a deleted
 * line, a swapped pair, a cut tail, an inserted line) exits 1 naming the first bad seq and its
 * segment file. Runs the built CLI (out/main/cli.js): `npm test` builds it first.
 */
import { cpSync, mkdirSync } from 'node:fs'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { cleanup, tempDir } from '../../kit/engine'
import {
  buildTradedDataDir,
  readLines,
  runCli,
  seqOf,
  writeLines,
  type TradedDataDir,
} from './cli-kit'

let root: string
let pristine: string
let built: TradedDataDir
let copies = 0

beforeAll(async () => {
  root = tempDir('vigil-verify-audit-')
  pristine = path.join(root, 'pristine')
  mkdirSync(pristine)
  built = await buildTradedDataDir(pristine)
}, 30_000)
afterAll(() => cleanup(root))

/** A fresh copy of the untouched data folder, to tamper with. */
function copy(): string {
  const dir = path.join(root, `copy-${++copies}`)
  cpSync(pristine, dir, { recursive: true })
  return dir
}

/** Edits one segment's lines in a copy; returns the copy and the segment's name. */
function tamper(
  segmentIndex: number,
  edit: (lines: string[]) => string[],
): { dir: string; segment: string } {
  const dir = copy()
  const segment = built.segments.at(segmentIndex) as string
  const file = path.join(dir, 'journal', segment)
  writeLines(file, edit(readLines(file)))
  return { dir, segment }
}

/** Seq of the line at `index` of a segment in the untouched journal. */
function seqAt(segmentIndex: number, index: number): number {
  const segment = built.segments.at(segmentIndex) as string
  return seqOf(readLines(path.join(built.journalDir, segment)).at(index) as string)
}

async function expectTampered(dir: string, seq: number, segment: string, reason: RegExp) {
  const run = await runCli(['verify-audit', dir])
  expect(run.code, run.stdout + run.stderr).toBe(1)
  expect(run.stdout).toContain(
    `Journal TAMPERED: first bad record seq ${seq} in segment ${segment}:`,
  )
  expect(run.stdout).toMatch(reason)
  expect(run.stdout).toContain(`${seq - 1} records before it checked intact`)
}

describe('vigil verify-audit', { timeout: 30_000 }, () => {
  it('the fixture has two daily segments, decisions accepted and rejected', () => {
    expect(built.segments).toHaveLength(2)
    expect(built.decisions).toBeGreaterThanOrEqual(6)
  })

  it('reports an untouched journal intact with the number of records checked', async () => {
    const run = await runCli(['verify-audit', pristine])
    expect(run.code, run.stderr).toBe(0)
    expect(run.stdout).toMatch(
      new RegExp(
        `^Journal intact: ${built.records} records checked in 2 segments \\(head seq ${built.records}, hash [0-9a-f]{64}\\)$`,
        'm',
      ),
    )
  })

  it('accepts the journal folder itself', async () => {
    const run = await runCli(['verify-audit', built.journalDir])
    expect(run.code, run.stderr).toBe(0)
    expect(run.stdout).toContain(`Journal intact: ${built.records} records checked`)
  })

  it('catches an edited byte: one digit changed inside a payload', async () => {
    const index = 1
    const seq = seqAt(-1, index)
    const { dir, segment } = tamper(-1, (lines) => {
      const line = lines[index] as string
      const from = line.indexOf('"payload":')
      const to = line.indexOf(',"prev":')
      const at = from + line.slice(from, to).search(/\d/)
      expect(at).toBeGreaterThan(from)
      const digit = String((Number(line[at]) + 1) % 10)
      lines[index] = line.slice(0, at) + digit + line.slice(at + 1)
      return lines
    })
    await expectTampered(dir, seq, segment, /the record was edited/)
  })

  it('catches a deleted line', async () => {
    const index = 3
    const seq = seqAt(0, index)
    const { dir, segment } = tamper(0, (lines) => lines.filter((_, i) => i !== index))
    await expectTampered(dir, seq, segment, /removed, inserted or moved/)
  })

  it('catches a swapped pair of lines', async () => {
    const index = 2
    const seq = seqAt(-1, index)
    const { dir, segment } = tamper(-1, (lines) => {
      const swapped = [...lines]
      swapped[index] = lines[index + 1] as string
      swapped[index + 1] = lines[index] as string
      return swapped
    })
    await expectTampered(dir, seq, segment, /removed, inserted or moved/)
  })

  it('catches a cut tail (the last two lines removed) from the snapshot’s head', async () => {
    // The last line vouches for the snapshot; the one before it is the snapshot's head.
    expect(built.snapshotSeq).toBe(built.records - 1)
    const { dir, segment } = tamper(-1, (lines) => lines.slice(0, -2))
    const run = await runCli(['verify-audit', dir])
    expect(run.code, run.stdout + run.stderr).toBe(1)
    expect(run.stdout).toContain(
      `Journal TAMPERED: first bad record seq ${built.snapshotSeq} in segment ${segment}:`,
    )
    expect(run.stdout).toContain(`the state snapshot recorded ${built.snapshotSeq}`)
    expect(run.stdout).toContain(`${built.snapshotSeq - 1} records before it checked intact`)
  })

  it('catches an inserted line (a record duplicated)', async () => {
    const index = 4
    const seq = seqAt(0, index)
    const { dir, segment } = tamper(0, (lines) => [
      ...lines.slice(0, index + 1),
      lines[index] as string,
      ...lines.slice(index + 1),
    ])
    await expectTampered(dir, seq + 1, segment, /expected seq \d+ but found \d+/)
  })

  it('warns that a cut tail cannot be seen without a snapshot, and still checks every record', async () => {
    const dir = path.join(root, 'bare')
    mkdirSync(dir)
    for (const segment of built.segments) {
      cpSync(path.join(built.journalDir, segment), path.join(dir, segment))
    }
    const run = await runCli(['verify-audit', dir])
    expect(run.code, run.stderr).toBe(0)
    expect(run.stdout).toContain(`Journal intact: ${built.records} records checked`)
    expect(run.stderr).toContain('records cut off the end cannot be detected')
  })

  it('exits 2 with a clear message when there is no folder or no journal in it', async () => {
    const missing = await runCli(['verify-audit', path.join(root, 'nowhere')])
    expect(missing.code).toBe(2)
    expect(missing.stderr).toContain(`There is no folder at ${path.join(root, 'nowhere')}`)

    const empty = path.join(root, 'empty')
    mkdirSync(empty)
    const none = await runCli(['verify-audit', empty])
    expect(none.code).toBe(2)
    expect(none.stderr).toContain('holds no Vigil journal')

    const noArg = await runCli(['verify-audit'])
    expect(noArg.code).toBe(2)
    expect(noArg.stderr).toContain('Give the data folder to check')
  })
})
