/**
 * Waiting for the process to go quiet instead of waiting for time: file-system requests in
 * flight are counted with async_hooks, so a test that steps a FakeClock can step it only once
 * the disk work the last step started (a journal flush, a health round's reads) has finished,
 * however slow the machine is.
 */
import { createHook } from 'node:async_hooks'

// The async resources of file-system requests (promise and callback APIs, file handle closes).
const FS_REQUESTS = new Set(['FSREQPROMISE', 'FSREQCALLBACK', 'FILEHANDLECLOSEREQ'])
const inFlight = new Set<number>()
let drained: (() => void)[] = []

const done = (id: number): void => {
  if (!inFlight.delete(id) || inFlight.size > 0) return
  const waiting = drained
  drained = []
  for (const resolve of waiting) resolve()
}

createHook({
  init(id, type) {
    if (FS_REQUESTS.has(type)) inFlight.add(id)
  },
  // A request's callback (or its promise's settlement) runs between before and after.
  after: done,
  destroy: done,
}).enable()

const turn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve))
// Turns with nothing in flight before the process counts as quiet: work scheduled with
// setImmediate (the journal collects a turn's appends that way) gets its chance to start.
const QUIET_TURNS = 3

/** Resolves once no file-system request is in flight for a few event-loop turns in a row. */
export async function settled(): Promise<void> {
  for (let quiet = 0; quiet < QUIET_TURNS;) {
    await turn()
    if (inFlight.size === 0) {
      quiet++
      continue
    }
    quiet = 0
    await new Promise<void>((resolve) => drained.push(resolve))
  }
}
