/** The production sender of alert channels: Node's fetch, with a time limit per attempt. */
import type { AlertSender } from './channel-presets'

/** An attempt that has had no answer after this long counts as failed (and is retried). */
const ATTEMPT_LIMIT_MS = 10_000

/** Sends with fetch; never follows a redirect (a secret in the URL must not travel on). */
export const fetchSender: AlertSender = async (request) => {
  const response = await fetch(request.url, {
    method: request.method,
    headers: request.headers,
    body: request.body,
    redirect: 'manual',
    signal: AbortSignal.timeout(ATTEMPT_LIMIT_MS),
  })
  return { status: response.status, body: await response.text() }
}
