/**
 * How a browser tab gets into the console without ever holding the API token. A link carries
 * a one-time code that lasts 60 seconds; the page trades it for a session of its own, which it
 * keeps in its origin's storage (so no other local server ever receives it, and two Vigil
 * servers on one machine never overwrite each other's) and presents on the WebSocket. A session
 * opens the console only: the REST API answers the API token alone. Sessions are kept hashed
 * in DIR/console-access.json with the port, so a restart neither signs a tab out nor moves it.
 */
import { createHash } from 'node:crypto'
import { readFile } from 'node:fs/promises'
import { consoleAccessFile } from '../engine/core'
import { writePrivateFile } from '../host'
import { createSecret } from './api-token'

/** How long a link's code can be used, once. */
export const LINK_CODE_TTL_MS = 60_000
/** A session ends after this long unused… */
export const SESSION_IDLE_MS = 7 * 24 * 3_600_000
/** …and this long after it began, used or not. */
export const SESSION_MAX_MS = 30 * 24 * 3_600_000
/** A download link for a signed-in tab lasts this long, once. */
const TICKET_TTL_MS = 60_000
// Sessions kept at once; a new one beyond this ends the one least recently used.
const MAX_SESSIONS = 32
// How long a used code is remembered after it expired, to say "already used" rather than unknown.
const FORGET_USED_MS = 10 * 60_000
// How stale a session's last use may be on disk: its idle end is at most this much early.
const LAST_USED_PRECISION_MS = 3_600_000

/** A session as kept on disk: never the secret itself. */
interface StoredSession {
  readonly hash: string
  readonly createdAt: number
  lastUsedAt: number
}

interface AccessFile {
  readonly version: 1
  readonly port: number | null
  readonly sessions: StoredSession[]
}

/** Why a link or session was refused, in words for the trader. */
export type Refusal = { readonly ok: false; readonly reason: string }

/** The console's doors. */
export interface ConsoleAccess {
  /** The port the server listened on last time, or null. */
  readonly rememberedPort: number | null
  /** Remembers the port the server now listens on (on disk before it returns). */
  rememberPort(port: number): Promise<void>
  /** A new one-time code for a link. */
  mintCode(): { readonly code: string; readonly expiresAt: number }
  /** Trades a link's code for a session (on disk before it returns), or says why not. */
  redeem(
    code: unknown,
  ): Promise<{ readonly ok: true; readonly session: string; readonly expiresAt: number } | Refusal>
  /** Whether a presented session is open; using it keeps it open. */
  check(session: string | null): { readonly ok: true; readonly expiresAt: number } | Refusal
  /** A one-time ticket for one download by a signed-in tab. */
  mintTicket(purpose: string): string
  /** Uses up a ticket; true when it was valid for this purpose. */
  spendTicket(ticket: string | null, purpose: string): boolean
}

const hashOf = (secret: string): string => createHash('sha256').update(secret).digest('hex')

async function readAccessFile(dataDir: string): Promise<AccessFile> {
  const empty: AccessFile = { version: 1, port: null, sessions: [] }
  let raw: unknown
  try {
    raw = JSON.parse(await readFile(consoleAccessFile(dataDir), 'utf8'))
  } catch {
    // Missing or unreadable: tabs sign in again with a new link; nothing else depends on it.
    return empty
  }
  const file = raw as Partial<AccessFile>
  const port = Number.isInteger(file.port) ? (file.port as number) : null
  const sessions = Array.isArray(file.sessions)
    ? file.sessions.filter(
        (s): s is StoredSession =>
          typeof s?.hash === 'string' &&
          Number.isFinite(s.createdAt) &&
          Number.isFinite(s.lastUsedAt),
      )
    : []
  return { version: 1, port, sessions }
}

