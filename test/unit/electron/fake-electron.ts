/**
 * A stand-in for the `electron` module (the binary cannot run here). Tests mock electron with
 * `vi.mock('electron', () => import('../fake-electron'))` and read what the host did from
 * `recorded`. Only what the host uses is faked; behaviour follows Electron where it matters
 * (a second ipcMain.handle on one channel throws, webRequest keeps one listener).
 */
import { vi } from 'vitest'

type Listener = (...args: never[]) => unknown

/** A minimal event emitter, like Node's, for the fakes. */
export class FakeEmitter {
  private readonly listeners = new Map<string, Array<{ fn: Listener; once: boolean }>>()

  on(name: string, fn: Listener): this {
    this.list(name).push({ fn, once: false })
    return this
  }

  once(name: string, fn: Listener): this {
    this.list(name).push({ fn, once: true })
    return this
  }

  removeListener(name: string, fn: Listener): this {
    const kept = this.list(name).filter((entry) => entry.fn !== fn)
    this.listeners.set(name, kept)
    return this
  }

  removeAllListeners(): this {
    this.listeners.clear()
    return this
  }

  listenerCount(name: string): number {
    return this.list(name).length
  }

  emit(name: string, ...args: unknown[]): boolean {
    const entries = [...this.list(name)]
    this.listeners.set(
      name,
      this.list(name).filter((entry) => !entry.once),
    )
    for (const entry of entries) (entry.fn as (...a: unknown[]) => unknown)(...args)
    return entries.length > 0
  }

  private list(name: string): Array<{ fn: Listener; once: boolean }> {
    let entries = this.listeners.get(name)
    if (!entries) {
      entries = []
      this.listeners.set(name, entries)
    }
    return entries
  }
}

/** A navigation or quit event that records preventDefault. */
export function fakeEvent(extra: Record<string, unknown> = {}): {
  preventDefault: ReturnType<typeof vi.fn>
  defaultPrevented: () => boolean
} & Record<string, unknown> {
  const preventDefault = vi.fn()
  return { ...extra, preventDefault, defaultPrevented: () => preventDefault.mock.calls.length > 0 }
}

/** The window's web contents: records what it was sent and its window-open handler. */
export class FakeWebContents extends FakeEmitter {
  windowOpenHandler: ((details: { url: string }) => { action: string }) | null = null
  readonly sent: Array<{ channel: string; args: unknown[] }> = []
  destroyed = false

  setWindowOpenHandler(handler: (details: { url: string }) => { action: string }): void {
    this.windowOpenHandler = handler
  }

  send(channel: string, ...args: unknown[]): void {
    if (this.destroyed) throw new Error('Object has been destroyed')
    this.sent.push({ channel, args })
  }

  isDestroyed(): boolean {
    return this.destroyed
  }
}

/** Records its constructor options; loadURL records the URL. */
export class FakeBrowserWindow extends FakeEmitter {
  readonly webContents = new FakeWebContents()
  readonly options: Record<string, unknown>
  loadedUrl: string | null = null
  visible = false
  focused = false

  constructor(options: Record<string, unknown>) {
    super()
    this.options = options
    recorded.windows.push(this)
  }

  loadURL(url: string): Promise<void> {
    this.loadedUrl = url
    return Promise.resolve()
  }

  show(): void {
    this.visible = true
  }

  destroy(): void {
    this.webContents.destroyed = true
  }

  isMinimized(): boolean {
    return false
  }

  restore(): void {}

  focus(): void {
    this.focused = true
  }
}

type InvokeHandler = (event: unknown, ...args: unknown[]) => unknown

/** ipcMain: records handlers and lets a test call one with a fake event. */
export const ipcMain = {
  handlers: new Map<string, InvokeHandler>(),
  handle: vi.fn((channel: string, handler: InvokeHandler) => {
    if (ipcMain.handlers.has(channel)) {
      throw new Error(`Attempted to register a second handler for '${channel}'`)
    }
    ipcMain.handlers.set(channel, handler)
  }),
  removeHandler: vi.fn((channel: string) => {
    ipcMain.handlers.delete(channel)
  }),
  /** Calls the handler of a channel as Electron would for `ipcRenderer.invoke`. */
  async invoke(channel: string, event: unknown, ...args: unknown[]): Promise<unknown> {
    const handler = ipcMain.handlers.get(channel)
    if (!handler) throw new Error(`No handler registered for '${channel}'`)
    return await handler(event, ...args)
  },
}

/** ipcRenderer: an emitter with a recording invoke. */
export const ipcRenderer = Object.assign(new FakeEmitter(), {
  invoke: vi.fn((_channel: string, ..._args: unknown[]): Promise<unknown> =>
    Promise.resolve({ ok: true, value: null }),
  ),
})

/** contextBridge: records what the preload exposes. */
export const contextBridge = {
  exposeInMainWorld: vi.fn((key: string, api: unknown) => {
    recorded.exposed.set(key, api)
  }),
}

type HeadersListener = (
  details: { url?: string; responseHeaders?: Record<string, string[]> },
  callback: (response: { responseHeaders?: Record<string, string[]> }) => void,
) => void

/** A permission check handler, as Electron calls it. */
type PermissionCheck = (
  wc: unknown,
  permission: string,
  origin?: string,
  details?: { requestingUrl?: string },
) => boolean

/** A protocol handler, as `protocol.handle` receives it. */
type ProtocolHandler = (request: Request) => Response | Promise<Response>

/** The module-level protocol: records the schemes declared privileged before ready. */
export const protocol = {
  registerSchemesAsPrivileged: vi.fn(
    (schemes: { scheme: string; privileges?: Record<string, boolean> }[]) => {
      recorded.privilegedSchemes.push(...schemes)
    },
  ),
}

