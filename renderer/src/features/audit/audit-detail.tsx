/**
 * The full record of one trade decision, as the journal holds it: every pre-execution check,
 * the account before, the execution, the account after, and every post-execution check.
 */
import type { ReactNode } from 'react'
import type { AuditRecord, GateCheck, VerificationCheck } from '../../../../shared/types'
import { baseAsset, formatDecimal, formatQuantity, formatTime, formatUsd } from '../../lib/format'
import { useAuditStore } from '../../stores/audit-store'

/** The detail panel of the selected decision; nothing when none is open. */
export function AuditDetailPanel() {
  const detail = useAuditStore((s) => s.detail)
  const close = useAuditStore((s) => s.closeDetail)
  if (!detail) return null
  return (
    <aside
      className="panel audit-detail"
      data-testid="audit-detail"
      aria-label={`Decision ${detail.seq}`}
      aria-busy={detail.kind === 'loading'}
    >
      <header className="audit-detail-header">
        <h2 className="panel-title">Decision #{detail.seq}</h2>
        <button type="button" className="close" onClick={close} aria-label="Close the decision">
          ×
        </button>
      </header>
      {detail.kind === 'loading' ? <p className="muted">Loading the record…</p> : null}
      {detail.kind === 'error' ? (
        <p className="negative" role="alert">
          Could not load this decision: {detail.message}
        </p>
      ) : null}
      {detail.kind === 'ready' ? <RecordView record={detail.record} /> : null}
    </aside>
  )
}

function localTime(iso: string): string {
  const ms = Date.parse(iso)
  return Number.isFinite(ms) ? formatTime(ms) : iso
}

function RecordView({ record }: { readonly record: AuditRecord }) {
  const unit = baseAsset(record.symbol)
  const { execution, post_execution: post, verification } = record
  return (
    <div className="audit-record">
      <p className="audit-record-summary">
        <strong className={record.action === 'BUY' ? 'side-buy' : 'side-sell'}>
          {record.action === 'BUY' ? 'Buy' : 'Sell'}
        </strong>{' '}
        {formatQuantity(record.quantity, unit)} {record.symbol}
        <span className="muted">
          {' '}
          · {localTime(record.timestamp)} · from the {record.source} · account {record.account_id}
        </span>
      </p>

      <Section
        title="Pre-execution checks"
        verdict={record.validation.passed ? 'Passed' : 'Rejected'}
        good={record.validation.passed}
      >
        <CheckList checks={record.validation.checks} testId="audit-gate-check" />
      </Section>

      <Section title="Before execution">
        <Facts
          facts={[
            ['Cash', formatUsd(record.pre_execution.balance)],
            ['Open positions', String(record.pre_execution.positions)],
            [
              'Expected price',
              record.pre_execution.entry_price === null
                ? '—'
                : formatUsd(record.pre_execution.entry_price),
            ],
          ]}
        />
      </Section>

      <Section title="Execution">
        {execution === null ? (
          <p className="muted">Not sent: the checks refused the order.</p>
        ) : (
          <Facts
            facts={[
              ['Order', execution.order_id],
              ['Client order id', execution.client_order_id],
              ['Status', execution.status],
              ['Filled', formatQuantity(execution.filled_quantity, unit)],
              ['Fill price', execution.fill_price === null ? '—' : formatUsd(execution.fill_price)],
              ['Fee', formatUsd(execution.fee)],
              [
                'Slippage',
                execution.slippage_bps === null
                  ? '—'
                  : `${formatDecimal(execution.slippage_bps, 1)} bps`,
              ],
            ]}
          />
        )}
      </Section>

      <Section title="After execution">
        {post === null ? (
          <p className="muted">
            {execution === null ? 'Nothing changed.' : 'Waiting for the order to finish.'}
          </p>
        ) : (
          <Facts
            facts={[
              ['Cash', formatUsd(post.balance)],
              ['Open positions', String(post.positions)],
              ['Positions updated', post.tracker_updated ? 'Yes' : 'No'],
            ]}
          />
        )}
      </Section>

      <Section
        title="Post-execution checks"
        verdict={
          verification === null
            ? undefined
            : verification.passed
              ? verification.partial
                ? 'Passed (partial fill)'
                : 'Passed'
              : 'Failed'
        }
        good={verification?.passed}
      >
        {verification === null ? (
          <p className="muted">
            {execution === null
              ? 'None: the order was not sent.'
              : 'Pending: they run once the order has finished.'}
          </p>
        ) : (
          <CheckList checks={verification.checks} testId="audit-verification-check" />
        )}
      </Section>
    </div>
  )
}

function Section(props: {
  readonly title: string
  readonly verdict?: string
  readonly good?: boolean
  readonly children: ReactNode
}) {
  return (
    <section className="audit-section">
      <h3>
        {props.title}
        {props.verdict ? (
          <span className={`verdict ${props.good ? 'verdict-good' : 'verdict-bad'}`}>
            {props.verdict}
          </span>
        ) : null}
      </h3>
      {props.children}
    </section>
  )
}

function Facts({ facts }: { readonly facts: readonly (readonly [string, string])[] }) {
  return (
    <dl className="facts">
      {facts.map(([label, value]) => (
        <div key={label} className="fact">
          <dt>{label}</dt>
          <dd className="num">{value}</dd>
        </div>
      ))}
    </dl>
  )
}

function CheckList(props: {
  readonly checks: readonly (GateCheck | VerificationCheck)[]
  readonly testId: string
}) {
  if (props.checks.length === 0) return <p className="muted">No checks recorded.</p>
  return (
    <ul className="checks">
      {props.checks.map((check, i) => (
        <li
          key={`${check.name}-${i}`}
          className={check.passed ? 'check-pass' : 'check-fail'}
          data-testid={props.testId}
          data-passed={check.passed}
        >
          <span className="check-mark" aria-hidden="true">
            {check.passed ? '✓' : '✗'}
          </span>
          <span className="check-name">
            {check.name}
            <span className="sr-only">{check.passed ? ' passed' : ' failed'}</span>
          </span>
          <span className="check-message">{check.message}</span>
        </li>
      ))}
    </ul>
  )
}
