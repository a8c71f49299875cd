/**
 * The kill switch, always in the header: it cancels every open order in every account, sells
 * every position at market if the trader ticks it, and halts trading everywhere. It asks first,
 * in words, with the positions that would be sold; focus starts on Cancel so a reflexive Enter
 * does nothing. A reason is welcome but never stands in the way: Confirm always fires, and an
 * empty or too short reason is journaled in words that say so. Afterwards it shows what the
 * engine did.
 */
import { useId, useMemo, useState } from 'react'
import type { KillSwitchReport, Order, TradingState } from '../../../shared/types'
import { baseAsset, formatQuantity } from '../lib/format'
import { REASON_MAX, REASON_MIN, TRADING_STATE_TEXT } from '../lib/trading-state'
import { useConnectionStore } from '../stores/connection-store'
import { useLedgerStore } from '../stores/ledger-store'
import { useOrdersStore } from '../stores/orders-store'
import { useRiskStore } from '../stores/risk-store'
import { Dialog } from './dialog'
import {
  KillSwitchElsewhere,
  KillSwitchUnavailable,
  KillSwitchUnavailableDialog,
} from './kill-switch-elsewhere'
import { ReasonField } from './reason-field'
import { StatusBadge } from './status-badge'

/**
 * The header's red Kill switch button and its dialog. Off the link to Vigil the button is marked
 * unavailable and explains what still stops trading: a button that can only fail is worse than
 * none when the trader is in a hurry.
 */
export function KillSwitch() {
  const [open, setOpen] = useState<'kill-switch' | 'explain' | null>(null)
  const online = useConnectionStore((s) => s.status === 'online')
  return (
    <>
      {online ? (
        <button
          type="button"
          className="kill-switch"
          data-testid="kill-switch"
          onClick={() => setOpen('kill-switch')}
        >
          Kill switch
        </button>
      ) : (
        <KillSwitchUnavailable onExplain={() => setOpen('explain')} />
      )}
      {open === 'kill-switch' ? <KillSwitchDialog onClose={() => setOpen(null)} /> : null}
      {open === 'explain' ? (
        <KillSwitchUnavailableDialog
          onClose={() => setOpen(null)}
          onOpenKillSwitch={() => setOpen('kill-switch')}
        />
      ) : null}
    </>
  )
}

/** What the console journals when the trader gives no reason. */
export const KILL_SWITCH_DEFAULT_REASON = 'No reason given (from the console)'

/**
 * The reason sent with the kill switch. The engine (and the REST API) take a reason of 3 to 300
 * characters; in an emergency the console never refuses over it: empty becomes the default, a
 * word too short to stand alone is kept inside the default's words.
 */
export function killSwitchReason(typed: string): string {
  const text = typed.trim()
  if (text.length === 0) return KILL_SWITCH_DEFAULT_REASON
  if (text.length < REASON_MIN) return `From the console: ${text}`
  return text.slice(0, REASON_MAX)
}

function useAccountNames(): (id: string) => string {
  const accounts = useLedgerStore((s) => s.accounts)
  return (id) => accounts.find((a) => a.id === id)?.name ?? id
}

