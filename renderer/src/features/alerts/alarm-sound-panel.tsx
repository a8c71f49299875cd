/**
 * The alarm sound of critical alerts in this browser: off by default, a switch to turn it on, and
 * a button that plays it now, which says when the browser would not let it play.
 */
import type { BeepOutcome } from '../../lib/alarm-sound'
import { useAlarmSoundStore } from '../../stores/alarm-sound-store'

const OUTCOME_WORDS: Readonly<Record<BeepOutcome, string>> = {
  played: 'The test sound played. If you heard nothing, check the volume of this computer.',
  blocked: 'The browser did not let Vigil play the sound. Click anywhere in Vigil, then try again.',
  unsupported: 'This browser cannot play sounds from a page (no Web Audio).',
}

/** The alarm sound panel. */
export function AlarmSoundPanel() {
  const enabled = useAlarmSoundStore((s) => s.enabled)
  const setEnabled = useAlarmSoundStore((s) => s.setEnabled)
  const test = useAlarmSoundStore((s) => s.test)
  const outcome = useAlarmSoundStore((s) => s.outcome)
  const lastWasTest = useAlarmSoundStore((s) => s.lastWasTest)

  return (
    <section className="panel" aria-labelledby="alarm-sound-title">
      <h2 id="alarm-sound-title" className="panel-title">
        Alarm sound
      </h2>
      <label className="check">
        <input
          type="checkbox"
          data-testid="alarm-sound-enabled"
          checked={enabled}
          onChange={(event) => setEnabled(event.target.checked)}
        />
        <span>Beep when a critical alert is raised (in this browser)</span>
      </label>
      <div className="notify-permission">
        <button
          type="button"
          className="small"
          data-testid="alarm-sound-test"
          onClick={() => void test()}
        >
          Play test sound
        </button>
        {outcome !== null ? (
          <span data-testid="alarm-sound-outcome" data-outcome={outcome} role="status">
            {lastWasTest
              ? OUTCOME_WORDS[outcome]
              : outcome === 'blocked'
                ? 'The last alarm could not sound: this browser plays sound only after a click or key press in Vigil.'
                : outcome === 'played'
                  ? 'The last critical alert sounded the alarm.'
                  : OUTCOME_WORDS[outcome]}
          </span>
        ) : null}
      </div>
    </section>
  )
}
