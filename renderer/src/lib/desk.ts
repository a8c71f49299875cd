/**
 * The only module of the renderer that talks to the host. Inside Electron it uses the preload
 * bridge (`window.vigil`); in a browser it uses a WebSocket to the server host, signed in with
 * the tab's own session (session.ts). Either way the rest of the renderer
 * sees one API: typed commands, a snapshot on every (re)connect, event deltas after it, and a
 * connection status.
 */
import type {
  CommandName,
  CommandPayload,
  CommandResponses,
  EngineEvent,
} from '../../../shared/contract'
import { err, ok, type Result } from '../../../shared/result'
import type { Snapshot } from '../../../shared/types'
import type { AuditExportFormat, ReportPdfSaved, ServerMessage } from '../../../shared/wire'
import type { VigilBridge } from '../../../shared/bridge'
import { browserSession, downloadAddress, reportPageAddress, type ConsoleSession } from './session'

/**
 * What the trader sees about the link to the engine. `signed-out`: the server answers but no
 * longer accepts this tab's session (it expired or was ended); only a new link signs it in.
 */
export type ConnectionStatus = 'connecting' | 'online' | 'offline' | 'signed-out'

/** What a transport reports: `open` means commands can flow; the desk then loads a snapshot. */
export type TransportState = 'connecting' | 'open' | 'offline' | 'signed-out'

/** Callbacks a transport drives. */
export interface TransportHandlers {
  /** The link's state, with why when the server refused this tab (signed-out). */
  state(state: TransportState, reason?: string): void
  events(events: readonly EngineEvent[]): void
}

/** One way of reaching the host. Tests pass their own. */
export interface Transport {
  start(handlers: TransportHandlers): void
  invoke(name: CommandName, payload: unknown): Promise<Result<unknown>>
  stop(): void
}

type Listener<T> = (value: T) => void

const eventListeners = new Set<Listener<readonly EngineEvent[]>>()
const snapshotListeners = new Set<Listener<Snapshot>>()
const statusListeners = new Set<Listener<ConnectionStatus>>()

let transport: Transport | null = null
let status: ConnectionStatus = 'connecting'
let statusReason: string | null = null
// Bumped whenever the link changes, so an answer meant for an older connection is ignored.
let generation = 0
// Events that arrive while a snapshot is loading wait here, so they apply on top of it.
let buffered: EngineEvent[] | null = []
let retryTimer: ReturnType<typeof setTimeout> | null = null

const SNAPSHOT_RETRY_MS = 2_000

function setStatus(next: ConnectionStatus): void {
  if (next === status) return
  status = next
  for (const listener of [...statusListeners]) listener(next)
}

function emitEvents(events: readonly EngineEvent[]): void {
  if (events.length === 0) return
  for (const listener of [...eventListeners]) listener(events)
}

function clearRetry(): void {
  if (retryTimer) clearTimeout(retryTimer)
  retryTimer = null
}

async function loadSnapshot(expected: number): Promise<void> {
  const current = transport
  if (!current) return
  const result = await current.invoke('app:get-snapshot', {})
  if (expected !== generation || current !== transport) return
  if (!result.ok) {
    // The link is up but the engine could not answer (yet): try again rather than sit empty.
    console.warn(`Vigil could not load the console state: ${result.error.message}`)
    clearRetry()
    retryTimer = setTimeout(() => {
      if (expected === generation) void loadSnapshot(expected)
    }, SNAPSHOT_RETRY_MS)
    return
  }
  const snapshot = result.value as Snapshot
  for (const listener of [...snapshotListeners]) listener(snapshot)
  const pending = buffered ?? []
  buffered = null
  emitEvents(pending)
  setStatus('online')
}

const handlers: TransportHandlers = {
  state(state, reason) {
    generation += 1
    clearRetry()
    statusReason = reason ?? null
    if (state === 'open') {
      buffered = []
      setStatus('connecting')
      void loadSnapshot(generation)
    } else {
      buffered = []
      setStatus(state)
    }
  },
  events(events) {
    if (buffered) buffered.push(...events)
    else emitEvents(events)
  },
}

/**
 * Starts talking to the host: the given transport, else the Electron bridge when present, else
 * the WebSocket of the server host. Returns a function that disconnects.
 */
