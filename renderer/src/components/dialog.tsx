/**
 * Modal dialogs: a plain one for forms (the credentials dialog) and a confirmation for anything
 * that cannot be taken back. Keyboard first: focus moves into the dialog and stays there, Escape
 * closes it, and focus returns to where it was. A click outside does nothing, so a stray click
 * never throws away what was typed.
 */
import {
  useEffect,
  useId,
  useRef,
  useState,
  type KeyboardEvent as ReactKeyboardEvent,
  type ReactNode,
} from 'react'
import { createPortal } from 'react-dom'

const FOCUSABLE =
  'button:not([disabled]), input:not([disabled]), select:not([disabled]), textarea:not([disabled]), [href], [tabindex]:not([tabindex="-1"])'

/** Props of Dialog. */
export interface DialogProps {
  readonly title: string
  readonly onClose: () => void
  readonly children: ReactNode
  readonly testId?: string
  /** 'danger' draws a red edge: the dialog is about to do something that cannot be undone. */
  readonly tone?: 'normal' | 'danger'
}

/** A modal dialog. Focus goes to the element marked data-autofocus, else the first control. */
export function Dialog({ title, onClose, children, testId, tone = 'normal' }: DialogProps) {
  const ref = useRef<HTMLDivElement>(null)
  const titleId = useId()

  useEffect(() => {
    const before = document.activeElement as HTMLElement | null
    const box = ref.current
    const first =
      box?.querySelector<HTMLElement>('[data-autofocus]') ??
      box?.querySelector<HTMLElement>(FOCUSABLE)
    first?.focus()
    return () => {
      if (before && document.contains(before)) before.focus()
    }
  }, [])

  const onKeyDown = (event: ReactKeyboardEvent): void => {
    if (event.key === 'Escape') {
      event.stopPropagation()
      onClose()
      return
    }
    if (event.key !== 'Tab' || !ref.current) return
    const items = [...ref.current.querySelectorAll<HTMLElement>(FOCUSABLE)]
    const first = items[0]
    const last = items[items.length - 1]
    if (!first || !last) return
    if (event.shiftKey && document.activeElement === first) {
      event.preventDefault()
      last.focus()
    } else if (!event.shiftKey && document.activeElement === last) {
      event.preventDefault()
      first.focus()
    }
  }

  return createPortal(
    <div className="dialog-backdrop">
      <div
        ref={ref}
        className={`dialog dialog-${tone}`}
        role="dialog"
        aria-modal="true"
        aria-labelledby={titleId}
        data-testid={testId}
        onKeyDown={onKeyDown}
      >
        <h2 id={titleId} className="dialog-title">
          {title}
        </h2>
        {children}
      </div>
    </div>,
    document.body,
  )
}

/** Props of ConfirmDialog. */
export interface ConfirmDialogProps {
  readonly title: string
  readonly children: ReactNode
  /** The words on the button that does it, e.g. "Disconnect". */
  readonly confirmLabel: string
  /** The words on the button that leaves everything as it is. */
  readonly cancelLabel?: string
  readonly danger?: boolean
  /** While the command runs: both buttons wait. */
  readonly busy?: boolean
  /** What went wrong, if the command failed. */
  readonly error?: string | null
  /** Why it cannot be done now (the link to Vigil dropped): Confirm is off and this says why. */
  readonly unavailable?: string | null
  readonly onConfirm: () => void
  readonly onCancel: () => void
  readonly testId?: string
}

/**
 * Asks before doing something. Focus starts on the safe choice, so a reflexive Enter keeps
 * things as they are.
 */
export function ConfirmDialog(props: ConfirmDialogProps) {
  const { busy = false } = props
  return (
    <Dialog
      title={props.title}
      onClose={() => {
        if (!busy) props.onCancel()
      }}
      testId={props.testId ?? 'confirm-dialog'}
      tone={props.danger ? 'danger' : 'normal'}
    >
      <div className="dialog-body">{props.children}</div>
      {props.error ? (
        <p className="dialog-error" role="alert" data-testid="confirm-error">
          {props.error}
        </p>
      ) : null}
      {props.unavailable ? (
        <p className="warning" role="alert" data-testid="confirm-unavailable">
          {props.unavailable}
        </p>
      ) : null}
      <div className="dialog-actions">
        <button
          type="button"
          data-testid="confirm-cancel"
          onClick={props.onCancel}
          disabled={busy}
          data-autofocus
        >
          {props.cancelLabel ?? 'Cancel'}
        </button>
        <button
          type="button"
          className={props.danger ? 'danger' : 'primary'}
          data-testid="confirm-ok"
          onClick={props.onConfirm}
          disabled={busy || Boolean(props.unavailable)}
        >
          {busy ? 'Working…' : props.confirmLabel}
        </button>
      </div>
    </Dialog>
  )
}

/** Props of ConfirmButton. */
export interface ConfirmButtonProps {
  /** The button's words, e.g. "Disconnect…". */
  readonly label: string
  readonly title: string
  /** What will happen, in full words. */
  readonly message: ReactNode
  readonly confirmLabel: string
  readonly cancelLabel?: string
  readonly danger?: boolean
  readonly disabled?: boolean
  /**
   * Why the button is disabled, in full words: its tooltip, and said inside the dialog (with
   * Confirm off) if it becomes disabled while the dialog is open.
   */
  readonly disabledReason?: string
  readonly className?: string
  readonly testId?: string
  /** Runs on Confirm; the dialog closes when it succeeds and shows the reason when it fails. */
  readonly action: () => Promise<{ readonly ok: boolean; readonly error?: { message: string } }>
}

/** A button that asks before it acts. */
export function ConfirmButton(props: ConfirmButtonProps) {
  const [open, setOpen] = useState(false)
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const close = (): void => {
    setOpen(false)
    setError(null)
  }
  const confirm = async (): Promise<void> => {
    setBusy(true)
    setError(null)
    const result = await props.action()
    setBusy(false)
    if (result.ok) close()
    else setError(result.error?.message ?? 'It did not work, and Vigil gave no reason.')
  }
  return (
    <>
      <button
        type="button"
        className={props.className}
        data-testid={props.testId}
        disabled={props.disabled}
        title={props.disabled ? props.disabledReason : undefined}
        onClick={() => setOpen(true)}
      >
        {props.label}
      </button>
      {open ? (
        <ConfirmDialog
          title={props.title}
          confirmLabel={props.confirmLabel}
          cancelLabel={props.cancelLabel}
          danger={props.danger}
          busy={busy}
          error={error}
          unavailable={
            props.disabled && !busy
              ? (props.disabledReason ?? 'This cannot be done right now.')
              : null
          }
          onCancel={close}
          onConfirm={() => void confirm()}
        >
          {props.message}
        </ConfirmDialog>
      ) : null}
    </>
  )
}
