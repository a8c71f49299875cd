/**
 * `vigil export DIR --format jsonl|csv --out FILE`: the raw audit journal as JSON Lines with a
 * manifest (record count, head hash, the export's SHA-256), or one CSV row per trade decision.
 * Read-only on DIR, so it can run while Vigil runs on the same folder.
 */
import { existsSync, statSync } from 'node:fs'
import path from 'node:path'
import {
  exportFileName,
  isAuditExportFormat,
  writeAuditExport,
  type AuditExportFormat,
} from '../host'
import { parseCommandLine } from './args'
import { EXIT, UsageError, type CliCommand, type CliContext } from './cli-io'
import { JournalNotFoundError, locateJournal } from './journal-folder'

/** The `export` command. */
export const exportCommand: CliCommand = {
  summary: 'Export the audit journal (JSON Lines + manifest) or the audit records (CSV)',
  usage: `vigil export DIR --out FILE [--format jsonl|csv]

  DIR              The data folder (or its journal folder)
  --out FILE       Where to write; an existing folder gets a dated file name inside it
  --format FORMAT  jsonl: the raw journal plus FILE.manifest.json (default)
                   csv: one row per trade decision, accepted or rejected
  -h, --help       Show this help`,
  async run(args, context) {
    const { flags, positionals } = parseCommandLine(
      args,
      {
        out: { type: 'string', short: 'o' },
        format: { type: 'string', short: 'f' },
        help: { type: 'boolean', short: 'h' },
      },
      1,
    )
    if (flags.help) {
      context.out(`Usage: ${this.usage}`)
      return EXIT.ok
    }
    const dir = positionals[0]
    if (dir === undefined || dir.trim() === '')
      throw new UsageError('Give the data folder to export.')
    const format = flags.format ?? 'jsonl'
    if (!isAuditExportFormat(format)) {
      throw new UsageError(`--format must be jsonl or csv; got "${String(format)}".`)
    }
    if (typeof flags.out !== 'string' || flags.out.trim() === '') {
      throw new UsageError('--out FILE is required: the file to write the export to.')
    }
    return runExport(dir, flags.out, format, context)
  },
}

async function runExport(
  dir: string,
  out: string,
  format: AuditExportFormat,
  context: CliContext,
): Promise<number> {
  let journalDir: string
  try {
    journalDir = locateJournal(dir).journalDir
  } catch (error) {
    if (error instanceof JournalNotFoundError) {
      context.err(`vigil export: ${error.message}`)
      return EXIT.usage
    }
    throw error
  }
  const now = new Date()
  let file = path.resolve(out)
  if (existsSync(file) && statSync(file).isDirectory())
    file = path.join(file, exportFileName(format, now))
  if (!existsSync(path.dirname(file))) {
    context.err(`vigil export: the folder ${path.dirname(file)} does not exist.`)
    return EXIT.usage
  }

  const written = await writeAuditExport(journalDir, file, format, now)
  if (format === 'csv') {
    context.out(
      `Exported ${written.records} audit record${written.records === 1 ? '' : 's'} to ${written.path} (sha256 ${written.sha256})`,
    )
    return EXIT.ok
  }
  const manifest = written.manifest as NonNullable<typeof written.manifest>
  context.out(
    `Exported ${manifest.records} journal records in ${manifest.segments.length} segment${manifest.segments.length === 1 ? '' : 's'} to ${written.path} (head seq ${manifest.head.seq}, hash ${manifest.head.hash}; sha256 ${written.sha256})`,
  )
  context.out(`Manifest: ${written.manifestPath}`)
  if (!manifest.verified && manifest.firstBad) {
    context.err(
      `Warning: the journal does not verify: first bad record seq ${manifest.firstBad.seq} in segment ${manifest.firstBad.segment}: ${manifest.firstBad.reason}. The export holds the journal as found, and its manifest says so.`,
    )
    return EXIT.failure
  }
  return EXIT.ok
}
