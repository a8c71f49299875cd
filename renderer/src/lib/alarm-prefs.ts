/**
 * What this browser remembers about the alarm, in its own storage (each browser and the desktop
 * app has its own sound and its own notification permission, so the engine's settings are not
 * the place): whether critical alerts beep, and whether the trader has answered the offer of
 * desktop notifications. Storage that is missing or refuses (a private window) never breaks the
 * console: the defaults apply.
 */

const SOUND_KEY = 'vigil.alarm.sound'
const OFFER_KEY = 'vigil.alarm.notification-offer'

/** How the trader answered the offer of desktop notifications. */
export type OfferAnswer = 'asked' | 'later'

function storage(): Storage | null {
  try {
    return typeof window === 'undefined' ? null : window.localStorage
  } catch {
    return null
  }
}

function read(key: string): string | null {
  try {
    return storage()?.getItem(key) ?? null
  } catch {
    return null
  }
}

function write(key: string, value: string): void {
  try {
    storage()?.setItem(key, value)
  } catch {
    // Full or refused: the choice lasts until the tab closes, which is the best there is.
  }
}

/** Whether critical alerts beep in this browser; off until the trader turns it on. */
export function soundEnabled(): boolean {
  return read(SOUND_KEY) === 'on'
}

/** Remembers the sound setting. */
export function saveSoundEnabled(on: boolean): void {
  write(SOUND_KEY, on ? 'on' : 'off')
}

/** The answer to the notification offer, or null while it has not been answered. */
export function offerAnswer(): OfferAnswer | null {
  const value = read(OFFER_KEY)
  return value === 'asked' || value === 'later' ? value : null
}

/** Remembers the answer, so the offer is not made again. */
export function saveOfferAnswer(answer: OfferAnswer): void {
  write(OFFER_KEY, answer)
}
