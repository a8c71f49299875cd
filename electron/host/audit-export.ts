/**
 * Exports of a data folder's audit journal as files, shared by `vigil export`, the Electron
 * save dialog and the server host's download: the raw journal (JSON Lines plus a manifest that
 * also carries the export file's own SHA-256) or the composite audit records (CSV). Exports
 * only read the segment files, so they work while an engine runs on the folder.
 */
import { createHash, randomBytes } from 'node:crypto'
import { promises as fsp } from 'node:fs'
import path from 'node:path'
import { snapshotFiles } from '../engine/core'
import { exportAuditCsv, exportJournal, type ExportManifest, syncDir } from '../engine/journal'
import type { AuditExportFormat } from '../../shared/wire'

export type { AuditExportFormat }

/** Whether a value names an export format. */
export function isAuditExportFormat(value: unknown): value is AuditExportFormat {
  return value === 'jsonl' || value === 'csv'
}

/** The manifest as written beside a JSON Lines export: what was exported and how to check it. */
export interface WrittenManifest extends ExportManifest {
  /** Name of the export file the manifest describes. */
  readonly file: string
  readonly bytes: number
  /** SHA-256 (hex) of the export file's bytes. */
  readonly sha256: string
}

/** What writing an export produced. */
export interface WrittenExport {
  readonly format: AuditExportFormat
  readonly path: string
  readonly bytes: number
  readonly sha256: string
  /** Journal records (jsonl) or composite audit records (csv). */
  readonly records: number
  /** The manifest and its file, for jsonl. */
  readonly manifest: WrittenManifest | null
  readonly manifestPath: string | null
}

/** The manifest file written beside a JSON Lines export. */
function manifestPathFor(file: string): string {
  return `${file}.manifest.json`
}

/** The suggested file name of an export made at `now`: vigil-journal-YYYYMMDD.jsonl and so on. */
export function exportFileName(format: AuditExportFormat | 'manifest', now: Date): string {
  const day = now.toISOString().slice(0, 10).replace(/-/g, '')
  if (format === 'csv') return `vigil-audit-${day}.csv`
  if (format === 'manifest') return `vigil-journal-${day}.jsonl.manifest.json`
  return `vigil-journal-${day}.jsonl`
}

/** A sink that counts and hashes what passes through it. */
interface HashingSink {
  write(chunk: string): Promise<void>
  readonly bytes: number
  digest(): string
}

/** Wraps `write` so the bytes written are counted and hashed on the way. */
function hashingSink(write: (chunk: string) => void | Promise<void>): HashingSink {
  const hash = createHash('sha256')
  let bytes = 0
  let digest: string | null = null
  return {
    async write(chunk) {
      const buffer = Buffer.from(chunk, 'utf8')
      hash.update(buffer)
      bytes += buffer.length
      await write(chunk)
    },
    get bytes() {
      return bytes
    },
    digest() {
      digest ??= hash.digest('hex')
      return digest
    },
  }
}

/**
 * Streams the raw journal through `write` and returns its manifest, including the SHA-256 of
 * exactly the bytes written. With a no-op `write` this computes the manifest alone.
 */
export async function streamJournalExport(
  journalDir: string,
  write: (chunk: string) => void | Promise<void>,
  file: string,
  now: Date,
): Promise<WrittenManifest> {
  const sink = hashingSink(write)
  const manifest = await exportJournal(journalDir, (chunk) => sink.write(chunk), now)
  return { ...manifest, file, bytes: sink.bytes, sha256: sink.digest() }
}

/**
 * Writes an export to `file`: first to a temporary file in the same folder, fsynced, then
 * renamed over `file`, so a reader never sees half an export. For jsonl the manifest goes to
 * FILE.manifest.json the same way, after the export itself.
 */
export async function writeAuditExport(
  journalDir: string,
  file: string,
  format: AuditExportFormat,
  now: Date,
): Promise<WrittenExport> {
  const target = path.resolve(file)
  if (format === 'csv') {
    let rows = 0
    const { bytes, sha256 } = await writeAtomically(target, async (write) => {
      rows = await exportAuditCsv(journalDir, write)
    })
    return {
      format,
      path: target,
      bytes,
      sha256,
      records: rows,
      manifest: null,
      manifestPath: null,
    }
  }
  let manifest: WrittenManifest | null = null
  const written = await writeAtomically(target, async (write) => {
    manifest = await streamJournalExport(journalDir, write, path.basename(target), now)
  })
  const done = manifest as unknown as WrittenManifest
  const manifestPath = manifestPathFor(target)
  await writeAtomically(manifestPath, (write) => write(JSON.stringify(done, null, 2) + '\n'))
  return {
    format,
    path: target,
    bytes: written.bytes,
    sha256: written.sha256,
    records: done.records,
    manifest: done,
    manifestPath,
  }
}

/** Writes a file through a temporary sibling and a rename; returns its size and SHA-256. */
async function writeAtomically(
  file: string,
  produce: (write: (chunk: string) => Promise<void>) => Promise<void>,
): Promise<{ bytes: number; sha256: string }> {
  const dir = path.dirname(file)
  const temp = path.join(
    dir,
    `.${path.basename(file)}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`,
  )
  const fh = await fsp.open(temp, 'wx', 0o600)
  let renamed = false
  try {
    const sink = hashingSink(async (chunk) => {
      await fh.write(chunk)
    })
    await produce((chunk) => sink.write(chunk))
    await fh.sync()
    await fh.close()
    await fsp.rename(temp, file)
    renamed = true
    await syncDir(dir)
    return { bytes: sink.bytes, sha256: sink.digest() }
  } finally {
    if (!renamed) {
      await fh.close().catch(() => undefined)
      await fsp.rm(temp, { force: true })
    }
  }
}

/** The journal head a data folder's state snapshot covers, if a snapshot is readable. */
export interface SnapshotHead {
  readonly seq: number
  readonly hash: string
  /** The snapshot file it came from. */
  readonly file: string
}

/**
 * Reads the journal head from the data folder's state snapshot, or from the previous one the engine
 * keeps when the newest one is unreadable. Returns the head and, separately, why a snapshot
 * that exists could not be used (so the caller can say a cut tail cannot be detected).
 */
export async function readSnapshotHead(
  dataDir: string,
): Promise<{ head: SnapshotHead | null; problems: string[] }> {
  const problems: string[] = []
  for (const file of snapshotFiles(dataDir)) {
    let text: string
    try {
      text = await fsp.readFile(file, 'utf8')
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') continue
      problems.push(`${file} could not be read (${(error as Error).message})`)
      continue
    }
    const head = headOf(text)
    if (head) return { head: { ...head, file }, problems }
    problems.push(`${file} holds no readable journal head`)
  }
  return { head: null, problems }
}

function headOf(text: string): { seq: number; hash: string } | null {
  try {
    const data = JSON.parse(text) as { journal?: { seq?: unknown; hash?: unknown } } | null
    const seq = data?.journal?.seq
    const hash = data?.journal?.hash
    if (typeof seq !== 'number' || !Number.isSafeInteger(seq) || seq < 0) return null
    if (typeof hash !== 'string' || !/^[0-9a-f]{64}$/.test(hash)) return null
    return { seq, hash }
  } catch {
    return null
  }
}
