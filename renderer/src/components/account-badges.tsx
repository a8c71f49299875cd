/**
 * Badges of an account: its connection (CONNECTED, CONNECTING, DISCONNECTED, ERROR) and the
 * kind of money it holds (PAPER, SANDBOX, REAL MONEY). Words are always written out, so color
 * is never the only signal.
 */
import type { Account, AccountStatus } from '../../../shared/types'
import { CONNECTION_LABEL, moneyKind } from '../lib/account-format'

/** The connection state of an account; the message, if any, is its tooltip. */
export function AccountConnectionBadge({
  status,
  testId = 'account-connection',
}: {
  readonly status: AccountStatus | undefined
  readonly testId?: string
}) {
  if (!status) {
    return (
      <span className="badge badge-unknown" data-testid={testId} data-connection="unknown">
        UNKNOWN
      </span>
    )
  }
  return (
    <span
      className={`badge badge-conn-${status.connection}`}
      data-testid={testId}
      data-connection={status.connection}
      title={status.message ?? undefined}
    >
      {CONNECTION_LABEL[status.connection]}
    </span>
  )
}

/** PAPER, SANDBOX or REAL MONEY. */
export function MoneyKindBadge({
  account,
  testId = 'account-kind',
}: {
  readonly account: Account
  readonly testId?: string
}) {
  const kind = moneyKind(account)
  return (
    <span className={`badge badge-kind-${kind.tone}`} data-testid={testId} data-kind={kind.tone}>
      {kind.label}
    </span>
  )
}
