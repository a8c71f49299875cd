/**
 * Exports of the journal: the raw JSON Lines with a manifest (record count, head hash, and
 * whether the chain verified), and the composite audit records as CSV. Both read the segment
 * files directly, so they work on a data folder whether or not an engine is running on it.
 */
import { createReadStream } from 'node:fs'
import path from 'node:path'
import { AUDIT_CSV_HEADER, AuditTrail, auditCsvLine } from './audit'
import { checkLink } from './chain'
import { listSegments } from './journal'
import { GENESIS, type JournalRecord } from './records'

/** What an export of the raw journal contains. */
export interface ExportManifest {
  readonly format: 'vigil-journal-jsonl'
  readonly version: 1
  readonly records: number
  readonly segments: readonly string[]
  readonly head: { readonly seq: number; readonly hash: string }
  /** Whether every record chained and hashed correctly. */
  readonly verified: boolean
  readonly firstBad: {
    readonly seq: number
    readonly segment: string
    readonly reason: string
  } | null
  readonly exportedAt: string
}

/** Every stored line of a journal folder, oldest first, with its segment. */
export async function* journalLines(
  dir: string,
): AsyncGenerator<{ segment: string; line: string }> {
  for (const segment of listSegments(dir)) {
    let rest = ''
    for await (const chunk of createReadStream(path.join(dir, segment), {
      encoding: 'utf8',
      highWaterMark: 1 << 20,
    })) {
      const lines = (rest + (chunk as string)).split('\n')
      rest = lines.pop() ?? ''
      for (const line of lines) yield { segment, line }
    }
    if (rest) yield { segment, line: rest }
  }
}

/** Writes the raw journal as JSON Lines through `write`; returns the manifest. */
export async function exportJournal(
  dir: string,
  write: (chunk: string) => void | Promise<void>,
  now: Date,
): Promise<ExportManifest> {
  let seq = 0
  let hash = GENESIS
  let firstBad: ExportManifest['firstBad'] = null
  let buffer = ''
  for await (const { segment, line } of journalLines(dir)) {
    if (!firstBad) {
      const link = checkLink(line, seq + 1, hash)
      if (typeof link === 'string') firstBad = { seq: seq + 1, segment, reason: link }
      else ({ seq, hash } = link)
    }
    buffer += line + '\n'
    if (buffer.length > 1 << 20) {
      await write(buffer)
      buffer = ''
    }
  }
  if (buffer) await write(buffer)
  return {
    format: 'vigil-journal-jsonl',
    version: 1,
    records: seq,
    segments: listSegments(dir),
    head: { seq, hash },
    verified: firstBad === null,
    firstBad,
    exportedAt: now.toISOString(),
  }
}

/** Writes every composite audit record as CSV through `write`; returns the number of rows. */
export async function exportAuditCsv(
  dir: string,
  write: (chunk: string) => void | Promise<void>,
): Promise<number> {
  const trail = new AuditTrail()
  for await (const { line } of journalLines(dir)) {
    let record: JournalRecord
    try {
      record = JSON.parse(line) as JournalRecord
    } catch {
      continue // a torn line: verify-audit reports it; the CSV carries what is readable
    }
    trail.apply(record)
  }
  let buffer = AUDIT_CSV_HEADER + '\n'
  let rows = 0
  for (const r of trail.records()) {
    buffer += auditCsvLine(r) + '\n'
    rows += 1
    if (buffer.length > 1 << 20) {
      await write(buffer)
      buffer = ''
    }
  }
  await write(buffer)
  return rows
}
