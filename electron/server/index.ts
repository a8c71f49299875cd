/** The loopback server host: console over HTTP + WebSocket, and the REST API for bots. */
export { startServer, type RunningServer, type ServerOptions } from './server'
