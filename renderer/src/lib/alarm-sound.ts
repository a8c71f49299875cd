/**
 * The alarm sound of critical alerts: three short beeps made by the Web Audio API (an
 * oscillator, so no sound file ships). Browsers let a page make sound only once the person has
 * clicked or typed in it; before that the beep cannot play, and the caller is told so rather
 * than left believing it rang.
 */

/** What came of a beep: it played, the browser blocked it (no click yet), or there is no Web Audio. */
export type BeepOutcome = 'played' | 'blocked' | 'unsupported'

type AudioContextClass = typeof AudioContext

let context: AudioContext | null = null
let contextClass: AudioContextClass | null = null
let waitingForGesture = false
const unblockedListeners = new Set<() => void>()

function audioContextClass(): AudioContextClass | null {
  if (typeof window === 'undefined') return null
  const w = window as unknown as {
    AudioContext?: AudioContextClass
    webkitAudioContext?: AudioContextClass
  }
  return w.AudioContext ?? w.webkitAudioContext ?? null
}

// One context for the page (browsers cap how many a page may open); a new one only if the class
// itself changed.
function audioContext(): AudioContext | null {
  const Class = audioContextClass()
  if (!Class) return null
  if (!context || contextClass !== Class) {
    try {
      context = new Class()
      contextClass = Class
    } catch {
      return null
    }
  }
  return context
}

// Whether the browser would let this page start sound now (it has had a click or key press).
function mayStart(): boolean {
  const activation = (navigator as Navigator & { userActivation?: { hasBeenActive: boolean } })
    .userActivation
  return activation ? activation.hasBeenActive : true
}

// After a refusal, the first click or key press in the console allows sound for the next alarm.
function resumeOnGesture(audio: AudioContext): void {
  if (waitingForGesture || typeof window === 'undefined') return
  waitingForGesture = true
  const resume = (): void => {
    window.removeEventListener('pointerdown', resume, true)
    window.removeEventListener('keydown', resume, true)
    waitingForGesture = false
    void audio.resume().then(
      () => {
        for (const listener of [...unblockedListeners]) listener()
      },
      () => undefined,
    )
  }
  window.addEventListener('pointerdown', resume, true)
  window.addEventListener('keydown', resume, true)
}

/** Beeps three times (880 Hz, about 0.65 s in all); answers whether it could. */
export async function beep(): Promise<BeepOutcome> {
  const audio = audioContext()
  if (!audio) return 'unsupported'
  if (audio.state !== 'running') {
    // Asked before any click, resume() would wait for one forever; say so instead.
    if (mayStart()) {
      try {
        await audio.resume()
      } catch {
        // Refused: judged by the state below.
      }
    }
    // resume() has changed the state since the check above, which TypeScript cannot see.
    if ((audio.state as AudioContextState) !== 'running') {
      resumeOnGesture(audio)
      return 'blocked'
    }
  }
  const t = audio.currentTime
  for (let i = 0; i < 3; i += 1) {
    const start = t + i * 0.25
    const oscillator = audio.createOscillator()
    const gain = audio.createGain()
    oscillator.type = 'square'
    oscillator.frequency.value = 880
    // Quiet enough not to startle, a square wave to cut through music.
    gain.gain.value = 0.15
    oscillator.connect(gain)
    gain.connect(audio.destination)
    oscillator.start(start)
    oscillator.stop(start + 0.15)
  }
  return 'played'
}

/** Listens for sound becoming allowed after a refusal; returns the unsubscribe. */
export function onSoundUnblocked(listener: () => void): () => void {
  unblockedListeners.add(listener)
  return () => unblockedListeners.delete(listener)
}
