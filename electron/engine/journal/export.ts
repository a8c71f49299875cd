/**
 * Exports of the journal: the raw JSON Lines with a manifest (record count, head hash, and
 * whether the chain verified), and the composite audit records as CSV. Both read the segment
 * files directly, so they work on a data folder whether or not an engine is running on it.
 */
import { createReadStream, promises as fsp } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { AUDIT_CSV_HEADER, auditCsvLine } from './audit'
import { AuditTrail } from './audit-trail'
import { JournalIndex } from './journal-index'
import { checkLink } from './chain'
import { listSegments } from './journal'
import { GENESIS } from './records'

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
      // The zeros written ahead of the data end it (segment-data.ts).
      const zero = (chunk as string).indexOf('\0')
      const lines = (rest + (zero === -1 ? chunk : (chunk as string).slice(0, zero))).split('\n')
      rest = lines.pop() ?? ''
      for (const line of lines) yield { segment, line }
      if (zero !== -1) break
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

/** Composite records read per page of an export. */
const EXPORT_PAGE = 1_000

/**
 * Writes every composite audit record as CSV through `write`; returns the number of rows.
 * Decisions are read page by page through an index of the journal built for the export in a
 * private temporary folder (the data folder is only read), so memory does not grow with them.
 */
export async function exportAuditCsv(
  dir: string,
  write: (chunk: string) => void | Promise<void>,
): Promise<number> {
  const scratch = await fsp.mkdtemp(path.join(os.tmpdir(), 'vigil-export-index-'))
  let history: JournalIndex | null = null
  try {
    history = await JournalIndex.open(dir, scratch)
    const trail = new AuditTrail(history)
    let buffer = AUDIT_CSV_HEADER + '\n'
    let rows = 0
    for (let from = 1; ;) {
      const page = await trail.since(from, EXPORT_PAGE)
      for (const r of page) {
        buffer += auditCsvLine(r) + '\n'
        rows += 1
        if (buffer.length > 1 << 20) {
          await write(buffer)
          buffer = ''
        }
      }
      const last = page.at(-1)
      if (page.length < EXPORT_PAGE || !last) break
      from = last.seq + 1
    }
    await write(buffer)
    return rows
  } finally {
    history?.close()
    await fsp.rm(scratch, { recursive: true, force: true })
  }
}
