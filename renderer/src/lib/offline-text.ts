/**
 * What the console says while a browser tab is not connected to Vigil: how long ago the link
 * dropped, and what still stops trading when this tab cannot. Shared by the banner, the kill
 * switch and the order ticket so they never contradict each other.
 */

/** "under a minute ago", "3 min ago", "2 h 5 min ago". */
export function sinceText(from: number, now: number): string {
  const min = Math.floor(Math.max(0, now - from) / 60_000)
  if (min < 1) return 'under a minute ago'
  if (min < 60) return `${min} min ago`
  const h = Math.floor(min / 60)
  return `${h} h ${min % 60} min ago`
}

/** The command a trader runs in the Vigil folder for a new one-time console link. */
export const NEW_LINK_COMMAND = 'npx vigil link'

/** The command that starts the server host a browser tab talks to. */
export const START_COMMAND = 'npx vigil serve'

/**
 * The kill switch over the REST API, as a terminal command for this server, for when the tab
 * cannot reach it but Vigil still runs. The token is a placeholder: the tab never holds it.
 */
export function killSwitchCurl(origin: string): string {
  return (
    `curl -X POST ${origin}/api/v1/kill-switch ` +
    `-H "Authorization: Bearer YOUR_API_TOKEN" -H "Content-Type: application/json" ` +
    `-d '{"closePositions":false,"reason":"stopped from the terminal"}'`
  )
}

/** The address of this console's server, for commands the trader copies. */
export function serverOrigin(): string {
  return typeof location === 'undefined' || !location.origin.startsWith('http')
    ? 'http://127.0.0.1:PORT'
    : location.origin
}
