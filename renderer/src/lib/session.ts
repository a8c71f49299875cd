/**
 * A browser tab's session with the server host. The link's one-time code is traded for a
 * session once, and the code leaves the address bar at once. The session lives in this
 * origin's localStorage: no other local server (another port is another origin) ever receives
 * it, two Vigil servers keep theirs apart, and it opens the console only, never the REST API.
 * It is presented as a WebSocket subprotocol and as `Authorization: Session` on /session.
 */

const STORAGE_KEY = 'vigil.session'
const SESSION_PATH = '/session'

/** The WebSocket subprotocols: the console's protocol, then the session as the server expects. */
export const CONSOLE_PROTOCOL = 'vigil.v1'
const SESSION_PROTOCOL_PREFIX = 'vigil.session.'

/** What the server says of a session. */
export type SessionProbe =
  | { readonly state: 'open' }
  | { readonly state: 'refused'; readonly reason: string }
  | { readonly state: 'unreachable' }

/** A tab's session, as the WebSocket transport uses it. Tests pass their own. */
export interface ConsoleSession {
  /** The subprotocols to open the WebSocket with, or null when this tab holds no session. */
  protocols(): string[] | null
  /** Whether the address carries a link's code still to be traded. */
  hasCode(): boolean
  /** Trades the address's code for a session; resolves null when signed in, else why not. */
  signInFromAddress(): Promise<string | null>
  /** Asks the server whether this tab's session is open. */
  probe(): Promise<SessionProbe>
  /** Calls back when another tab of this origin signs in; returns the unsubscribe. */
  onSignedIn(listener: () => void): () => void
}

function stored(): string | null {
  try {
    return localStorage.getItem(STORAGE_KEY)
  } catch {
    return null
  }
}

/** Why the server refused: its reason alone when it gives one (the console says what to do). */
async function reasonOf(response: Response): Promise<string> {
  const body = (await response.json().catch(() => null)) as {
    error?: { message?: unknown; details?: { reason?: unknown } }
  } | null
  const message = body?.error?.details?.reason ?? body?.error?.message
  return typeof message === 'string' ? message : `Vigil answered ${response.status}.`
}

/** The session of this browser tab, kept in this origin's localStorage. */
export const browserSession: ConsoleSession = {
  protocols() {
    const session = stored()
    return session ? [CONSOLE_PROTOCOL, SESSION_PROTOCOL_PREFIX + session] : null
  },
  hasCode() {
    return new URLSearchParams(location.search).has('code')
  },
  async signInFromAddress() {
    const params = new URLSearchParams(location.search)
    const code = params.get('code')
    // The code leaves the address (and so what history keeps of it) before it is even used.
    params.delete('code')
    const rest = params.toString()
    history.replaceState(history.state, '', `${location.pathname}${rest ? `?${rest}` : ''}`)
    let response: Response
    try {
      response = await fetch(SESSION_PATH, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ code }),
      })
    } catch {
      return 'Vigil did not answer when this tab tried to sign in. Is it still running?'
    }
    if (!response.ok) {
      // A tab that was signed in already stays so: only the link was spent.
      return stored() ? null : await reasonOf(response)
    }
    const { session } = (await response.json()) as { session: string }
    localStorage.setItem(STORAGE_KEY, session)
    return null
  },
  async probe() {
    const session = stored()
    if (!session) return { state: 'refused', reason: 'This tab is not signed in to Vigil.' }
    try {
      const response = await fetch(SESSION_PATH, {
        headers: { authorization: `Session ${session}` },
      })
      if (response.status === 401) return { state: 'refused', reason: await reasonOf(response) }
      return response.ok ? { state: 'open' } : { state: 'unreachable' }
    } catch {
      return { state: 'unreachable' }
    }
  },
  onSignedIn(listener) {
    const onStorage = (event: StorageEvent): void => {
      if (event.key === STORAGE_KEY && event.newValue) listener()
    }
    window.addEventListener('storage', onStorage)
    return () => window.removeEventListener('storage', onStorage)
  },
}

/**
 * A one-time address to download an audit export of a format, for a signed-in tab; a browser
 * download cannot carry a header, so the session buys a ticket that works once, for 60 s.
 */
export async function downloadAddress(format: string): Promise<string> {
  const response = await fetch(`${SESSION_PATH}/download`, {
    method: 'POST',
    headers: { authorization: `Session ${stored() ?? ''}`, 'content-type': 'application/json' },
    body: JSON.stringify({ format }),
  })
  if (!response.ok) throw new Error(await reasonOf(response))
  return ((await response.json()) as { url: string }).url
}

/**
 * A one-time address of a day's report page (YYYY-MM-DD), or of the validation audit's
 * ('validation'), for the report frame (or a new tab) of a signed-in tab: a frame cannot carry
 * a header either, so the session buys a ticket that works once, for 60 s, for that page only. The page comes under the report's own policy, not the console's.
 */
export async function reportPageAddress(date: string): Promise<string> {
  const response = await fetch(`${SESSION_PATH}/report`, {
    method: 'POST',
    headers: { authorization: `Session ${stored() ?? ''}`, 'content-type': 'application/json' },
    body: JSON.stringify({ date }),
  })
  if (!response.ok) throw new Error(await reasonOf(response))
  return ((await response.json()) as { url: string }).url
}
