/**
 * Finds the audit journal a `vigil verify-audit` or `vigil export` is pointed at: a data folder
 * (with journal/ inside) or the journal folder itself. Only reads; never takes the data
 * folder's lock, so it works while Vigil runs on the same folder.
 */
import { existsSync, readdirSync, statSync } from 'node:fs'
import path from 'node:path'
import { journalDir } from '../engine/core'

/** Where the journal and, when known, its data folder are. */
export interface JournalLocation {
  readonly journalDir: string
  /** The data folder holding the state snapshot; null when the folder given is a bare journal. */
  readonly dataDir: string | null
}

/** The folder given cannot be used; the message says why, in full words. */
export class JournalNotFoundError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'JournalNotFoundError'
  }
}

const SEGMENT = /^\d{4}-\d{2}-\d{2}\.jsonl$/

/** Resolves DIR to a journal folder, or throws JournalNotFoundError. */
export function locateJournal(dir: string): JournalLocation {
  const resolved = path.resolve(dir)
  if (!existsSync(resolved)) throw new JournalNotFoundError(`There is no folder at ${resolved}.`)
  if (!statSync(resolved).isDirectory()) {
    throw new JournalNotFoundError(
      `${resolved} is a file; give the Vigil data folder (or its journal folder) instead.`,
    )
  }
  const inner = journalDir(resolved)
  if (existsSync(inner) && statSync(inner).isDirectory()) {
    return { journalDir: inner, dataDir: resolved }
  }
  const hasSegments = readdirSync(resolved).some((name) => SEGMENT.test(name))
  const parent = path.dirname(resolved)
  const isInDataDir = journalDir(parent) === resolved
  if (hasSegments || isInDataDir) {
    // A journal folder inside a data folder: the snapshot beside it still tells the head.
    return { journalDir: resolved, dataDir: isInDataDir ? parent : null }
  }
  throw new JournalNotFoundError(
    `${resolved} holds no Vigil journal: there is no journal folder in it and no daily segment files (YYYY-MM-DD.jsonl).`,
  )
}
