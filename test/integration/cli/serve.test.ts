/**
 * `vigil serve` as a trader runs it: a child process on a data folder that prints its link,
 * takes orders, stops cleanly on SIGTERM or SIGINT and comes back with the same state.
 * Runs the built CLI (out/main/cli.js): `npm test` builds it first.
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process'
import {
  chmodSync,
  copyFileSync,
  existsSync,
  mkdirSync,
  readFileSync,
  writeFileSync,
} from 'node:fs'
import path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { CLI, startServerProcess, type ServerProcess } from '../../kit/server-process'
import { cleanup, journalRecords, tempDir } from '../../kit/engine'

const dirs: string[] = []
const children: ChildProcess[] = []
afterAll(() => {
  for (const child of children)
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL')
  for (const dir of dirs) cleanup(dir)
})

function dataDir(): string {
  const dir = tempDir('vigil-cli-')
  dirs.push(dir)
  return dir
}

/** Resolves when the child has exited and its output is fully read. */
function closed(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => {
    if (child.exitCode !== null && child.stdout?.readableEnded) resolve(child.exitCode)
    else child.once('close', (code) => resolve(code))
  })
}

async function start(
  dir: string,
  port: 'free' | 'remembered' = 'free',
): Promise<{ server: ServerProcess; done: Promise<number | null> }> {
  const server = await startServerProcess(dir, [], {}, port)
  children.push(server.child)
  return { server, done: closed(server.child) }
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- response bodies are checked field by field
type JsonBody = any

async function rest(
  server: ServerProcess,
  method: string,
  apiPath: string,
  body?: unknown,
): Promise<{ status: number; json: JsonBody }> {
  const res = await fetch(`${server.origin}/api/v1${apiPath}`, {
    method,
    headers: { Authorization: `Bearer ${server.token}`, 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  })
  return { status: res.status, json: await res.json() }
}

function run(
  args: string[],
  env: NodeJS.ProcessEnv = {},
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      args,
      { env: { ...process.env, ...env } },
      (error, stdout, stderr) => {
        const code = error ? ((error as { code?: unknown }).code as number | null) : 0
        resolve({ code: typeof code === 'number' ? code : null, stdout, stderr })
      },
    )
  })
}

