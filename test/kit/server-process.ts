/**
 * Runs the server host (`vigil serve`) as a child process, the way a trader does, and waits
 * for the line that prints its URL.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'
import path from 'node:path'

/** The built CLI the tests run. `npm test` builds it first. */
export const CLI = path.resolve('out/main/cli.js')

/** A running server host. */
export interface ServerProcess {
  /** The printed link: it signs in one tab, once, within 60 s. */
  readonly url: string
  readonly origin: string
  /** The API token bots use (DIR/api-token). */
  readonly token: string
  readonly child: ChildProcess
  /** Everything it printed so far. */
  output(): string
  /** Sends SIGTERM and resolves with the exit code once it has exited. */
  stop(signal?: NodeJS.Signals): Promise<number | null>
}

/**
 * Starts `vigil serve` on a data folder; `env` adds to the inherited one. On a random port by
 * default; with `port: 'remembered'` on the one the folder's last server had, as a trader's
 * restart does.
 */
export function startServerProcess(
  dataDir: string,
  extraArgs: string[] = [],
  env: Readonly<Record<string, string>> = {},
  port: 'free' | 'remembered' = 'free',
): Promise<ServerProcess> {
  if (!existsSync(CLI))
    throw new Error(`${CLI} is missing: run "npm run build" (npm test does it first)`)
  const portArgs = port === 'free' ? ['--port', '0'] : []
  const child = spawn(
    process.execPath,
    [CLI, 'serve', '--data-dir', dataDir, ...portArgs, ...extraArgs],
    { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env } },
  )
  let out = ''
  const exited = new Promise<number | null>((resolve) =>
    child.once('exit', (code) => resolve(code)),
  )
  return new Promise((resolve, reject) => {
    const onData = (chunk: Buffer): void => {
      out += chunk.toString()
      const match = /Vigil console: (http:\/\/\S+)/.exec(out)
      if (match) {
        const url = new URL(match[1] as string)
        resolve({
          url: url.href,
          origin: url.origin,
          token: readFileSync(path.join(dataDir, 'api-token'), 'utf8').trim(),
          child,
          output: () => out,
          stop: (signal = 'SIGTERM') => {
            if (child.exitCode === null) child.kill(signal)
            return exited
          },
        })
      }
    }
    child.stdout?.on('data', onData)
    child.stderr?.on('data', (chunk: Buffer) => (out += chunk.toString()))
    void exited.then((code) =>
      reject(new Error(`vigil serve exited with ${code} before printing its URL:\n${out}`)),
    )
  })
}
