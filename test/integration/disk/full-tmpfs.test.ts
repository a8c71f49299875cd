/**
 * A disk that really fills: the data folder on a small tmpfs, filled to the last byte while
 * the engine runs. Mounting needs root (or a mount namespace); where the machine does not
 * allow it these tests are skipped, and test/unit/engine/root/disk-full.test.ts (an injected file
 * layer) shows the same on every machine.
 */
import { execFileSync } from 'node:child_process'
import { closeSync, mkdirSync, openSync, readdirSync, rmSync, writeSync } from 'node:fs'
import path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { call, cleanup, tempDir, testEngine, value } from '../../kit/engine'

const root = tempDir('vigil-tmpfs-')
let mounted = false
let why = ''
try {
  execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=4m,mode=0700', 'tmpfs', root], {
    stdio: 'pipe',
  })
  mounted = true
} catch (error) {
  why = (error as Error).message.split('\n')[0] ?? ''
  console.warn(`Skipping the real full-disk tests: a tmpfs cannot be mounted here (${why}).`)
}
afterAll(() => {
  // Lazy: a failed test may leave a file open; the mount still goes away.
  if (mounted) execFileSync('umount', ['-l', root])
  cleanup(root)
})

/** Fills the file system to its last byte; returns the filler's path (delete it to free space). */
function fill(dir: string): string {
  const filler = path.join(dir, 'filler.bin')
  const fd = openSync(filler, 'w')
  const block = Buffer.alloc(4096, 0x20)
  try {
    for (;;) writeSync(fd, block)
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOSPC') throw error
  }
  // The last bytes too: a page-sized write can fail where a smaller one still fits.
  for (const size of [1024, 64, 1])
    try {
      for (;;) writeSync(fd, block, 0, size)
    } catch {
      // full at this size
    }
  closeSync(fd)
  return filler
}

/** What a refusal on a full disk says, from the journal or from the paper exchange. */
const DISK_FULL = /the disk is full|no space left on (the )?device/i

const buy = { symbol: 'BTC-USD', side: 'buy', type: 'market', quantity: '0.01' }

describe.runIf(mounted)('engine on a tmpfs that fills up', () => {
  it('acknowledges nothing it could not write, halts, and recovers after space is freed', async () => {
    const dir = path.join(root, 'data')
    mkdirSync(dir)
    const { engine } = await testEngine(dir)
    let filler = ''
    const acknowledged: string[] = []
    try {
      acknowledged.push(value(await call(engine, 'orders:submit', buy)).id)
      filler = fill(root)

      // Orders until the disk refuses one: each answer is a durable fill or an error. The
      // journal and the paper exchange's book share the disk; whichever cannot write first
      // refuses the order, and says why.
      const answers: Awaited<ReturnType<typeof call>>[] = []
      for (let i = 0; i < 50 && answers.at(-1)?.ok !== false; i++)
        answers.push(await call(engine, 'orders:submit', buy))
      const failed = answers.at(-1)
      expect(failed?.ok).toBe(false)
      expect(failed?.ok === false ? failed.error.message : '').toMatch(DISK_FULL)
      for (const a of answers) if (a.ok) acknowledged.push((a.value as { id: string }).id)
      const refused = await call(engine, 'orders:submit', buy)
      expect(refused.ok ? null : refused.error.message).toMatch(DISK_FULL)
    } finally {
      await engine.close()
    }

    rmSync(filler)
    const { engine: again } = await testEngine(dir)
    try {
      expect(again.info.warnings).toEqual([])
      const filled = value(await call(again, 'orders:list', {}))
        .filter((o) => o.status === 'filled')
        .map((o) => o.id)
      // Every acknowledged order is there. One more may be: the order the exchange filled (and
      // saved) before the journal failed on its fill. Its caller was refused, but the exchange
      // holds the fill, and the restart takes it from there, as from a real exchange.
      expect(filled).toEqual(expect.arrayContaining(acknowledged))
      expect(filled.length).toBeLessThanOrEqual(acknowledged.length + 1)
      expect(value(await call(again, 'audit:verify', {})).ok).toBe(true)
      expect(value(await call(again, 'orders:submit', buy)).status).toBe('filled')
      // (Last: a 4 MB disk is far below the free-space threshold, which halts trading.)
      const health = value(await call(again, 'health:check', {}))
      expect(health.checks.find((c) => c.name === 'tracker')?.level).toBe('OK')
    } finally {
      await again.close()
    }
  })

  it('leaves no temp file when a snapshot does not fit, and says so in health', async () => {
    const dir = path.join(root, 'snapshots')
    mkdirSync(dir)
    const { engine, clock } = await testEngine(dir)
    try {
      const filler = fill(root)
      clock.advance(60_000)
      await engine.idle()
      expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([])
      const full = value(await call(engine, 'health:check', {}))
      expect(full.checks.find((c) => c.name === 'snapshot')).toMatchObject({
        level: 'WARN',
        message: expect.stringMatching(/^The last snapshot could not be written: ENOSPC/),
      })
      // The journal was not touched: the snapshot failed before its record was written.
      expect(full.checks.find((c) => c.name === 'journal')?.level).toBe('OK')

      rmSync(filler)
      clock.advance(60_000)
      await engine.idle()
      const freed = value(await call(engine, 'health:check', {}))
      expect(freed.checks.find((c) => c.name === 'snapshot')?.level).toBe('OK')
    } finally {
      await engine.close()
    }
  })
})
