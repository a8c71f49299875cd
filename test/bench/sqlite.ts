/**
 * SQLite for the journal comparison, installed for the benchmark alone: better-sqlite3 compiles
 * a native module, so it is not a dependency of Vigil (npm install and CI never build it). The
 * first run installs it under bench-results/sqlite; when that fails the comparison is skipped.
 */
import { execFileSync } from 'node:child_process'
import { existsSync, mkdirSync } from 'node:fs'
import { createRequire } from 'node:module'
import path from 'node:path'

/** The few calls of better-sqlite3 the benchmark makes. */
export interface SqliteDatabase {
  pragma(source: string): unknown
  exec(source: string): void
  prepare(source: string): { run(...params: unknown[]): unknown }
  transaction<A extends unknown[]>(fn: (...args: A) => void): (...args: A) => void
  close(): void
}

type Open = new (file: string) => SqliteDatabase

const VERSION = 'better-sqlite3@12'

/** Opens SQLite's constructor, installing it on first use; a reason in words when it cannot. */
export function loadSqlite(): { open: Open } | { skipped: string } {
  const prefix = path.resolve('bench-results', 'sqlite')
  const resolveFrom = createRequire(path.join(prefix, 'bench.cjs'))
  if (!existsSync(path.join(prefix, 'node_modules', 'better-sqlite3'))) {
    mkdirSync(prefix, { recursive: true })
    console.error(`  installing ${VERSION} for this benchmark alone in ${prefix}…`)
    try {
      execFileSync(
        'npm',
        ['install', '--no-save', '--no-audit', '--no-fund', '--prefix', prefix, VERSION],
        { stdio: ['ignore', 'ignore', 'inherit'], timeout: 15 * 60_000 },
      )
    } catch (error) {
      return { skipped: `npm install ${VERSION} failed (${(error as Error).message})` }
    }
  }
  try {
    return { open: resolveFrom('better-sqlite3') as Open }
  } catch (error) {
    return { skipped: `${VERSION} does not load (${(error as Error).message})` }
  }
}
