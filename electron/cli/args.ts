/** Flag parsing shared by the `vigil` commands, with messages that say what is allowed. */
import os from 'node:os'
import path from 'node:path'
import { parseArgs, type ParseArgsConfig } from 'node:util'
import { UsageError } from './cli-io'

/** String and boolean flags as node:util parseArgs returns them. */
export type Flags = Record<string, string | boolean | undefined>

/** Parses flags strictly: an unknown flag, a missing value or a stray argument is a UsageError. */
export function parseFlags(
  args: readonly string[],
  options: NonNullable<ParseArgsConfig['options']>,
): Flags {
  return parseCommandLine(args, options, 0).flags
}

/**
 * Parses flags strictly and up to `maxPositionals` plain arguments (such as a folder); one more
 * is a UsageError. Whether enough were given is left to the command, which can name them.
 */
export function parseCommandLine(
  args: readonly string[],
  options: NonNullable<ParseArgsConfig['options']>,
  maxPositionals: number,
): { flags: Flags; positionals: string[] } {
  let parsed: { values: unknown; positionals: string[] }
  try {
    parsed = parseArgs({
      args: [...args],
      options,
      strict: true,
      allowPositionals: maxPositionals > 0,
    })
  } catch (error) {
    throw usageErrorOf(error)
  }
  if (parsed.positionals.length > maxPositionals) {
    throw new UsageError(`Unexpected argument "${parsed.positionals[maxPositionals]}".`)
  }
  return { flags: parsed.values as Flags, positionals: parsed.positionals }
}

function usageErrorOf(error: unknown): UsageError {
  const e = error as NodeJS.ErrnoException
  if (e.code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') {
    const flag = /'([^']+)'/.exec(e.message)?.[1] ?? 'given'
    return new UsageError(`Unknown option ${flag}.`)
  }
  if (e.code === 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL') {
    const arg = /'([^']+)'/.exec(e.message)?.[1] ?? ''
    return new UsageError(`Unexpected argument ${arg ? `"${arg}"` : ''}.`.replace(' .', '.'))
  }
  if (e.code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') {
    const flag = /^Option '(?:-\w, )?(--[\w-]+)/.exec(e.message)?.[1]
    if (flag && /argument missing/.test(e.message)) return new UsageError(`${flag} needs a value.`)
    if (flag && /ambiguous/.test(e.message)) {
      return new UsageError(
        `${flag} needs a value; to give one that starts with "-", write ${flag}=VALUE.`,
      )
    }
    if (flag && /does not take an argument/.test(e.message))
      return new UsageError(`${flag} does not take a value.`)
    return new UsageError(e.message.split('\n')[0] ?? e.message)
  }
  return new UsageError(e.message)
}

/** A TCP port: 0 (any free port) to 65535. */
export function parsePort(raw: string | boolean | undefined): number | undefined {
  if (raw === undefined) return undefined
  if (typeof raw !== 'string' || !/^\d{1,5}$/.test(raw) || Number(raw) > 65535) {
    throw new UsageError(
      `--port must be a whole number from 0 to 65535 (0 picks a free port); got "${String(raw)}".`,
    )
  }
  return Number(raw)
}

/** A market seed: a whole number from 0 to 4294967295. */
export function parseSeed(raw: string | boolean | undefined): number | undefined {
  if (raw === undefined) return undefined
  if (typeof raw !== 'string' || !/^\d{1,10}$/.test(raw) || Number(raw) > 0xffffffff) {
    throw new UsageError(
      `--seed must be a whole number from 0 to 4294967295; got "${String(raw)}".`,
    )
  }
  return Number(raw)
}

/** The data folder: --data-dir, else $VIGIL_DATA_DIR, else ~/.vigil; `~/` is expanded. */
export function resolveDataDir(
  raw: string | boolean | undefined,
  env: Readonly<Record<string, string | undefined>>,
  homeDir = os.homedir(),
): string {
  if (raw !== undefined && (typeof raw !== 'string' || raw.trim() === '')) {
    throw new UsageError('--data-dir needs a folder path.')
  }
  const chosen = (raw as string | undefined) ?? (env.VIGIL_DATA_DIR || path.join(homeDir, '.vigil'))
  const expanded =
    chosen === '~'
      ? homeDir
      : chosen.startsWith('~/')
        ? path.join(homeDir, chosen.slice(2))
        : chosen
  return path.resolve(expanded)
}