/**
 * session.defaultSession: keeps the one headers listener, the permission handlers and the
 * protocol handlers (a second handle of one scheme throws, as in Electron).
 */
export const session = {
  defaultSession: {
    protocol: {
      handle: vi.fn((scheme: string, handler: ProtocolHandler) => {
        if (recorded.protocolHandlers.has(scheme)) {
          throw new Error(`The scheme "${scheme}" is already handled`)
        }
        recorded.protocolHandlers.set(scheme, handler)
      }),
      isProtocolHandled: vi.fn((scheme: string) => recorded.protocolHandlers.has(scheme)),
      unhandle: vi.fn((scheme: string) => {
        recorded.protocolHandlers.delete(scheme)
      }),
    },
    webRequest: {
      onHeadersReceived: vi.fn((listener: HeadersListener) => {
        recorded.headersListener = listener
      }),
    },
    setPermissionRequestHandler: vi.fn(
      (
        handler: (
          wc: unknown,
          permission: string,
          callback: (granted: boolean) => void,
          details?: { requestingUrl?: string },
        ) => void,
      ) => {
        recorded.permissionRequestHandler = handler
      },
    ),
    setPermissionCheckHandler: vi.fn((handler: PermissionCheck) => {
      recorded.permissionCheckHandler = handler
    }),
  },
}

/** app: an emitter with the lifecycle calls the host makes. */
export const app = Object.assign(new FakeEmitter(), {
  isPackaged: false,
  singleInstance: true,
  ready: Promise.resolve(),
  requestSingleInstanceLock: vi.fn((): boolean => app.singleInstance),
  enableSandbox: vi.fn(),
  whenReady: vi.fn((): Promise<void> => app.ready),
  quit: vi.fn(),
  getPath: vi.fn((name: string) => `/home/trader/.config/Vigil-${name}`),
})

/** The OS key store: present and strong, unless a test says otherwise. */
export const safeStorage = {
  isEncryptionAvailable: vi.fn(() => true),
  encryptString: vi.fn((text: string) => Buffer.from(`enc:${text}`)),
  decryptString: vi.fn((data: Buffer) => data.toString().replace(/^enc:/, '')),
  getSelectedStorageBackend: vi.fn(() => 'gnome_libsecret'),
}

/** dialog: records error boxes; the save dialog answers canceled unless a test says otherwise. */
export const dialog = {
  showErrorBox: vi.fn(),
  /** Answers Cancel (button 0) unless a test says otherwise. */
  showMessageBox: vi.fn(async (..._args: unknown[]): Promise<{ response: number }> => ({
    response: 0,
  })),
  showSaveDialog: vi.fn(
    async (..._args: unknown[]): Promise<{ canceled: boolean; filePath?: string }> => ({
      canceled: true,
    }),
  ),
}

/** A tray icon that records its tool tip and menu. */
export class FakeTray {
  toolTip = ''
  menu: { label: string; enabled?: boolean; click?: () => void }[] = []
  destroyed = false
  constructor(readonly icon: unknown) {
    recorded.trays.push(this)
  }
  setToolTip(text: string): void {
    this.toolTip = text
  }
  setContextMenu(menu: { label: string; enabled?: boolean; click?: () => void }[]): void {
    this.menu = menu
  }
  destroy(): void {
    this.destroyed = true
  }
}
export const Tray = FakeTray
/** Menu.buildFromTemplate hands the template through, so tests read the items. */
export const Menu = { buildFromTemplate: vi.fn((items: unknown[]) => items) }
export const nativeImage = { createFromPath: vi.fn((p: string) => ({ path: p })) }
/** Global shortcuts: registered callbacks by accelerator. */
export const globalShortcut = {
  registered: new Map<string, () => void>(),
  register: vi.fn((accelerator: string, callback: () => void): boolean => {
    globalShortcut.registered.set(accelerator, callback)
    return true
  }),
  unregister: vi.fn((accelerator: string) => globalShortcut.registered.delete(accelerator)),
}

/** A desktop notification that records itself when shown. */
export class Notification {
  static isSupported = vi.fn(() => true)
  constructor(readonly options: { title: string; body: string }) {}
  show(): void {
    recorded.notifications.push(this.options)
  }
}

/** What the host did, for assertions. */
export const recorded = {
  notifications: [] as { title: string; body: string }[],
  windows: [] as FakeBrowserWindow[],
  trays: [] as FakeTray[],
  exposed: new Map<string, unknown>(),
  headersListener: null as HeadersListener | null,
  permissionRequestHandler: null as
    | ((
        wc: unknown,
        permission: string,
        callback: (granted: boolean) => void,
        details?: { requestingUrl?: string },
      ) => void)
    | null,
  permissionCheckHandler: null as PermissionCheck | null,
  privilegedSchemes: [] as { scheme: string; privileges?: Record<string, boolean> }[],
  protocolHandlers: new Map<string, ProtocolHandler>(),
}

/** Clears every record and listener between tests. */
export function resetFakeElectron(): void {
  recorded.windows.length = 0
  recorded.trays.length = 0
  recorded.notifications.length = 0
  globalShortcut.registered.clear()
  recorded.exposed.clear()
  recorded.headersListener = null
  recorded.permissionRequestHandler = null
  recorded.permissionCheckHandler = null
  recorded.privilegedSchemes.length = 0
  recorded.protocolHandlers.clear()
  ipcMain.handlers.clear()
  app.removeAllListeners()
  ipcRenderer.removeAllListeners()
  app.isPackaged = false
  app.singleInstance = true
  app.ready = Promise.resolve()
  vi.clearAllMocks()
}

/** BrowserWindow as the module exports it. */
export const BrowserWindow = FakeBrowserWindow