function KillSwitchDialog({ onClose }: { readonly onClose: () => void }) {
  const positions = useLedgerStore((s) => s.positions)
  const orders = useOrdersStore((s) => s.orders)
  const killSwitch = useRiskStore((s) => s.killSwitch)
  const nameOf = useAccountNames()
  const [closePositions, setClosePositions] = useState(false)
  const [reason, setReason] = useState('')
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<{ message: string; linkLost: boolean } | null>(null)
  const online = useConnectionStore((s) => s.status === 'online')
  const [report, setReport] = useState<KillSwitchReport | null>(null)
  const ids = useId()

  const toSell = useMemo(
    () => Object.values(positions).filter((p) => Number(p.quantity) !== 0),
    [positions],
  )
  const openOrders = orders.filter((o) => o.status === 'open' || o.status === 'pending').length

  if (report) return <KillSwitchReportView report={report} onClose={onClose} />

  const confirm = async (): Promise<void> => {
    setBusy(true)
    setError(null)
    const result = await killSwitch(closePositions, killSwitchReason(reason))
    setBusy(false)
    if (result.ok) setReport(result.value)
    else {
      // A failure with the link down may have come after Vigil took the command.
      const linkLost = useConnectionStore.getState().status !== 'online'
      setError({ message: result.error.message, linkLost })
    }
  }

  return (
    <Dialog
      title="Kill switch: stop all trading"
      onClose={() => {
        if (!busy) onClose()
      }}
      testId="kill-switch-dialog"
      tone="danger"
    >
      <div className="dialog-body kill-switch-body">
        <p data-testid="kill-switch-effect">
          This cancels <strong>every open order in every account</strong> (
          {openOrders === 1 ? '1 open now' : `${openOrders} open now`}), then{' '}
          <strong>HALTS trading everywhere</strong>: no order is sent in any account until you
          resume trading on the Risk limits screen.
        </p>
        <label className="check">
          <input
            type="checkbox"
            data-testid="kill-switch-close-positions"
            checked={closePositions}
            disabled={busy}
            onChange={(event) => setClosePositions(event.target.checked)}
          />
          Also close every position at market
        </label>
        {closePositions ? (
          toSell.length === 0 ? (
            <p className="muted" data-testid="kill-switch-positions">
              There are no positions to close.
            </p>
          ) : (
            <div data-testid="kill-switch-positions">
              <p>
                These positions will be sold at market, at whatever price the book gives (
                {toSell.length === 1 ? '1 sell order' : `${toSell.length} sell orders`}):
              </p>
              <table className="table kill-switch-table">
                <thead>
                  <tr>
                    <th scope="col">Account</th>
                    <th scope="col">Symbol</th>
                    <th scope="col" className="right">
                      Sell
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {toSell.map((p) => (
                    <tr key={`${p.accountId}:${p.symbol}`} data-testid="kill-switch-position">
                      <td>{nameOf(p.accountId)}</td>
                      <td>{p.symbol}</td>
                      <td className="right num">
                        {formatQuantity(p.quantity, baseAsset(p.symbol))}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )
        ) : (
          <p className="muted">Positions stay as they are.</p>
        )}
        <ReasonField
          id={`${ids}-reason`}
          testId="kill-switch-reason"
          value={reason}
          onChange={setReason}
          problem={null}
          disabled={busy}
          optional
          hint={
            reason.trim() === ''
              ? `Left empty, the journal says: "Kill switch: ${KILL_SWITCH_DEFAULT_REASON}".`
              : undefined
          }
        />
      </div>
      {error ? (
        <p className="dialog-error" role="alert" data-testid="kill-switch-error">
          {error.linkLost
            ? 'Vigil did not confirm the kill switch (it may have run)'
            : 'The kill switch did not run'}
          : {error.message}
        </p>
      ) : null}
      {!online && !busy ? <KillSwitchElsewhere /> : null}
      <div className="dialog-actions">
        <button
          type="button"
          data-testid="kill-switch-cancel"
          onClick={onClose}
          disabled={busy}
          data-autofocus
        >
          Cancel
        </button>
        <button
          type="button"
          className="danger"
          data-testid="kill-switch-confirm"
          onClick={() => void confirm()}
          disabled={busy || !online}
          aria-describedby={`${ids}-reason-help`}
        >
          {busy
            ? 'Stopping…'
            : !online
              ? 'Unavailable: not connected to Vigil'
              : closePositions
                ? 'Cancel all orders, sell every position and halt'
                : 'Cancel all orders and halt trading'}
        </button>
      </div>
    </Dialog>
  )
}

function KillSwitchReportView(props: {
  readonly report: KillSwitchReport
  readonly onClose: () => void
}) {
  const { report } = props
  const nameOf = useAccountNames()
  const accounts = Object.entries(report.status.accounts) as [string, TradingState][]
  return (
    <Dialog
      title="Kill switch done"
      onClose={props.onClose}
      testId="kill-switch-report"
      tone="danger"
    >
      <div className="dialog-body kill-switch-body">
        <p data-testid="kill-switch-canceled">
          {report.canceled === 1
            ? '1 open order canceled.'
            : `${report.canceled} open orders canceled.`}
        </p>
        {report.closing.length > 0 ? (
          <div>
            <p>
              {report.closing.length === 1
                ? '1 sell order sent to close a position:'
                : `${report.closing.length} sell orders sent to close positions:`}
            </p>
            <ul className="kill-switch-list">
              {report.closing.map((o) => (
                <ClosingOrder key={o.id} order={o} accountName={nameOf(o.accountId)} />
              ))}
            </ul>
          </div>
        ) : null}
        {report.problems.length > 0 ? (
          <div role="alert">
            <p className="negative">
              {report.problems.length === 1
                ? '1 thing could not be done:'
                : `${report.problems.length} things could not be done:`}
            </p>
            <ul className="kill-switch-list" data-testid="kill-switch-problems">
              {report.problems.map((p) => (
                <li key={p}>{p}</li>
              ))}
            </ul>
          </div>
        ) : (
          <p className="muted">Nothing went wrong.</p>
        )}
        <p data-testid="kill-switch-new-state">
          Trading is now <strong>{TRADING_STATE_TEXT[report.status.global]}</strong> for every
          account
          {accounts.length > 0
            ? ` (${accounts.map(([id, s]) => `${nameOf(id)}: ${TRADING_STATE_TEXT[s]}`).join(', ')})`
            : ''}
          . Resume on the Risk limits screen when it is safe.
        </p>
      </div>
      <div className="dialog-actions">
        <button type="button" data-testid="kill-switch-done" onClick={props.onClose} data-autofocus>
          Close
        </button>
      </div>
    </Dialog>
  )
}

function ClosingOrder(props: { readonly order: Order; readonly accountName: string }) {
  // A market sell fills after the answer: follow it in the store.
  const live = useOrdersStore((s) => s.orders.find((o) => o.id === props.order.id) ?? props.order)
  return (
    <li data-testid="kill-switch-closing" data-status={live.status}>
      Sell {formatQuantity(live.quantity)} {live.symbol} in {props.accountName}:{' '}
      <StatusBadge status={live.status} />
      {live.reason ? <span className="muted-inline"> {live.reason}</span> : null}
    </li>
  )
}
