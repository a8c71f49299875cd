/**
 * A command the trader runs in a terminal, with a button that copies it: typing
 * `npx vigil link` from a screenshot of the screen is slower and easier to get wrong.
 */
import { useState } from 'react'

/** Shows `command` in monospace with a Copy button. */
export function CopyCommand(props: {
  readonly command: string
  readonly testId?: string
  /** A long command: shown as a block above its button. */
  readonly block?: boolean
}) {
  const [state, setState] = useState<'idle' | 'copied' | 'failed'>('idle')
  const copy = async (): Promise<void> => {
    try {
      await navigator.clipboard.writeText(props.command)
      setState('copied')
    } catch {
      // No clipboard (an old browser, or permission refused): the text is there to select.
      setState('failed')
    }
  }
  return (
    <span
      className={props.block ? 'copy-command copy-command-block' : 'copy-command'}
      data-testid={props.testId}
    >
      <code>{props.command}</code>{' '}
      <button type="button" className="small" onClick={() => void copy()}>
        {state === 'copied' ? 'Copied' : 'Copy'}
      </button>
      {state === 'failed' ? (
        <span className="muted-inline" role="status">
          {' '}
          Could not copy: select the command and copy it.
        </span>
      ) : null}
    </span>
  )
}
