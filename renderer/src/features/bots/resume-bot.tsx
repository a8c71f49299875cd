/**
 * Resume a halted bot: it asks first, says what resuming allows, and takes the reason that goes
 * into the journal. A heartbeat alone never lifts a halt; only this does.
 */
import { useId, useState } from 'react'
import type { BotView } from '../../../../shared/bots'
import { ConfirmDialog } from '../../components/dialog'
import { ReasonField } from '../../components/reason-field'
import { useBotsStore } from '../../stores/bots-store'
import { useConnectionStore } from '../../stores/connection-store'

/** At least this many characters of reason, as the engine asks. */
const MIN_REASON = 3

/** The Resume button of a halted bot, with its confirmation. */
export function ResumeBotButton({ bot }: { readonly bot: BotView }) {
  const resume = useBotsStore((s) => s.resume)
  const online = useConnectionStore((s) => s.status === 'online')
  const [open, setOpen] = useState(false)
  const [reason, setReason] = useState('')
  const [tried, setTried] = useState(false)
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const id = useId()
  const problem =
    tried && reason.trim().length < MIN_REASON
      ? 'Say why, in a few words (at least 3 letters).'
      : null
  const confirm = async (): Promise<void> => {
    setTried(true)
    if (reason.trim().length < MIN_REASON) return
    setBusy(true)
    setError(null)
    const result = await resume(bot.name, reason)
    setBusy(false)
    if (result.ok) {
      setOpen(false)
      setReason('')
      setTried(false)
    } else setError(result.error.message)
  }
  return (
    <>
      <button
        type="button"
        className="bot-resume"
        data-testid="bot-resume"
        disabled={!online}
        title={online ? `Let ${bot.name} trade again` : 'The console is not connected to Vigil.'}
        onClick={() => setOpen(true)}
      >
        Resume…
      </button>
      {open ? (
        <ConfirmDialog
          title={`Resume ${bot.name}?`}
          confirmLabel="Resume"
          busy={busy}
          error={error}
          onConfirm={() => void confirm()}
          onCancel={() => {
            setOpen(false)
            setError(null)
            setTried(false)
          }}
          testId="bot-resume-confirm"
        >
          <p>
            New orders naming {bot.name} pass the pre-execution gate again. The orders canceled when
            it was halted stay canceled.
            {bot.quietSince !== null
              ? ` It is still quiet (no heartbeat): it will not be halted again until its heartbeat comes back and stops again.`
              : ''}
          </p>
          <ReasonField
            id={id}
            value={reason}
            onChange={setReason}
            problem={problem}
            disabled={busy}
            testId="bot-resume-reason"
            placeholder="e.g. restarted the bot, checked its orders"
          />
        </ConfirmDialog>
      ) : null}
    </>
  )
}
