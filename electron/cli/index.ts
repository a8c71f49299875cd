/**
 * Entry point of the `vigil` command (built to out/main/cli.js; bin/vigil.js runs it).
 * Resolves the built renderer next to this file and hands the arguments to the command table.
 */
import { existsSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { runCli } from './commands'

/**
 * Where the built console lives: $VIGIL_RENDERER_DIR, else out/renderer beside out/main (this
 * file is out/main/cli.js once built), else out/renderer under the working folder.
 */
function findRendererDir(
  env: Readonly<Record<string, string | undefined>>,
  moduleUrl: string,
): string {
  if (env.VIGIL_RENDERER_DIR) return path.resolve(env.VIGIL_RENDERER_DIR)
  const here = path.dirname(fileURLToPath(moduleUrl))
  const candidates = [path.resolve(here, '../renderer'), path.resolve(here, '../../out/renderer')]
  return (
    candidates.find((dir) => existsSync(path.join(dir, 'index.html'))) ?? (candidates[0] as string)
  )
}

// A closed pipe on stdout must not take the trading engine down with it.
process.stdout.on('error', () => undefined)
process.stderr.on('error', () => undefined)

void runCli(process.argv.slice(2), {
  out: (line) => process.stdout.write(line + '\n'),
  err: (line) => process.stderr.write(line + '\n'),
  env: process.env,
  homeDir: os.homedir(),
  rendererDir: findRendererDir(process.env, import.meta.url),
}).then(
  (code) => {
    // Exit explicitly once the last line is out: a stray timer must not keep a stopped server alive.
    process.stdout.write('', () => process.exit(code))
  },
  (error: unknown) => {
    process.stderr.write(`vigil: ${(error as Error)?.stack ?? String(error)}\n`)
    process.exit(1)
  },
)
