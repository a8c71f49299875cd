/**
 * What stops trading when this tab cannot: the kill switch runs on Vigil, so a tab off the link
 * can only say so and point to what still reaches Vigil (the REST API with the API token), and
 * tell the plain truth about a stopped Vigil.
 */
import { useId } from 'react'
import { formatClockTime } from '../lib/format'
import { killSwitchCurl, NEW_LINK_COMMAND, serverOrigin } from '../lib/offline-text'
import { useConnectionStore } from '../stores/connection-store'
import { CopyCommand } from './copy-command'
import { Dialog } from './dialog'

/** One line on why the kill switch is unavailable, for a title or a description. */
export function killSwitchUnavailableReason(signedOut: boolean): string {
  return signedOut
    ? 'Kill switch unavailable: Vigil no longer accepts this tab. Open a new link, or use the REST API.'
    : 'Kill switch unavailable: not connected to Vigil. While Vigil runs, the REST API still works.'
}

/** Why this tab cannot run the kill switch now, and what still can. */
export function KillSwitchElsewhere() {
  const status = useConnectionStore((s) => s.status)
  const since = useConnectionStore((s) => s.offlineSince)
  return (
    <div className="kill-switch-elsewhere" data-testid="kill-switch-elsewhere">
      <p role="alert">
        <strong>
          {status === 'signed-out'
            ? 'Vigil no longer accepts this tab, so it cannot run the kill switch.'
            : `This tab is not connected to Vigil${since !== null ? ` (since ${formatClockTime(since)})` : ''}, so it cannot run the kill switch.`}
        </strong>{' '}
        Nothing you press here would reach Vigil.
      </p>
      <p>
        While Vigil runs, you can still stop all trading from a terminal, with the API token your
        bots use in place of YOUR_API_TOKEN (it is the file <code>api-token</code> in Vigil&apos;s
        data folder, <code>~/.vigil</code> unless you chose another):
      </p>
      <CopyCommand command={killSwitchCurl(serverOrigin())} testId="kill-switch-curl" block />
      {status === 'signed-out' ? (
        <p>
          Or sign this tab in again and use the button: run{' '}
          <CopyCommand command={NEW_LINK_COMMAND} /> in the Vigil folder and open the link it
          prints.
        </p>
      ) : (
        <p>Or wait: this tab reconnects by itself, and the button comes back with the link.</p>
      )}
      <p>
        If Vigil is stopped, it sends no orders at all. Limit orders already resting at an exchange
        stay there until you cancel them on the exchange itself.
      </p>
    </div>
  )
}

/**
 * The header's kill switch while the tab is off the link: marked unavailable (not a button that
 * fails on press); pressing it explains what to do instead.
 */
export function KillSwitchUnavailable(props: { readonly onExplain: () => void }) {
  const signedOut = useConnectionStore((s) => s.status === 'signed-out')
  const hint = useId()
  return (
    <>
      <button
        type="button"
        className="kill-switch kill-switch-unavailable"
        data-testid="kill-switch-unavailable"
        aria-disabled="true"
        aria-describedby={hint}
        title={killSwitchUnavailableReason(signedOut)}
        onClick={props.onExplain}
      >
        Kill switch unavailable
      </button>
      <span id={hint} className="sr-only">
        {killSwitchUnavailableReason(signedOut)} Press for what to do instead.
      </span>
    </>
  )
}

/** The explanation; once the link is back it offers the real kill switch instead. */
export function KillSwitchUnavailableDialog(props: {
  readonly onClose: () => void
  readonly onOpenKillSwitch: () => void
}) {
  const online = useConnectionStore((s) => s.status === 'online')
  return (
    <Dialog
      title={online ? 'Connected again' : 'Kill switch unavailable'}
      onClose={props.onClose}
      testId="kill-switch-unavailable-dialog"
      tone="danger"
    >
      <div className="dialog-body kill-switch-body">
        {online ? (
          <p role="status">This tab is connected to Vigil again: the kill switch works.</p>
        ) : (
          <KillSwitchElsewhere />
        )}
      </div>
      <div className="dialog-actions">
        <button type="button" onClick={props.onClose} data-autofocus>
          Close
        </button>
        {online ? (
          <button
            type="button"
            className="danger"
            data-testid="kill-switch-reopen"
            onClick={props.onOpenKillSwitch}
          >
            Open the kill switch
          </button>
        ) : null}
      </div>
    </Dialog>
  )
}
