/**
 * `vigil rehearse`: a short rehearsal of the validation plan writes the plan as JSON (the
 * view GET /api/v1/validation answers), its audit as HTML and what each account did, and
 * leaves no scratch folder behind; a mistake in the flags exits 2 with one line saying what is
 * allowed. Runs the built CLI (out/main/cli.js): `npm test` builds it first.
 */
import { spawn } from 'node:child_process'
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import type { ValidationView } from '../../../shared/validation'
import { cleanup, tempDir } from '../../kit/engine'
import { CLI } from '../../kit/server-process'
import { runCli } from './cli-kit'

const dirs: string[] = []
afterAll(() => dirs.forEach(cleanup))

const scratchFolders = (): string[] =>
  readdirSync(os.tmpdir()).filter((name) => name.startsWith('vigil-rehearsal-'))

describe('vigil rehearse', () => {
  it(
    'rehearses two days of the plan and writes validation.json, the audit and the summary',
    { timeout: 120_000 },
    async () => {
      const out = path.join(tempDir('vigil-rehearse-out-'), 'run')
      dirs.push(path.dirname(out))
      const before = scratchFolders()
      const run = await runCli(['rehearse', '--days', '2', '--seed', '4', '--out', out])
      expect(run.code, run.stderr).toBe(0)
      // Progress, one line a day on a pipe.
      expect(run.stderr).toMatch(/day 1 of 2/)
      expect(run.stderr).toMatch(/day 2 of 2/)
      // Where the files are, one a line on stdout.
      const files = ['validation.json', 'validation-report.html', 'rehearsal.json'].map((f) =>
        path.join(out, f),
      )
      expect(run.stdout.trim().split('\n')).toEqual(files)
      for (const file of files) expect(existsSync(file)).toBe(true)
      const view = JSON.parse(readFileSync(files[0] as string, 'utf8')) as ValidationView
      expect(view.settings.startDay).toBe('2026-01-01')
      expect(view.settings.accounts).toHaveLength(3)
      expect(view.phase).toBe(1)
      expect(view.day).toBeGreaterThanOrEqual(2)
      expect(view.phases.map((p) => p.phase)).toEqual([1, 2, 3])
      expect(view.phases[0]?.criteria.length).toBeGreaterThan(0)
      const summary = JSON.parse(readFileSync(files[2] as string, 'utf8'))
      expect(summary).toMatchObject({ days: 2, seed: 4, strategyId: 'sma-cross', state: 'done' })
      expect(summary.accounts.map((a: { accountId: string }) => a.accountId)).toEqual(
        view.settings.accounts,
      )
      // Orders in phase 1's band ($10–50): none refused for their size.
      for (const account of summary.accounts) {
        expect(account.filled).toBeGreaterThan(0)
        expect(Object.keys(account.rejections)).not.toContain('ABOVE_SIZE_BAND')
        expect(Object.keys(account.rejections)).not.toContain('BELOW_SIZE_BAND')
      }
      // The audit as 'validation:report' made it.
      expect(readFileSync(files[1] as string, 'utf8').length).toBeGreaterThan(1_000)
      // The scratch data folder is gone.
      expect(scratchFolders().filter((name) => !before.includes(name))).toEqual([])
    },
  )

  it(
    'stops cleanly on Ctrl-C, says so, writes what it had done and exits non-zero',
    { timeout: 120_000 },
    async () => {
      const out = path.join(tempDir('vigil-rehearse-stop-'), 'run')
      dirs.push(path.dirname(out))
      const child = spawn(process.execPath, [CLI, 'rehearse', '--days', '5', '--out', out])
      let stderr = ''
      const exited = new Promise<number | null>((resolve) => child.on('exit', resolve))
      // Ctrl-C as soon as the first day is reported.
      await new Promise<void>((resolve) =>
        child.stderr.on('data', (chunk: Buffer) => {
          stderr += chunk.toString()
          if (/day 1 of 5/.test(stderr)) resolve()
        }),
      )
      child.kill('SIGINT')
      expect(await exited).toBe(130)
      expect(stderr).toMatch(/Stopping the rehearsal at the next simulated minute/)
      expect(stderr).toMatch(/Rehearsal stopped after day [1-4] of 5/)
      const summary = JSON.parse(readFileSync(path.join(out, 'rehearsal.json'), 'utf8'))
      expect(summary.state).toBe('stopped')
      expect(summary.daysRun).toBeLessThan(5)
      const view = JSON.parse(readFileSync(path.join(out, 'validation.json'), 'utf8'))
      expect(view.settings.startDay).toBe('2026-01-01')
    },
  )

  it.each([
    [['--days', '0', '--out', 'x'], /--days must be a whole number from 1 to 90; got "0"/],
    [['--days', '91', '--out', 'x'], /--days must be a whole number from 1 to 90; got "91"/],
    [['--days', '2.5', '--out', 'x'], /--days must be a whole number from 1 to 90/],
    [['--seed', '-3', '--out', 'x'], /--seed needs a value|--seed must be a whole number/],
    [
      ['--seed', 'abc', '--out', 'x'],
      /--seed must be a whole number from 0 to 2147483648; got "abc"/,
    ],
    [['--strategy', 'nope', '--out', 'x'], /--strategy must be one of sma-cross; got "nope"/],
    [['--days', '2'], /Give --out DIR/],
  ])('refuses %j with exit code 2 and says what is allowed', async (args, message) => {
    const run = await runCli(['rehearse', ...args])
    expect(run.code).toBe(2)
    expect(run.stderr).toMatch(message)
    expect(run.stderr).toMatch(/Usage: vigil rehearse/)
    expect(run.stdout).toBe('')
  })
})
