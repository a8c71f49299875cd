/** The loopback server host: console over HTTP + WebSocket, and the REST API for bots. */
export { startServer, type RunningServer, type ServerOptions } from './server'
export { CONSOLE_LINKS_PATH, TOKEN_ROTATE_PATH } from './access-routes'
export { writeApiToken } from './api-token'
export { LINK_CODE_TTL_MS } from './console-access'
export { readServerFile, type ServerFile } from './server-file'
