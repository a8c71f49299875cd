/**
 * Runs the built CLI (out/main/cli.js) as a child process, as a trader or an auditor does.
 */
import { execFile } from 'node:child_process'
import { CLI } from '../../kit/server-process'

export {
  buildTradedDataDir,
  readLines,
  seqOf,
  writeLines,
  type TradedDataDir,
} from '../../kit/traded-data-dir'

/** What one run of the CLI printed and how it exited. */
export interface CliRun {
  readonly code: number | null
  readonly stdout: string
  readonly stderr: string
}

/** Runs `node out/main/cli.js ...args`. */
export function runCli(args: readonly string[]): Promise<CliRun> {
  return new Promise((resolve) => {
    execFile(process.execPath, [CLI, ...args], (error, stdout, stderr) => {
      const code = error ? (error as { code?: unknown }).code : 0
      resolve({ code: typeof code === 'number' ? code : null, stdout, stderr })
    })
  })
}