export function connectDesk(custom?: Transport): () => void {
  disconnectDesk()
  const next = custom ?? defaultTransport()
  transport = next
  buffered = []
  setStatus('connecting')
  next.start(handlers)
  return () => {
    if (transport === next) disconnectDesk()
  }
}

/** Stops the current transport, if any. */
export function disconnectDesk(): void {
  const current = transport
  transport = null
  generation += 1
  clearRetry()
  current?.stop()
  setStatus('offline')
}

// The one place the renderer reads the preload's bridge (a lint rule keeps it so).
function electronBridge(): VigilBridge | undefined {
  return typeof window !== 'undefined' ? window.vigil : undefined
}

/** The console runs in the Electron window: the preload's bridge is there. */
export function inElectron(): boolean {
  return electronBridge() !== undefined
}

function defaultTransport(): Transport {
  const bridge = electronBridge()
  return bridge ? createBridgeTransport(bridge) : createWebSocketTransport()
}

/** Runs one command of the contract on the host. Never throws: failures come back as Results. */
export async function invoke<C extends CommandName>(
  name: C,
  payload: CommandPayload<C>,
): Promise<Result<CommandResponses[C]>> {
  if (!transport) {
    return err(
      'UNAVAILABLE',
      'The console is not connected to Vigil. Wait until the status shows online.',
    )
  }
  return (await transport.invoke(name, payload)) as Result<CommandResponses[C]>
}

/** Listens to event batches (applied after the latest snapshot); returns the unsubscribe. */
export function onEvents(listener: (events: readonly EngineEvent[]) => void): () => void {
  eventListeners.add(listener)
  return () => eventListeners.delete(listener)
}

/** Listens to the snapshot loaded on every (re)connect; stores reset from it. */
export function onSnapshot(listener: (snapshot: Snapshot) => void): () => void {
  snapshotListeners.add(listener)
  return () => snapshotListeners.delete(listener)
}

/** The connection status and its subscription, for the header and the stores. */
export const connectionStatus = {
  get(): ConnectionStatus {
    return status
  },
  /** Why the server refused this tab, while signed-out; else null. */
  reason(): string | null {
    return status === 'signed-out' ? statusReason : null
  },
  subscribe(listener: (status: ConnectionStatus) => void): () => void {
    statusListeners.add(listener)
    return () => statusListeners.delete(listener)
  },
}

/** The Electron transport: the preload's bridge is always up while the window lives. */
export function createBridgeTransport(bridge: VigilBridge): Transport {
  let unsubscribe: (() => void) | null = null
  return {
    start(h) {
      unsubscribe = bridge.subscribe((events) => h.events(events))
      h.state('open')
    },
    async invoke(name, payload) {
      try {
        return await bridge.invoke(name, payload)
      } catch (error) {
        return err(
          'UNAVAILABLE',
          `Vigil did not answer: ${error instanceof Error ? error.message : String(error)}`,
        )
      }
    },
    stop() {
      unsubscribe?.()
      unsubscribe = null
    },
  }
}

/** Options of the WebSocket transport; the defaults suit the server host. */
export interface WebSocketTransportOptions {
  /** Defaults to ws(s)://<this page's host>/ws. */
  readonly url?: string
  /** For tests: a WebSocket look-alike. */
  readonly WebSocketImpl?: typeof WebSocket
  /** First reconnect delay; it doubles up to maxDelayMs. */
  readonly initialDelayMs?: number
  readonly maxDelayMs?: number
  /** How long a command may go unanswered before it is reported as failed. */
  readonly timeoutMs?: number
  /** This tab's session; the browser's own by default. */
  readonly session?: ConsoleSession
}

// Walking a journal of millions of records, or a drill (up to a minute), takes longer than any
// ordinary command; progress arrives as events meanwhile, so the trader sees it is still working.
const SLOW_COMMAND_TIMEOUT_MS: Partial<Record<CommandName, number>> = {
  'audit:verify': 15 * 60_000,
  'drills:run': 3 * 60_000,
}

interface Pending {
  resolve(result: Result<unknown>): void
  timer: ReturnType<typeof setTimeout>
}

