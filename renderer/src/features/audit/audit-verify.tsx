/**
 * Journal verification: walks the hash chain of the whole journal in the engine, with a progress
 * bar, then says plainly whether the journal is intact or where it was altered.
 */
import { formatDecimal } from '../../lib/format'
import { useAuditStore, type VerifyState } from '../../stores/audit-store'

/** The Verify button, its progress and its verdict. */
export function AuditVerify() {
  const verify = useAuditStore((s) => s.verify)
  const run = useAuditStore((s) => s.verifyJournal)
  const running = verify.kind === 'running'
  return (
    <div className="audit-verify">
      <button
        type="button"
        data-testid="audit-verify"
        disabled={running}
        onClick={() => void run()}
        title="Recompute the hash chain of every journal record and compare it with the one stored"
      >
        {running ? 'Verifying…' : 'Verify journal'}
      </button>
      <VerifyStatus verify={verify} />
    </div>
  )
}

function VerifyStatus({ verify }: { readonly verify: VerifyState }) {
  if (verify.kind === 'idle') return null
  if (verify.kind === 'running') {
    const known = verify.total > 0
    return (
      <div className="verify-progress" role="status">
        <progress
          data-testid="audit-verify-progress"
          max={known ? verify.total : undefined}
          value={known ? verify.checked : undefined}
          aria-label="Journal verification progress"
        />
        <span className="muted num">
          {known
            ? `${formatDecimal(verify.checked)} of ${formatDecimal(verify.total)} records checked`
            : 'Starting…'}
        </span>
      </div>
    )
  }
  if (verify.kind === 'error') {
    return (
      <p className="verify-result verify-bad" data-testid="audit-verify-result" role="alert">
        Could not verify the journal: {verify.message}
      </p>
    )
  }
  const { report } = verify
  if (report.ok) {
    return (
      <p
        className="verify-result verify-good"
        data-testid="audit-verify-result"
        data-ok="true"
        role="status"
      >
        Journal intact: {formatDecimal(report.records)} records checked
      </p>
    )
  }
  const bad = report.firstBad
  return (
    <p
      className="verify-result verify-bad"
      data-testid="audit-verify-result"
      data-ok="false"
      role="alert"
    >
      {bad
        ? `Journal tampered: first bad record seq ${bad.seq} in segment ${bad.segment}: ${bad.reason}`
        : `Journal tampered: ${formatDecimal(report.records)} records checked`}
    </p>
  )
}
