/**
 * A newcomer's path: the README's install command downloads nothing (Electron's binary comes at
 * the first start), runs only the install scripts package.json approves, CI installs the same
 * way with no extra environment, and `npm start` falls back to the server host when Electron's
 * download fails.
 */
import { spawn } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'

const root = path.resolve(__dirname, '..', '..', '..')
const read = (file: string): string => readFileSync(path.join(root, file), 'utf8')

interface LockEntry {
  readonly version?: string
  readonly hasInstallScript?: boolean
  readonly dev?: boolean
}

const lock = JSON.parse(read('package-lock.json')) as { packages: Record<string, LockEntry> }
const pkg = JSON.parse(read('package.json')) as {
  allowScripts?: Record<string, boolean>
}
const name = (key: string): string => key.slice(key.lastIndexOf('node_modules/') + 13)

/** The install command of the README's first shell block (`npm install && npm start`). */
function readmeInstall(): string {
  const block = /```sh\n([^`]*)```/.exec(read('README.md'))?.[1] ?? ''
  return (block.split('&&')[0] ?? '').trim()
}

describe('the install path', () => {
  it('installs an Electron whose install downloads nothing', () => {
    const electron = lock.packages['node_modules/electron']
    expect(electron?.version).toBeDefined()
    expect(electron?.hasInstallScript ?? false).toBe(false)
  })

  it('has every install script reviewed in package.json, and runs only the needed one', () => {
    const withScripts = Object.entries(lock.packages)
      .filter(([key, entry]) => key !== '' && entry.hasInstallScript === true)
      .map(([key]) => name(key))
    const unreviewed = withScripts.filter((n) => pkg.allowScripts?.[n] === undefined)
    expect(unreviewed).toEqual([])
    // esbuild's postinstall checks its platform binary; the others fetch banners (ccxt), build
    // optional native speed-ups (bufferutil) or serve Windows installers (electron-winstaller).
    const allowed = Object.entries(pkg.allowScripts ?? {})
      .filter(([, allow]) => allow)
      .map(([n]) => n)
    expect(allowed).toEqual(['esbuild'])
  })

  it('has CI install with the README command and no special environment', () => {
    expect(readmeInstall()).toBe('npm install')
    const ci = read('.ci/run')
    const installs = ci
      .split('\n')
      .map((line) => /^\s*(?:if !\s*)?(npm (?:ci|install|i)\b[^;]*)/.exec(line)?.[1]?.trim())
      .filter((command): command is string => command !== undefined)
    expect(installs).toEqual([readmeInstall()])
    expect(ci).not.toMatch(/ELECTRON_|npm_config_/)
  })
})

describe('npm start when the Electron download fails', { timeout: 30_000 }, () => {
  const dirs: string[] = []
  afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })))
  const electronReady = existsSync(path.join(root, 'node_modules', 'electron', 'path.txt'))

  // Where Electron was already fetched, npm start would open it; this path is for the others.
  it.skipIf(electronReady)('says so in one line and serves the browser console', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'vigil-start-'))
    const cache = mkdtempSync(path.join(os.tmpdir(), 'vigil-electron-cache-'))
    dirs.push(dir, cache)
    const child = spawn(process.execPath, ['scripts/start.js', '--data-dir', dir, '--port', '0'], {
      cwd: root,
      // A refused mirror and an empty cache make the download fail here on every machine.
      env: {
        ...process.env,
        VIGIL_START_SKIP_BUILD: '1',
        ELECTRON_MIRROR: 'http://127.0.0.1:9/',
        electron_config_cache: cache,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    const done = new Promise<number | null>((resolve) => child.on('close', resolve))
    let out = ''
    child.stderr.on('data', (c: Buffer) => (out += c.toString()))
    try {
      const url = await new Promise<URL>((resolve, reject) => {
        child.stdout.on('data', (c: Buffer) => {
          out += c.toString()
          const match = /Vigil console: (\S+)/.exec(out)
          if (match) resolve(new URL(match[1] as string))
        })
        void done.then(() => reject(new Error(`npm start exited early:\n${out}`)))
      })
      expect(url.searchParams.get('code')).toMatch(/^[0-9a-f]{64}$/)
      const token = readFileSync(path.join(dir, 'api-token'), 'utf8').trim()
      const res = await fetch(`${url.origin}/api/v1/balances`, {
        headers: { Authorization: `Bearer ${token}` },
      })
      expect(res.status).toBe(200)
    } finally {
      child.kill('SIGTERM')
    }
    expect(await done).toBe(0)
    const lines = out.split('\n')
    expect(lines.slice(0, 2)).toEqual([
      'Fetching the Electron binary (once, at the first start)…',
      'Electron is not available on this machine (its binary could not be downloaded); starting the browser console instead.',
    ])
    // The failed download is that one line, not a stack trace.
    expect(out).not.toMatch(/fetch failed|at async/)
  })
})
