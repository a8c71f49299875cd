/**
 * The data folder's layout: every entry Vigil keeps in a data folder, named once. Whoever
 * reads or writes an entry asks this module for its path, and the walk that makes the folder
 * private on start reads the same list, so an entry added here is private without another edit.
 */
import path from 'node:path'

/** One entry of the layout: a file or folder Vigil owns, or a family of them. */
export interface DataFolderEntry {
  readonly kind: 'file' | 'folder'
  /** Its name; for a family, the name of one member. */
  readonly name: string
  /**
   * For a family (one per venue, one per drill): what every member's name matches, and the
   * names of its copies (`.prev`, temps) too.
   */
  readonly family?: RegExp
  /** What it holds, for someone looking at the folder. */
  readonly holds: string
}

const JOURNAL = 'journal'
const JOURNAL_INDEX = 'journal-index'
const REPORTS = 'reports'
const SNAPSHOT = 'state.json'
const SETTINGS = 'settings.json'
const MARKET = 'market.json'
const PAPER_EXCHANGE = 'paper-exchange'
const EQUITY_MINUTES = 'equity-minutes.jsonl'
const TRADE_HISTORY = 'trade-history.bin'
const CREDENTIALS = 'credentials.json'
const CHANNEL_SECRETS = 'channel-secrets.json'
const SERVER = 'server.json'
const API_TOKEN = 'api-token'
const CONSOLE_ACCESS = 'console-access.json'
const LOCK = 'vigil.lock'
const DRILL_PREFIX = '.drill-'
const REHEARSALS = 'rehearsals'
/** The suffix of the copy a file keeps of its previous version. */
const PREVIOUS = '.prev'

/** Every entry of a data folder, in the order a reader would explain them. */
export const DATA_FOLDER_LAYOUT: readonly DataFolderEntry[] = [
  { kind: 'folder', name: JOURNAL, holds: 'the audit journal, one JSON Lines segment a day' },
  {
    kind: 'folder',
    name: JOURNAL_INDEX,
    holds: "the journal's index by seq and order id (rebuilt from the journal when lost)",
  },
  { kind: 'file', name: SNAPSHOT, holds: 'the state snapshot (and state.json.prev)' },
  { kind: 'file', name: SETTINGS, holds: 'risk limits per account, a readable copy' },
  { kind: 'file', name: MARKET, holds: "the simulated market's clock and seed" },
  { kind: 'file', name: `${PAPER_EXCHANGE}.json`, holds: "the paper exchange's books" },
  {
    kind: 'file',
    name: `${PAPER_EXCHANGE}-kraken.json`,
    family: /^paper-exchange-[\w-]+\.json(\.|$)/,
    holds: 'the paper exchange of one live-priced venue',
  },
  { kind: 'file', name: EQUITY_MINUTES, holds: "the last day's equity, one line a minute" },
  {
    kind: 'file',
    name: TRADE_HISTORY,
    holds: 'round trips and order outcomes for Performance (rebuilt from the journal when lost)',
  },
  { kind: 'folder', name: REPORTS, holds: 'daily reports as JSON, CSV and HTML' },
  { kind: 'file', name: CREDENTIALS, holds: "the server host's API keys (0600)" },
  {
    kind: 'file',
    name: CHANNEL_SECRETS,
    holds: "the server host's alert channel secrets: bot tokens, webhook keys (0600)",
  },
  { kind: 'file', name: SERVER, holds: "the running server host's address and token" },
  { kind: 'file', name: API_TOKEN, holds: "the bots' API token, kept until rotated (0600)" },
  {
    kind: 'file',
    name: CONSOLE_ACCESS,
    holds: "the server host's port and its console sessions, hashed (0600)",
  },
  { kind: 'file', name: LOCK, holds: 'the lock of the process that owns the folder, and its pid' },
  {
    kind: 'folder',
    name: `${DRILL_PREFIX}a1b2c3`,
    family: /^\.drill-/,
    holds: 'a copy of the folder a recovery drill is running on',
  },
  {
    kind: 'folder',
    name: REHEARSALS,
    holds:
      "rehearsals of the validation plan started from the Roadmap screen: each one's report and JSON (its scratch data folder is removed when it ends)",
  },
]

