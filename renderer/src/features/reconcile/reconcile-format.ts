/**
 * How reconciliation is written for the trader: each kind of finding in words, the one action
 * that settles it, the ledger's and the broker's values with their unit, and what settling it
 * does to the money or the position.
 */
import Decimal from 'decimal.js'
import type { ReconcileAction, ReconcileFinding, ReconcileKind } from '../../../../shared/types'
import { baseAsset, formatDecimal } from '../../lib/format'

/** Each kind of finding, in a few words. */
export const KIND_LABEL: Record<ReconcileKind, string> = {
  phantom_position: 'Phantom position',
  unknown_position: 'Unknown position',
  orphan_order: 'Orphan order',
  missing_order: 'Missing order',
  unknown_fill: 'Unknown fill',
  balance_drift: 'Balance drift',
}

/** What each kind of finding means. */
export const KIND_MEANING: Record<ReconcileKind, string> = {
  phantom_position: 'The ledger holds more than the broker.',
  unknown_position: 'The broker holds more than the ledger.',
  orphan_order: 'Open at the broker, unknown to the ledger.',
  missing_order: 'Open in the ledger, unknown to the broker.',
  unknown_fill: 'The broker filled an order the ledger closed unfilled.',
  balance_drift: 'The cash differs by more than the tolerance.',
}

/** The words of the action that settles each kind (RECONCILE_ACTIONS), for its button. */
export const RESOLVE_LABEL: Record<ReconcileKind, string> = {
  phantom_position: 'Mark closed',
  unknown_position: "Adopt broker's position",
  orphan_order: 'Cancel at broker',
  missing_order: 'Mark closed',
  // The same action as an unknown position, but what is adopted is a fill.
  unknown_fill: "Adopt broker's fill",
  balance_drift: "Accept broker's balance",
}

/** The words of the action that settles any finding without changing anything. */
export const DISMISS_LABEL = 'Dismiss'

/** How a settled finding was settled, in words. */
export function describeSettlement(
  kind: ReconcileKind,
  action: ReconcileAction | 'cleared',
): string {
  if (action === 'cleared') return 'Cleared: a later run found them in agreement'
  if (action === 'dismiss') return 'Dismissed: nothing changed'
  // Each kind has one other action (RECONCILE_ACTIONS), so the kind names it.
  return RESOLVE_LABEL[kind]
}

/** What dismissing a finding does: nothing to the money, only the block goes. */
export function describeDismissal(finding: ReconcileFinding, accountName: string): string {
  return (
    `In ${accountName}, nothing changes in the ledger and nothing is sent to the broker: the finding is closed with your reason, and no longer blocks trading. ` +
    'If the position or the cash still differs from the broker, the next reconciliation finds that on its own.'
  )
}

function unitOf(finding: ReconcileFinding): string | undefined {
  if (finding.kind === 'balance_drift') return finding.subject
  if (finding.kind === 'phantom_position' || finding.kind === 'unknown_position')
    return finding.symbol ? baseAsset(finding.symbol) : undefined
  return undefined
}

function isDecimal(value: string): boolean {
  return /^-?\d+(\.\d+)?$/.test(value)
}

/** A ledger or broker value as the table shows it: "0.5 BTC", "9,950.25 USD", "open", "none". */
export function formatSide(finding: ReconcileFinding, value: string): string {
  if (!isDecimal(value)) return value
  const unit = unitOf(finding)
  return unit ? `${formatDecimal(value)} ${unit}` : formatDecimal(value)
}

/** The absolute difference of the two sides, with its unit, when both are numbers. */
function difference(finding: ReconcileFinding): string | null {
  if (!isDecimal(finding.local) || !isDecimal(finding.broker)) return null
  const delta = new Decimal(finding.broker).minus(finding.local).abs().toFixed()
  const unit = unitOf(finding)
  return unit ? `${formatDecimal(delta)} ${unit}` : formatDecimal(delta)
}

/** What settling a finding does to the money or the position, in full words. */
export function describeEffect(finding: ReconcileFinding, accountName: string): string {
  const local = formatSide(finding, finding.local)
  const broker = formatSide(finding, finding.broker)
  const delta = difference(finding)
  const on = `In ${accountName}, `
  switch (finding.kind) {
    case 'phantom_position':
      return (
        `${on}the ledger's ${finding.subject} position goes from ${local} down to the broker's ${broker}. ` +
        `The ${delta ?? 'difference'} the broker does not hold is written off: no order is sent and cash does not change.`
      )
    case 'unknown_position':
      return (
        `${on}the ledger's ${finding.subject} position goes from ${local} up to the broker's ${broker}. ` +
        `The ${delta ?? 'difference'} added is booked at the current market price: no order is sent and cash does not change.`
      )
    case 'orphan_order':
      return (
        `${on}Vigil asks the broker to cancel order ${finding.subject}. ` +
        'Nothing changes in the ledger: no position or cash moves in Vigil.'
      )
    case 'missing_order':
      return (
        `${on}the ledger closes order ${finding.orderId ?? finding.subject} as canceled and releases the cash or quantity it held back. ` +
        'Nothing is sent to the broker.'
      )
    case 'unknown_fill':
      return (
        `${on}the broker's fill ${finding.subject} (${broker}) is added to order ${finding.orderId ?? 'unknown'} in the ledger: ` +
        'the position and the cash move as that fill says, fee included. Nothing is sent to the broker.'
      )
    case 'balance_drift':
      return (
        `${on}the ledger's ${finding.subject} cash goes from ${local} to the broker's ${broker}` +
        `${delta ? `, a change of ${delta}` : ''}. No order is sent and positions do not change.`
      )
  }
}

/** A message from the engine as a sentence: capital first letter, full stop at the end. */
export function sentence(text: string): string {
  const trimmed = text.trim()
  if (trimmed === '') return trimmed
  const capital = trimmed[0]?.toUpperCase() + trimmed.slice(1)
  return /[.!?]$/.test(capital) ? capital : `${capital}.`
}