// Each test starts Node processes; on a busy two-core machine that takes seconds.
describe('vigil serve', { timeout: 30_000 }, () => {
  it('stops cleanly on a SIGTERM sent the moment its link is printed', async () => {
    const child = spawn(process.execPath, [CLI, 'serve', '--data-dir', dataDir(), '--port', '0'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    children.push(child)
    const done = closed(child)
    let out = ''
    child.stderr?.on('data', (c: Buffer) => (out += c.toString()))
    // A script that reads the link and stops the server at once, inside the same data event.
    let sent = false
    child.stdout?.on('data', (c: Buffer) => {
      out += c.toString()
      if (!sent && out.includes('Vigil console: ')) sent = child.kill('SIGTERM')
    })
    expect(await done, out).toBe(0)
    expect(out).toContain('Vigil stopped cleanly')
  })

  it('takes an order, stops cleanly on SIGTERM, and restarts with the same order and balance', async () => {
    const dir = dataDir()
    const first = await start(dir)
    expect(first.server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\?code=[0-9a-f]{64}$/)
    const serverFile = JSON.parse(readFileSync(path.join(dir, 'server.json'), 'utf8'))
    expect(serverFile).toMatchObject({
      token: first.server.token,
      pid: first.server.child.pid,
      url: `${first.server.origin}/`,
    })

    const placed = await rest(first.server, 'POST', '/orders', {
      clientOrderId: 'cli-1',
      symbol: 'BTC-USD',
      side: 'buy',
      type: 'market',
      quantity: '0.02',
    })
    expect(placed.status).toBe(201)
    expect(placed.json.status).toBe('filled')
    const balances = (await rest(first.server, 'GET', '/balances')).json

    expect(await first.server.stop('SIGTERM')).toBe(0)
    expect(await first.done).toBe(0)
    expect(first.server.output()).toContain('Vigil stopped cleanly')
    expect(first.server.output()).toContain(`token in ${path.join(dir, 'api-token')}`)
    expect(existsSync(path.join(dir, 'server.json'))).toBe(false)

    // A restart keeps the bots' token and, unless told otherwise, the port.
    const second = await start(dir, 'remembered')
    expect(second.server.token).toBe(first.server.token)
    expect(second.server.origin).toBe(first.server.origin)
    // Start-up says how long recovery took and from where.
    expect(second.server.output()).toMatch(
      /Recovered in \d+ ms: journal at seq \d+, \d+ records? replayed on top of the snapshot\./,
    )
    const again = await rest(second.server, 'GET', `/orders/${placed.json.id}`)
    expect(again.status).toBe(200)
    expect(again.json).toEqual(placed.json)
    expect((await rest(second.server, 'GET', '/balances')).json).toEqual(balances)
    expect((await rest(second.server, 'GET', '/orders')).json.orders).toHaveLength(1)

    expect(await second.server.stop('SIGINT')).toBe(0)
    await second.done
    expect(second.server.output()).toContain('Vigil stopped cleanly')
    // Each stop is journaled with the signal that asked for it; the restart knew it was clean.
    const life = journalRecords(dir).flatMap((r) =>
      r.type === 'engine.started'
        ? [[r.type, r.payload.previous]]
        : r.type === 'engine.stopped'
          ? [[r.type, r.payload.reason]]
          : [],
    )
    expect(life).toEqual([
      ['engine.started', 'new'],
      ['engine.stopped', 'stopped by the operator (SIGTERM)'],
      ['engine.started', 'stopped'],
      ['engine.stopped', 'stopped by the operator (SIGINT)'],
    ])
  })

  it('serves the built console to a browser that follows the printed link', async () => {
    const { server } = await start(dataDir())
    const page = await fetch(server.url)
    expect(page.status).toBe(200)
    expect(page.headers.get('set-cookie')).toBeNull()
    const html = await page.text()
    expect(html).toContain('<div id="root">')
    const script = /<script[^>]+src="([^"]+)"/.exec(html)?.[1]
    expect(script).toBeDefined()
    const bundle = await fetch(new URL(script as string, `${server.origin}/`))
    expect(bundle.status).toBe(200)
    expect(bundle.headers.get('content-type')).toBe('text/javascript; charset=utf-8')
    expect(await server.stop()).toBe(0)
  })

  it('refuses to start a second time on a data folder that is in use, saying why', async () => {
    const dir = dataDir()
    const first = await start(dir)
    const second = await run([CLI, 'serve', '--data-dir', dir, '--port', '0'])
    expect(second.code).toBe(1)
    expect(second.stderr).toMatch(/already using the data folder/)
    expect(second.stdout).not.toContain('Vigil console:')
    expect(JSON.parse(readFileSync(path.join(dir, 'server.json'), 'utf8')).token).toBe(
      first.server.token,
    )
    expect(await first.server.stop()).toBe(0)
  })

  it('refuses a port that is taken, saying which', async () => {
    const dir = dataDir()
    const first = await start(dir)
    const port = new URL(first.server.url).port
    const other = await run([CLI, 'serve', '--data-dir', dataDir(), '--port', port])
    expect(other.code).toBe(1)
    expect(other.stderr).toContain(`Port ${port} on 127.0.0.1 is already in use`)
    expect(await first.server.stop()).toBe(0)
  })
})

