/**
 * What a CLI command gets from the outside world, injected so commands can run in a test
 * without a real process.
 */

/** Where a command prints and what it knows of its environment. */
export interface CliContext {
  /** Prints a line to stdout (results a script may read). */
  out(line: string): void
  /** Prints a line to stderr (progress and problems). */
  err(line: string): void
  readonly env: Readonly<Record<string, string | undefined>>
  /** The user's home folder, for the default data folder. */
  readonly homeDir: string
  /** The built renderer (out/renderer). */
  readonly rendererDir: string
}

/** One subcommand of `vigil`. */
export interface CliCommand {
  /** One line for the command list. */
  readonly summary: string
  /** Its usage text: the synopsis line first, then its options. */
  readonly usage: string
  /** Runs with the arguments after its name; resolves with the exit code. */
  run(args: readonly string[], context: CliContext): Promise<number>
}

/** A mistake in how the command was called: printed with a hint, exit code 2. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'UsageError'
  }
}

/** Exit codes, so a script can tell a typo from a failure. */
export const EXIT = { ok: 0, failure: 1, usage: 2 } as const
