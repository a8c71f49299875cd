/**
 * The banner under the header while a browser tab is not connected to Vigil: what happened,
 * since when, what the trader can do about it, and that the figures on screen are as of the
 * drop. Nothing shows while online (the Electron window is always online).
 */
import { formatClockTime } from '../lib/format'
import { NEW_LINK_COMMAND, sinceText, START_COMMAND } from '../lib/offline-text'
import { useNow } from '../lib/use-now'
import { useConnectionStore } from '../stores/connection-store'
import { CopyCommand } from './copy-command'

/** The connection banner; renders nothing while online. */
export function ConnectionBanner() {
  const status = useConnectionStore((s) => s.status)
  const wasOnline = useConnectionStore((s) => s.wasOnline)
  const since = useConnectionStore((s) => s.offlineSince)
  if (status === 'online') return null
  if (status === 'signed-out') return <SignedOut since={since} />
  if (!wasOnline && status === 'connecting') {
    return (
      <section
        className="connection-banner connection-banner-light"
        aria-label="Connection to Vigil"
        data-testid="connection-banner"
        data-kind="loading"
      >
        <p role="status">Connecting to Vigil… The figures appear once they have loaded.</p>
      </section>
    )
  }
  if (since === null) {
    return (
      <section
        className="connection-banner"
        aria-label="Connection to Vigil"
        data-testid="connection-banner"
        data-kind="unreachable"
      >
        <p role="alert">
          <strong>This tab cannot reach Vigil.</strong> It keeps trying by itself.
        </p>
        <p>
          If Vigil is not running, start it in the Vigil folder with{' '}
          <CopyCommand command={START_COMMAND} /> (and the options you use) and open the link it
          prints.
        </p>
      </section>
    )
  }
  return <Lost since={since} />
}

function Lost({ since }: { readonly since: number }) {
  const now = useNow(15_000)
  const at = formatClockTime(since)
  return (
    <section
      className="connection-banner"
      aria-label="Connection to Vigil"
      data-testid="connection-banner"
      data-kind="offline"
    >
      <p>
        {/* Announced once: the age next to it changes every minute and must not re-announce. */}
        <strong role="alert">Lost the connection to Vigil at {at}</strong> ({sinceText(since, now)}
        ). Reconnecting by itself…
      </p>
      <p>
        {/* Not `npm start`: with Electron installed it opens the desktop app, not this server. */}
        If Vigil was stopped, start it again in the Vigil folder with{' '}
        <CopyCommand command={START_COMMAND} /> (and the options you use): this tab signs back in by
        itself once Vigil answers on the same port. If it started on another port, open the link it
        printed.
      </p>
      <p className="connection-banner-stale" data-testid="connection-banner-stale">
        The figures below are greyed out: they are as of {at} and may no longer be true. Orders and
        the kill switch wait until the connection is back.
      </p>
    </section>
  )
}

function SignedOut({ since }: { readonly since: number | null }) {
  const now = useNow(15_000)
  const refusal = useConnectionStore((s) => s.refusal)
  return (
    <section
      className="connection-banner"
      aria-label="Connection to Vigil"
      data-testid="connection-banner"
      data-kind="signed-out"
    >
      <p role="alert">
        <strong>Vigil does not accept this tab.</strong>{' '}
        {refusal ?? 'Its session expired or was ended.'} Vigil itself is running.
      </p>
      <p>
        Open a new link: run <CopyCommand command={NEW_LINK_COMMAND} testId="copy-new-link" /> in
        the Vigil folder and open the link it prints (a link works once, within a minute). If Vigil
        has just started, the link <code>{START_COMMAND}</code> printed works too.
      </p>
      {since !== null ? (
        <p className="connection-banner-stale" data-testid="connection-banner-stale">
          The figures below are greyed out: they are as of {formatClockTime(since)} (
          {sinceText(since, now)}) and may no longer be true.
        </p>
      ) : null}
    </section>
  )
}
