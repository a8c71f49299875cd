/**
 * The data folder is private: after a session that wrote every kind of file (journal
 * segments, a torn tail moved aside, snapshot, settings, reports, lock), no folder is open to
 * other users and no file readable by them, even with a umask of 0; and a folder an older
 * build left 0755/0644 is made private on start, without touching what is not Vigil's.
 */
import {
  appendFileSync,
  chmodSync,
  lstatSync,
  readdirSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs'
import path from 'node:path'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { call, cleanup, tempDir, testEngine, value } from '../../../kit/engine'
import type { Engine } from '../../../../electron/engine'

const dirs: string[] = []
const engines: Engine[] = []
let umask = 0

beforeAll(() => {
  // Nothing may rely on the umask: with 0, every mode Vigil does not set is world-writable.
  umask = process.umask(0)
})
afterAll(() => {
  process.umask(umask)
})
afterEach(async () => {
  for (const engine of engines.splice(0)) await engine.close()
  for (const dir of dirs.splice(0)) cleanup(dir)
})

function folder(): string {
  const dir = tempDir('vigil-private-')
  dirs.push(dir)
  return path.join(dir, 'data')
}

/** Every entry under `dir` (not following links) with its permission bits, as "path mode". */
function modes(dir: string, base = dir): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name)
    const stat = lstatSync(full)
    const line = `${path.relative(base, full)} ${(stat.mode & 0o777).toString(8)}`
    return stat.isDirectory() ? [line, ...modes(full, base)] : [line]
  })
}

/** A session that writes every kind of file a data folder holds, then stops cleanly. */
async function session(dataDir: string): Promise<void> {
  const { engine, clock } = await testEngine(dataDir, { timeZone: 'UTC' })
  for (const side of ['buy', 'sell'])
    value(
      await call(engine, 'orders:submit', {
        symbol: 'BTC-USD',
        side,
        type: 'market',
        quantity: '0.01',
      }),
    )
  value(await call(engine, 'limits:update', { limits: { maxOpenPositions: 3 } }))
  const today = new Date(clock.now()).toISOString().slice(0, 10)
  value(await call(engine, 'reports:generate', { date: today }))
  await engine.close()
}

async function reopen(dataDir: string): Promise<void> {
  const { engine } = await testEngine(dataDir, { timeZone: 'UTC' })
  engines.push(engine)
}

describe('a private data folder', () => {
  it('creates every folder 0700 and every file 0600, whatever the umask', async () => {
    const dataDir = folder()
    await session(dataDir)
    // A crash's half-written line, which the next start moves aside into a file of its own.
    const journal = path.join(dataDir, 'journal')
    const last = readdirSync(journal)
      .filter((f) => f.endsWith('.jsonl'))
      .sort()
      .at(-1) as string
    appendFileSync(path.join(journal, last), '{"seq":', { mode: 0o600 })
    await reopen(dataDir)

    const all = modes(dataDir)
    const kinds = ['journal ', 'reports ', 'state.json ', 'settings.json ', 'vigil.lock ']
    for (const kind of [...kinds, 'paper-exchange.json ', 'market.json ', 'equity-minutes.jsonl '])
      expect(
        all.some((line) => line.startsWith(kind)),
        `${kind}in ${all.join(', ')}`,
      ).toBe(true)
    expect(all.some((line) => /^journal\/torn-/.test(line))).toBe(true)
    expect(all.some((line) => /^reports\/.+\.html /.test(line))).toBe(true)
    const open = all.filter((line) => {
      const [name, mode] = line.split(' ') as [string, string]
      return mode !== (statSync(path.join(dataDir, name)).isDirectory() ? '700' : '600')
    })
    expect(open).toEqual([])
    expect((statSync(dataDir).mode & 0o777).toString(8)).toBe('700')
  })

  it('makes a folder an older build left readable by everyone private on start', async () => {
    const dataDir = folder()
    await session(dataDir)
    // As an older build with the usual umask left it, plus files that are not Vigil's.
    writeFileSync(path.join(dataDir, 'server.json'), '{}')
    writeFileSync(path.join(dataDir, 'notes.txt'), 'mine')
    const outside = path.join(path.dirname(dataDir), 'shared.txt')
    writeFileSync(outside, 'shared')
    symlinkSync(outside, path.join(dataDir, 'journal', 'link.txt'))
    const widen = (dir: string): void => {
      chmodSync(dir, 0o755)
      for (const entry of readdirSync(dir, { withFileTypes: true })) {
        const full = path.join(dir, entry.name)
        if (entry.isDirectory()) widen(full)
        else if (entry.isFile()) chmodSync(full, 0o644)
      }
    }
    widen(dataDir)
    chmodSync(outside, 0o644)

    await reopen(dataDir)

    const all = modes(dataDir).filter((line) => !/^(notes\.txt|journal\/link\.txt) /.test(line))
    expect(all.length).toBeGreaterThan(6)
    const open = all.filter((line) => {
      const [name, mode] = line.split(' ') as [string, string]
      return mode !== (statSync(path.join(dataDir, name)).isDirectory() ? '700' : '600')
    })
    expect(open).toEqual([])
    expect((statSync(dataDir).mode & 0o777).toString(8)).toBe('700')
    // What is not Vigil's keeps its mode, and a link is not followed out of the folder.
    expect((statSync(path.join(dataDir, 'notes.txt')).mode & 0o777).toString(8)).toBe('644')
    expect((statSync(outside).mode & 0o777).toString(8)).toBe('644')
  })
})