/**
 * Whether a name found in a data folder is one of Vigil's entries: an entry of the layout, a
 * file's previous copy (`state.json.prev`), or a temp file of one being written
 * (`.state.json.123.ab12.tmp`). Anything else was put there by someone else.
 */
export function isDataFolderEntry(name: string, isFolder: boolean): boolean {
  const bare = !isFolder && name.startsWith('.') ? name.slice(1) : name
  return DATA_FOLDER_LAYOUT.some((entry) => {
    if ((entry.kind === 'folder') !== isFolder) return false
    if (entry.family) return entry.family.test(bare)
    return isFolder ? bare === entry.name : bare === entry.name || bare.startsWith(`${entry.name}.`)
  })
}

/** The journal folder: the daily segment files. */
export function journalDir(dataDir: string): string {
  return path.join(dataDir, JOURNAL)
}

/** The journal's on-disk index: derived from the journal, rebuilt when missing or behind. */
export function journalIndexDir(dataDir: string): string {
  return path.join(dataDir, JOURNAL_INDEX)
}

/** The reports folder: one JSON, CSV and HTML file per day. */
export function reportsDir(dataDir: string): string {
  return path.join(dataDir, REPORTS)
}

/** The state snapshot. */
export function snapshotFile(dataDir: string): string {
  return path.join(dataDir, SNAPSHOT)
}

/** The copy a state file keeps of its previous version (`state.json` → `state.json.prev`). */
export function previousOf(file: string): string {
  return `${file}${PREVIOUS}`
}

/** The snapshot files, newest first: where a reader looks for the state the journal vouches for. */
export function snapshotFiles(dataDir: string): readonly string[] {
  return [snapshotFile(dataDir), previousOf(snapshotFile(dataDir))]
}

/** The settings file. */
export function settingsFile(dataDir: string): string {
  return path.join(dataDir, SETTINGS)
}

/** Whether a name is a temp file a crash left while the snapshot or settings were written. */
export function isLeftoverStateTemp(name: string): boolean {
  return /^\.(state|settings)\.json\.\d+\.[0-9a-f]+\.tmp$/.test(name)
}

/** The simulated market's clock and seed. */
export function marketFile(dataDir: string): string {
  return path.join(dataDir, MARKET)
}

/**
 * The paper exchange's state: the simulator's venue for `exchangeId` null, otherwise one file
 * per live-priced exchange (its id made safe as a file name).
 */
export function paperExchangeFile(dataDir: string, exchangeId: string | null): string {
  const venue = exchangeId === null ? '' : `-${exchangeId.replace(/[^a-z0-9_-]/gi, '_')}`
  return path.join(dataDir, `${PAPER_EXCHANGE}${venue}.json`)
}

/** The minute equity samples. */
export function equityMinutesFile(dataDir: string): string {
  return path.join(dataDir, EQUITY_MINUTES)
}

/** The round trips and order outcomes live performance reads its history from. */
export function tradeHistoryFile(dataDir: string): string {
  return path.join(dataDir, TRADE_HISTORY)
}

/** The server host's API keys file. */
export function credentialsFile(dataDir: string): string {
  return path.join(dataDir, CREDENTIALS)
}

/** The server host's alert channel secrets file. */
export function channelSecretsFile(dataDir: string): string {
  return path.join(dataDir, CHANNEL_SECRETS)
}

/** Where a running server host says how to reach it. */
export function serverFile(dataDir: string): string {
  return path.join(dataDir, SERVER)
}

/** The long-lived API token bots send as `Authorization: Bearer`. */
export function apiTokenFile(dataDir: string): string {
  return path.join(dataDir, API_TOKEN)
}

/** The server host's remembered port and its console sessions (hashes only). */
export function consoleAccessFile(dataDir: string): string {
  return path.join(dataDir, CONSOLE_ACCESS)
}

/** The lock file of the process that owns the folder. */
export function lockFile(dataDir: string): string {
  return path.join(dataDir, LOCK)
}

/** The prefix of a drill's copy of the folder, for `mkdtemp`. */
export function drillCopyPrefix(dataDir: string): string {
  return path.join(dataDir, DRILL_PREFIX)
}

/** Where rehearsals started from the Roadmap screen write, one folder each. */
export function rehearsalsDir(dataDir: string): string {
  return path.join(dataDir, REHEARSALS)
}