/** The browser transport: one WebSocket to the server host, reconnecting with backoff. */
export function createWebSocketTransport(options: WebSocketTransportOptions = {}): Transport {
  const url =
    options.url ?? `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/ws`
  const Impl = options.WebSocketImpl ?? WebSocket
  const initialDelay = options.initialDelayMs ?? 500
  const maxDelay = options.maxDelayMs ?? 10_000
  const timeoutMs = options.timeoutMs ?? 30_000
  const session = options.session ?? browserSession

  let socket: WebSocket | null = null
  let h: TransportHandlers | null = null
  let stopped = true
  let attempts = 0
  let nextId = 1
  let reconnectTimer: ReturnType<typeof setTimeout> | null = null
  let stopWaiting: (() => void) | null = null
  const pending = new Map<number, Pending>()

  const failPending = (message: string): void => {
    for (const [id, entry] of pending) {
      clearTimeout(entry.timer)
      pending.delete(id)
      entry.resolve(err('UNAVAILABLE', message))
    }
  }

  const onMessage = (data: unknown): void => {
    if (typeof data !== 'string') return
    let message: ServerMessage
    try {
      message = JSON.parse(data) as ServerMessage
    } catch {
      return
    }
    if (message?.type === 'result') {
      const entry = pending.get(message.id)
      if (!entry) return
      pending.delete(message.id)
      clearTimeout(entry.timer)
      entry.resolve(message.result)
    } else if (message?.type === 'events' && Array.isArray(message.events)) {
      h?.events(message.events)
    }
  }

  const retryLater = (): void => {
    // Jitter keeps several tabs from reconnecting in lockstep after the host restarts.
    const delay = Math.min(maxDelay, initialDelay * 2 ** attempts) * (0.75 + Math.random() * 0.25)
    attempts += 1
    reconnectTimer = setTimeout(() => {
      reconnectTimer = null
      if (stopped) return
      h?.state('connecting')
      open()
    }, delay)
  }

  // Refused: nothing to retry until a new link signs in (here, or in another tab of this origin).
  const signedOut = (reason: string): void => {
    if (stopped) return
    h?.state('signed-out', reason)
    stopWaiting?.()
    stopWaiting = session.onSignedIn(() => {
      stopWaiting?.()
      stopWaiting = null
      if (stopped || socket) return
      attempts = 0
      h?.state('connecting')
      open()
    })
  }

  const open = (): void => {
    if (stopped) return
    const protocols = session.protocols()
    if (!protocols) {
      signedOut('This tab is not signed in to Vigil.')
      return
    }
    const ws = new Impl(url, protocols)
    let opened = false
    socket = ws
    ws.onopen = () => {
      if (socket !== ws) return
      opened = true
      attempts = 0
      h?.state('open')
    }
    ws.onmessage = (event: MessageEvent) => {
      if (socket === ws) onMessage(event.data)
    }
    ws.onclose = () => {
      if (socket !== ws) return
      socket = null
      failPending(
        'The connection to Vigil was lost before it answered. Check the Orders screen before trying again.',
      )
      if (stopped) return
      h?.state('offline')
      if (opened) return retryLater()
      // It never opened: a stopped server and a refused session look alike from here; ask.
      void session.probe().then((probe) => {
        if (stopped || socket) return
        if (probe.state === 'refused') signedOut(probe.reason)
        else retryLater()
      })
    }
    // A failed connection also fires close, which schedules the retry.
    ws.onerror = () => undefined
  }

  return {
    start(handlers) {
      h = handlers
      stopped = false
      attempts = 0
      if (!session.hasCode()) return open()
      void session.signInFromAddress().then((refused) => {
        if (refused === null) open()
        else signedOut(refused)
      })
    },
    invoke(name, payload) {
      const ws = socket
      if (!ws || ws.readyState !== Impl.OPEN) {
        return Promise.resolve(
          err(
            'UNAVAILABLE',
            'The console is not connected to Vigil right now. Try again when it shows online.',
          ),
        )
      }
      const id = nextId++
      const limit = Math.max(timeoutMs, SLOW_COMMAND_TIMEOUT_MS[name] ?? 0)
      return new Promise((resolve) => {
        const timer = setTimeout(() => {
          pending.delete(id)
          resolve(
            err('UNAVAILABLE', `Vigil did not answer within ${Math.round(limit / 1000)} seconds.`),
          )
        }, limit)
        pending.set(id, { resolve, timer })
        ws.send(JSON.stringify({ type: 'invoke', id, name, payload }))
      })
    },
    stop() {
      stopped = true
      if (reconnectTimer) clearTimeout(reconnectTimer)
      reconnectTimer = null
      stopWaiting?.()
      stopWaiting = null
      const ws = socket
      socket = null
      failPending('The console disconnected from Vigil.')
      ws?.close()
    },
  }
}