/** Opens the console's access state of a data folder; `now` is the wall clock in ms. */
export async function openConsoleAccess(
  dataDir: string,
  now: () => number,
): Promise<ConsoleAccess> {
  const stored = await readAccessFile(dataDir)
  let port = stored.port
  const sessions = new Map(stored.sessions.map((s) => [s.hash, s]))
  // Codes by hash with when they expire; used ones stay known a while to say so.
  const codes = new Map<string, number>()
  const used = new Map<string, number>()
  const tickets = new Map<string, { purpose: string; expiresAt: number }>()
  let writing: Promise<void> = Promise.resolve()

  const endOf = (s: StoredSession): number =>
    Math.min(s.createdAt + SESSION_MAX_MS, s.lastUsedAt + SESSION_IDLE_MS)
  const prune = (): void => {
    const at = now()
    for (const [hash, expiresAt] of codes) if (expiresAt < at) codes.delete(hash)
    for (const [hash, expiresAt] of used) if (expiresAt + FORGET_USED_MS < at) used.delete(hash)
    for (const [hash, t] of tickets) if (t.expiresAt < at) tickets.delete(hash)
  }
  const save = (): Promise<void> => {
    const at = now()
    for (const [hash, s] of sessions) if (endOf(s) <= at) sessions.delete(hash)
    const text = JSON.stringify({ version: 1, port, sessions: [...sessions.values()] }, null, 2)
    writing = writing
      .catch(() => undefined)
      .then(() => writePrivateFile(consoleAccessFile(dataDir), text + '\n'))
    return writing
  }

  return {
    get rememberedPort() {
      return port
    },
    async rememberPort(next) {
      if (next === port) return
      port = next
      await save()
    },
    mintCode() {
      prune()
      const code = createSecret()
      const expiresAt = now() + LINK_CODE_TTL_MS
      codes.set(hashOf(code), expiresAt)
      return { code, expiresAt }
    },
    async redeem(code) {
      if (typeof code !== 'string' || !/^[0-9a-f]{64}$/.test(code)) {
        return {
          ok: false,
          reason:
            'This link has no valid code: a Vigil link ends with ?code= and 64 hex characters.',
        }
      }
      const hash = hashOf(code)
      const expiresAt = codes.get(hash)
      if (expiresAt === undefined) {
        return {
          ok: false,
          reason: used.has(hash)
            ? 'This link was already used: a link signs in one tab, once.'
            : 'This link is not valid now: it expired (links last 60 seconds), Vigil restarted since, or it is not one Vigil made.',
        }
      }
      codes.delete(hash)
      used.set(hash, expiresAt)
      if (now() > expiresAt) {
        return { ok: false, reason: 'This link expired: a link must be opened within 60 seconds.' }
      }
      const session = createSecret()
      const at = now()
      sessions.set(hashOf(session), { hash: hashOf(session), createdAt: at, lastUsedAt: at })
      if (sessions.size > MAX_SESSIONS) {
        const oldest = [...sessions.values()].sort((a, b) => a.lastUsedAt - b.lastUsedAt)[0]
        if (oldest) sessions.delete(oldest.hash)
      }
      await save()
      return { ok: true, session, expiresAt: at + SESSION_MAX_MS }
    },
    check(session) {
      const s = typeof session === 'string' ? sessions.get(hashOf(session)) : undefined
      const at = now()
      if (!s || endOf(s) <= at) {
        return {
          ok: false,
          reason: 'This tab is not signed in to Vigil (its session ended or was never made).',
        }
      }
      if (at - s.lastUsedAt > LAST_USED_PRECISION_MS) {
        s.lastUsedAt = at
        void save().catch(() => undefined)
      }
      return { ok: true, expiresAt: endOf(s) }
    },
    mintTicket(purpose) {
      prune()
      const ticket = createSecret()
      tickets.set(hashOf(ticket), { purpose, expiresAt: now() + TICKET_TTL_MS })
      return ticket
    },
    spendTicket(ticket, purpose) {
      if (typeof ticket !== 'string') return false
      const hash = hashOf(ticket)
      const entry = tickets.get(hash)
      tickets.delete(hash)
      return entry !== undefined && entry.purpose === purpose && now() <= entry.expiresAt
    },
  }
}
