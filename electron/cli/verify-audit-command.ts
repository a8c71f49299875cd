/**
 * `vigil verify-audit DIR`: walks the audit journal's whole hash chain and says whether every
 * record is exactly as written. Exit 0 when intact; 1 naming the first bad seq and segment when
 * a record was edited, inserted, removed, reordered or cut off the end; 2 when there is no
 * journal to check. Read-only: it can run while Vigil runs on the same folder.
 */
import { verifyJournal } from '../engine/journal'
import { readSnapshotHead } from '../host'
import { parseCommandLine } from './args'
import { EXIT, UsageError, type CliCommand, type CliContext } from './cli-io'
import { JournalNotFoundError, locateJournal } from './journal-folder'

// Progress lines only for journals big enough to take a moment.
const PROGRESS_EVERY = 100_000

/** The `verify-audit` command. */
export const verifyAuditCommand: CliCommand = {
  summary: 'Check that the audit journal has not been edited, reordered or cut',
  usage: `vigil verify-audit DIR

  DIR         The data folder (or its journal folder). Its state snapshot, when readable,
              tells how far the journal reached, so a cut-off end is caught too.
  -h, --help  Show this help

Exit codes: 0 intact, 1 tampered or unreadable, 2 no journal at DIR or a usage mistake.`,
  async run(args, context) {
    const { flags, positionals } = parseCommandLine(
      args,
      { help: { type: 'boolean', short: 'h' } },
      1,
    )
    if (flags.help) {
      context.out(`Usage: ${this.usage}`)
      return EXIT.ok
    }
    const dir = positionals[0]
    if (dir === undefined || dir.trim() === '')
      throw new UsageError('Give the data folder to check.')
    return verifyAudit(dir, context)
  },
}

async function verifyAudit(dir: string, context: CliContext): Promise<number> {
  let location
  try {
    location = locateJournal(dir)
  } catch (error) {
    if (error instanceof JournalNotFoundError) {
      context.err(`vigil verify-audit: ${error.message}`)
      return EXIT.usage
    }
    throw error
  }

  let expectedHead = null
  if (location.dataDir !== null) {
    const { head, problems } = await readSnapshotHead(location.dataDir)
    for (const problem of problems) context.err(`Warning: ${problem}.`)
    expectedHead = head
  }
  if (!expectedHead) {
    context.err(
      'Warning: no readable state snapshot beside this journal, so records cut off the end cannot be detected; every other change is.',
    )
  }

  const report = await verifyJournal(location.journalDir, {
    expectedHead,
    progressEvery: PROGRESS_EVERY,
    onProgress: (checked, total) => {
      if (checked >= total) return
      const pct = Math.min(99, Math.floor((checked / total) * 100))
      context.err(`Checked ${count(checked)} of about ${count(total)} records (${pct}%)…`)
    },
  })

  const seconds = report.durationMs / 1000
  const rate = seconds > 0 ? Math.round(report.records / seconds) : 0
  if (report.ok) {
    context.out(
      `Journal intact: ${report.records} records checked in ${report.segments} segment${report.segments === 1 ? '' : 's'} (head seq ${report.head.seq}, hash ${report.head.hash})`,
    )
    if (expectedHead && expectedHead.seq < report.head.seq) {
      context.err(
        `The journal goes on past the state snapshot (seq ${expectedHead.seq}); the engine replays those records at start.`,
      )
    }
    context.err(`Took ${seconds.toFixed(2)} s (${count(rate)} records/s).`)
    return EXIT.ok
  }
  const bad = report.firstBad as NonNullable<typeof report.firstBad>
  context.out(
    `Journal TAMPERED: first bad record seq ${bad.seq} in segment ${bad.segment}: ${bad.reason}`,
  )
  context.out(
    `${report.records} record${report.records === 1 ? '' : 's'} before it checked intact (through seq ${report.head.seq}).`,
  )
  return EXIT.failure
}

function count(n: number): string {
  return n.toLocaleString('en-US')
}