export type { AuditExportFormat }

/** What an export did: the files saved (Electron) or the downloads started (browser). */
export interface AuditExportOutcome {
  readonly files: readonly string[]
}

/**
 * Exports the audit trail. Inside Electron the host saves it (it asks where); in a browser the
 * server host serves it as downloads, each at a one-time address the tab's session buys. The JSON Lines journal
 * comes with its manifest, which is what lets someone else check it has not been altered.
 */
export async function exportAudit(format: AuditExportFormat): Promise<Result<AuditExportOutcome>> {
  const bridge = electronBridge()
  if (bridge?.exportAudit) {
    try {
      const saved = await bridge.exportAudit(format)
      return saved.ok ? ok({ files: saved.value.files }) : saved
    } catch (error) {
      return err(
        'UNAVAILABLE',
        `Vigil could not export: ${error instanceof Error ? error.message : String(error)}`,
      )
    }
  }
  const downloads: { format: AuditExportFormat | 'manifest'; name: string }[] =
    format === 'jsonl'
      ? [
          { format: 'jsonl', name: 'vigil-journal.jsonl' },
          { format: 'manifest', name: 'vigil-journal-manifest.json' },
        ]
      : [{ format: 'csv', name: 'vigil-audit.csv' }]
  for (const { format: what, name } of downloads) {
    let href: string
    try {
      href = await downloadAddress(what)
    } catch (error) {
      return err(
        'UNAVAILABLE',
        `Vigil could not start the download: ${error instanceof Error ? error.message : String(error)}`,
      )
    }
    const anchor = document.createElement('a')
    anchor.href = href
    // The server's Content-Disposition names the file; this is the fallback.
    anchor.download = name
    anchor.rel = 'noopener'
    anchor.style.display = 'none'
    document.body.appendChild(anchor)
    anchor.click()
    anchor.remove()
  }
  return ok({ files: downloads.map((d) => d.name) })
}

/** Whether this console can save a report as a PDF (the Electron host prints it; a browser cannot). */
export function canExportReportPdf(): boolean {
  return electronBridge()?.exportReportPdf !== undefined
}

/**
 * Saves a day's report (YYYY-MM-DD) as a PDF where the trader chooses; `path` is null when the
 * dialog was canceled. Only inside Electron: elsewhere it answers that it cannot.
 */
export async function exportReportPdf(date: string): Promise<Result<ReportPdfSaved>> {
  const bridge = electronBridge()
  if (!bridge?.exportReportPdf) {
    return err('UNAVAILABLE', 'Only the desktop app can save a report as a PDF.')
  }
  try {
    return await bridge.exportReportPdf(date)
  } catch (error) {
    return err(
      'UNAVAILABLE',
      `Vigil could not export: ${error instanceof Error ? error.message : String(error)}`,
    )
  }
}

/**
 * Saves the validation plan's audit as a PDF where the trader chooses (Electron only; see
 * validation-audit.ts for a browser's way); `path` is null when the dialog was canceled.
 */
export async function saveValidationPdf(): Promise<Result<ReportPdfSaved>> {
  const bridge = electronBridge()
  if (!bridge?.exportValidationPdf) {
    return err(
      'UNAVAILABLE',
      bridge
        ? 'This window cannot export the audit: restart Vigil to update it.'
        : 'Only the desktop app can save the audit as a PDF.',
    )
  }
  try {
    return await bridge.exportValidationPdf()
  } catch (error) {
    return err(
      'UNAVAILABLE',
      `Vigil could not export: ${error instanceof Error ? error.message : String(error)}`,
    )
  }
}

/**
 * Where the report frame loads a day's report (YYYY-MM-DD) from, a page served under the
 * report's own policy: the app's own address inside Electron, a one-time address bought with
 * this tab's session in a browser (so each frame needs a fresh one).
 */
export async function reportAddress(date: string): Promise<Result<string>> {
  const bridge = electronBridge()
  try {
    if (!bridge) return ok(await reportPageAddress(date))
    if (!bridge.reportAddress) {
      return err('UNAVAILABLE', 'This window cannot show reports: restart Vigil to update it.')
    }
    return await bridge.reportAddress(date)
  } catch (error) {
    return err(
      'UNAVAILABLE',
      `Vigil could not open the report: ${error instanceof Error ? error.message : String(error)}`,
    )
  }
}
