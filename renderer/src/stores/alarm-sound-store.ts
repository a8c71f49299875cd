/**
 * The alarm sound as the console shows it: whether critical alerts beep in this browser (off by
 * default, remembered in the browser) and what came of the last beep, so a blocked one is said.
 * Each critical alert beeps once, however often its event arrives (a reconnect replays it).
 */
import { create } from 'zustand'
import type { Alert } from '../../../shared/types'
import { saveSoundEnabled, soundEnabled } from '../lib/alarm-prefs'
import { beep, onSoundUnblocked, type BeepOutcome } from '../lib/alarm-sound'

/** State and actions of the alarm sound. */
export interface AlarmSoundState {
  readonly enabled: boolean
  /** What came of the last beep (an alarm's or the test's), or null before any / once allowed again. */
  readonly outcome: BeepOutcome | null
  /** Whether the last beep was the test button's. */
  readonly lastWasTest: boolean
  setEnabled(on: boolean): void
  /** Plays the beep now (the test button). */
  test(): Promise<BeepOutcome>
  /** Beeps for a newly raised alert when it is critical and the sound is on; null when it did not try. */
  alarm(alert: Alert): Promise<BeepOutcome | null>
}

const sounded = new Set<string>()
const SOUNDED_CAP = 500

/** The alarm sound store. */
export const useAlarmSoundStore = create<AlarmSoundState>()((set, get) => ({
  enabled: soundEnabled(),
  outcome: null,
  lastWasTest: false,

  setEnabled(on) {
    saveSoundEnabled(on)
    set({ enabled: on, outcome: null })
  },

  async test() {
    const outcome = await beep()
    set({ outcome, lastWasTest: true })
    return outcome
  },

  async alarm(alert) {
    if (alert.severity !== 'critical' || !get().enabled || sounded.has(alert.id)) return null
    if (sounded.size >= SOUNDED_CAP) sounded.clear()
    sounded.add(alert.id)
    const outcome = await beep()
    set({ outcome, lastWasTest: false })
    return outcome
  },
}))

onSoundUnblocked(() => {
  if (useAlarmSoundStore.getState().outcome === 'blocked')
    useAlarmSoundStore.setState({ outcome: null })
})