describe('vigil link and vigil token rotate', { timeout: 30_000 }, () => {
  it('prints a new one-time link from the running server, and says when none runs', async () => {
    const dir = dataDir()
    const none = await run([CLI, 'link', '--data-dir', dir])
    expect(none.code).toBe(1)
    expect(none.stderr).toContain(`Vigil is not running on ${dir}`)
    expect(none.stderr).toContain('npx vigil serve')
    const { server } = await start(dir)
    const made = await run([CLI, 'link', '--data-dir', dir])
    expect(made.code).toBe(0)
    const link = /Vigil console: (\S+)/.exec(made.stdout)?.[1] ?? ''
    expect(link).toMatch(new RegExp(`^${server.origin}/\\?code=[0-9a-f]{64}$`))
    expect(link).not.toBe(server.url)
    expect(made.stderr).toContain('within 60 seconds')
    const trade = (code: string) =>
      fetch(`${server.origin}/session`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', origin: server.origin },
        body: JSON.stringify({ code }),
      })
    const code = new URL(link).searchParams.get('code') ?? ''
    expect((await trade(code)).status).toBe(201)
    expect((await trade(code)).status).toBe(401)
    expect(await server.stop()).toBe(0)
  })

  it('rotates the token of a running server, which refuses the old one at once, and says what to update', async () => {
    const dir = dataDir()
    const { server } = await start(dir)
    const old = server.token
    const rotated = await run([CLI, 'token', 'rotate', '--data-dir', dir])
    expect(rotated.code, rotated.stderr).toBe(0)
    const fresh = readFileSync(path.join(dir, 'api-token'), 'utf8').trim()
    expect(fresh).toMatch(/^[0-9a-f]{64}$/)
    expect(fresh).not.toBe(old)
    expect(rotated.stdout).toContain(`New API token written to ${path.join(dir, 'api-token')}`)
    expect(rotated.stdout).toContain('refuses the old token from now on')
    expect(rotated.stdout).toContain('Update every bot and script')
    expect(rotated.stdout).not.toContain(fresh)
    const balances = (token: string) =>
      fetch(`${server.origin}/api/v1/balances`, { headers: { authorization: `Bearer ${token}` } })
    expect((await balances(old)).status).toBe(401)
    expect((await balances(fresh)).status).toBe(200)
    expect(await server.stop()).toBe(0)
    // With no server running it rotates the file; the next start uses the new token.
    const offline = await run([CLI, 'token', 'rotate', '--data-dir', dir])
    expect(offline.code).toBe(0)
    expect(offline.stdout).toContain('No server is running; the next one uses the new token.')
    const next = await start(dir, 'remembered')
    expect(next.server.token).not.toBe(fresh)
    expect((await balances(next.server.token)).status).toBe(200)
    expect(await next.server.stop()).toBe(0)
  })

  it('refuses an unknown token action with exit code 2', async () => {
    const bad = await run([CLI, 'token', 'show'])
    expect(bad.code).toBe(2)
    expect(bad.stderr).toContain('Unknown action "show"; the one action is rotate.')
  })
})

describe('the vigil command line', { timeout: 30_000 }, () => {
  it('exits 2 with a clear message for bad flags and unknown commands', async () => {
    const [badPort, badSeed, unknownFlag, unknown, nothing] = await Promise.all([
      run([CLI, 'serve', '--port', 'abc']),
      run([CLI, 'serve', '--seed', '-1']),
      run([CLI, 'serve', '--prot', '80']),
      run([CLI, 'trade']),
      run([CLI]),
    ])
    expect(badPort.code).toBe(2)
    expect(badPort.stderr).toContain('--port must be a whole number from 0 to 65535')
    expect(badPort.stderr).toContain('Usage: vigil serve')

    expect(badSeed.code).toBe(2)
    expect(badSeed.stderr).toMatch(/--seed/)

    const badCooldown = await run([CLI, 'serve', '--breaker-cooldown', '0'])
    expect(badCooldown.code).toBe(2)
    expect(badCooldown.stderr).toContain(
      '--breaker-cooldown must be a whole number of seconds from 1 to 86400; got "0".',
    )

    expect(unknownFlag.code).toBe(2)
    expect(unknownFlag.stderr).toContain('Unknown option --prot')

    expect(unknown.code).toBe(2)
    expect(unknown.stderr).toContain('Unknown command "trade"')
    expect(unknown.stderr).toContain('serve')

    expect(nothing.code).toBe(2)
    expect(nothing.stderr).toContain('Usage: vigil <command>')
  })

  it('prints help for the whole command and for serve', async () => {
    const help = await run([CLI, 'help'])
    expect(help.code).toBe(0)
    expect(help.stdout).toMatch(/serve\s+Run Vigil headless/)
    const serveHelp = await run([CLI, 'serve', '--help'])
    expect(serveHelp.code).toBe(0)
    expect(serveHelp.stdout).toContain('--data-dir DIR')
  })

  it('runs through bin/vigil.js, the command npm installs', async () => {
    const help = await run([path.resolve('bin/vigil.js'), 'help'])
    expect(help.code).toBe(0)
    expect(help.stdout).toContain('Usage: vigil <command>')
    expect(help.stderr).not.toContain('Building Vigil')
  })
})

