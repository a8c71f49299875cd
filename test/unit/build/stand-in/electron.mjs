/**
 * A stand-in for the `electron` module, so the built main bundle (out/main/index.js) boots in
 * plain Node. It records what the app asks Electron for and lets the test drive it: the test
 * writes one JSON command a line on stdin, and every answer or event is one stdout line
 * `STAND-IN {json}`. The user data folder is $HOME/.config/Vigil, as Electron's on Linux.
 */
import { EventEmitter } from 'node:events'
import path from 'node:path'
import readline from 'node:readline'

/** What the app asked for. */
const seen = {
  sandbox: false,
  privilegedSchemes: [],
  protocolSchemes: [],
  windows: [],
  ipcChannels: [],
  trays: 0,
  shortcuts: [],
  permissionHandlers: [],
}
const handlers = { ipc: new Map(), protocol: new Map(), headers: null, permissionCheck: null }

function report(message) {
  process.stdout.write(`STAND-IN ${JSON.stringify(message)}\n`)
}

class BrowserWindow extends EventEmitter {
  constructor(options = {}) {
    super()
    this.options = options
    const contents = new EventEmitter()
    contents.setWindowOpenHandler = (handler) => (contents.windowOpenHandler = handler)
    contents.send = () => {}
    contents.isDestroyed = () => false
    contents.printToPDF = async () => Buffer.from('%PDF-stand-in')
    this.webContents = contents
    this.entry = { webPreferences: options.webPreferences ?? {}, loadedUrl: null }
    seen.windows.push(this.entry)
    BrowserWindow.all.push(this)
  }
  async loadURL(url) {
    this.entry.loadedUrl = url
    report({ event: 'loaded', url })
  }
  show() {}
  focus() {}
  restore() {}
  isMinimized() {
    return false
  }
  destroy() {}
}
BrowserWindow.all = []

let quitting = false
const app = Object.assign(new EventEmitter(), {
  isPackaged: false,
  requestSingleInstanceLock: () => true,
  enableSandbox: () => (seen.sandbox = true),
  whenReady: () => new Promise((resolve) => setImmediate(resolve)),
  getPath: (name) =>
    name === 'userData'
      ? path.join(process.env.HOME ?? '/nonexistent', '.config', 'Vigil')
      : path.join(process.env.HOME ?? '/nonexistent', name),
  quit() {
    if (quitting) return
    const event = { prevented: false, preventDefault: () => (event.prevented = true) }
    app.emit('before-quit', event)
    if (event.prevented) return
    quitting = true
    app.emit('will-quit', { preventDefault() {} })
    app.emit('quit')
    report({ event: 'quit' })
    process.exit(0)
  },
})

const ipcMain = {
  handle(channel, handler) {
    if (handlers.ipc.has(channel))
      throw new Error(`Attempted to register a second handler for '${channel}'`)
    handlers.ipc.set(channel, handler)
    seen.ipcChannels.push(channel)
  },
  removeHandler: (channel) => handlers.ipc.delete(channel),
}

const protocol = {
  registerSchemesAsPrivileged(schemes) {
    seen.privilegedSchemes.push(...schemes)
  },
}

const session = {
  defaultSession: {
    webRequest: { onHeadersReceived: (listener) => (handlers.headers = listener) },
    setPermissionRequestHandler: () => seen.permissionHandlers.push('request'),
    setPermissionCheckHandler(handler) {
      seen.permissionHandlers.push('check')
      handlers.permissionCheck = handler
    },
    protocol: {
      isProtocolHandled: (scheme) => handlers.protocol.has(scheme),
      handle(scheme, handler) {
        if (handlers.protocol.has(scheme))
          throw new Error(`The scheme ${scheme} is already handled`)
        handlers.protocol.set(scheme, handler)
        seen.protocolSchemes.push(scheme)
      },
    },
  },
}

class Tray {
  constructor() {
    seen.trays++
  }
  setToolTip() {}
  setContextMenu() {}
  destroy() {}
}

class Notification {
  static isSupported = () => false
  show() {}
}

const dialog = {
  showErrorBox: (title, message) => report({ event: 'error-box', title, message }),
  showMessageBox: async () => ({ response: 0 }),
  showSaveDialog: async () => ({ canceled: true }),
}

const globalShortcut = {
  register: (accelerator) => (seen.shortcuts.push(accelerator), true),
  unregister: () => {},
}

/** No key store here: the app must say API keys cannot be saved, not write them in clear. */
const safeStorage = {
  isEncryptionAvailable: () => false,
  encryptString: () => {
    throw new Error('No key store in the stand-in')
  },
  decryptString: () => {
    throw new Error('No key store in the stand-in')
  },
  getSelectedStorageBackend: () => 'basic_text',
}

const Menu = { buildFromTemplate: (items) => items }
const nativeImage = { createFromPath: (file) => ({ file }) }

/** The commands the test sends. */
const commands = {
  seen: () => seen,
  async invoke({ channel, args = [], frameUrl }) {
    const handler = handlers.ipc.get(channel)
    if (!handler) return { missing: channel }
    return handler({ senderFrame: { url: frameUrl, parent: null } }, ...args)
  },
  async fetch({ url, method = 'GET' }) {
    const handler = handlers.protocol.get(new URL(url).protocol.slice(0, -1))
    if (!handler) return { missing: url }
    const response = await handler(new Request(url, { method }))
    const body = await response.text()
    return {
      status: response.status,
      contentType: response.headers.get('content-type'),
      csp: response.headers.get('content-security-policy'),
      body: body.slice(0, 2000),
    }
  },
  headers() {
    let headers = null
    handlers.headers?.(
      { responseHeaders: { 'content-security-policy': ['default-src *'] } },
      (r) => {
        headers = r.responseHeaders
      },
    )
    return headers
  },
  navigate({ url }) {
    const event = { url, prevented: false, preventDefault: () => (event.prevented = true) }
    BrowserWindow.all[0]?.webContents.emit('will-navigate', event, url)
    return { prevented: event.prevented }
  },
  open({ url }) {
    return BrowserWindow.all[0]?.webContents.windowOpenHandler?.({ url }) ?? null
  },
  permission({ permission, url }) {
    return (
      handlers.permissionCheck?.(null, permission, new URL(url).origin, { requestingUrl: url }) ??
      null
    )
  },
  quit() {
    app.quit()
    return 'quitting'
  },
}

readline.createInterface({ input: process.stdin }).on('line', async (line) => {
  const { id, op, ...args } = JSON.parse(line)
  try {
    report({ id, value: await commands[op](args) })
  } catch (error) {
    report({ id, error: String(error?.stack ?? error) })
  }
})

export {
  BrowserWindow,
  Menu,
  Notification,
  Tray,
  app,
  dialog,
  globalShortcut,
  ipcMain,
  nativeImage,
  protocol,
  safeStorage,
  session,
}
export default {
  BrowserWindow,
  Menu,
  Notification,
  Tray,
  app,
  dialog,
  globalShortcut,
  ipcMain,
  nativeImage,
  protocol,
  safeStorage,
  session,
}