describe('bin/vigil.js on a fresh install', { timeout: 30_000 }, () => {
  it('builds once on the first run, then runs the command', async () => {
    // A package root with a stand-in electron-vite that "builds" a CLI echoing its arguments.
    const root = dataDir()
    mkdirSync(path.join(root, 'bin'))
    mkdirSync(path.join(root, 'node_modules', '.bin'), { recursive: true })
    copyFileSync(path.resolve('bin/vigil.js'), path.join(root, 'bin', 'vigil.js'))
    writeFileSync(
      path.join(root, 'package.json'),
      JSON.stringify({ name: 'fake-vigil', type: 'module' }),
    )
    const fakeBuild = path.join(root, 'node_modules', '.bin', 'electron-vite')
    writeFileSync(
      fakeBuild,
      `#!/bin/sh\nmkdir -p out/main && echo 'console.log("cli ran: " + process.argv.slice(2).join(" "))' > out/main/cli.js\n`,
    )
    chmodSync(fakeBuild, 0o755)

    const first = await run([path.join(root, 'bin', 'vigil.js'), 'serve', '--port', '0'])
    expect(first.code).toBe(0)
    expect(first.stderr).toContain('Building Vigil (first run)…')
    expect(first.stdout).toBe('cli ran: serve --port 0\n')

    const second = await run([path.join(root, 'bin', 'vigil.js'), 'help'])
    expect(second.stderr).not.toContain('Building Vigil')
    expect(second.stdout).toBe('cli ran: help\n')
  })
})

describe('npm start without Electron', { timeout: 30_000 }, () => {
  it('says Electron is missing, runs the browser console instead, and stops cleanly', async () => {
    const dir = dataDir()
    const child = spawn(process.execPath, ['scripts/start.js', '--data-dir', dir, '--port', '0'], {
      // The build is npm test's job; VIGIL_NO_ELECTRON keeps a machine with Electron on this path.
      env: { ...process.env, VIGIL_START_SKIP_BUILD: '1', VIGIL_NO_ELECTRON: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    children.push(child)
    const done = closed(child)
    let out = ''
    child.stderr?.on('data', (c: Buffer) => (out += c.toString()))
    const url = await new Promise<string>((resolve, reject) => {
      child.stdout?.on('data', (c: Buffer) => {
        out += c.toString()
        const match = /Vigil console: (\S+)/.exec(out)
        if (match) resolve(match[1] as string)
      })
      void done.then(() => reject(new Error(`npm start exited early:\n${out}`)))
    })
    expect(out.split('\n')[0]).toBe(
      'Electron is not available on this machine (its binary could not be downloaded); starting the browser console instead.',
    )
    expect(url).toMatch(/\?code=[0-9a-f]{64}$/)
    const token = readFileSync(path.join(dir, 'api-token'), 'utf8').trim()
    const res = await fetch(`${new URL(url).origin}/api/v1/balances`, {
      headers: { Authorization: `Bearer ${token}` },
    })
    expect(res.status).toBe(200)
    child.kill('SIGTERM')
    expect(await done).toBe(0)
    expect(out).toContain('Vigil stopped cleanly')
  })
})
