/**
 * Carries engine events to the console window: batched (about ten a second, see
 * shared/batcher.ts) and sent on the one events channel the preload listens to.
 */
import type { EngineEvent } from '../../shared/contract'
import { createEventBatcher } from '../../shared/batcher'
import { EVENTS_CHANNEL } from '../../shared/wire'
import type { Engine } from '../engine'

/** The part of a WebContents the forwarder uses. */
export interface EventSink {
  isDestroyed(): boolean
  send(channel: string, events: EngineEvent[]): void
}

/**
 * Subscribes to the engine and sends each batch to whatever window `getTarget` returns at that
 * moment (none while the window is closed or being recreated). Returns the function that stops.
 */
export function forwardEngineEvents(
  engine: Pick<Engine, 'subscribe'>,
  getTarget: () => EventSink | null | undefined,
  intervalMs?: number,
): () => void {
  const batcher = createEventBatcher((events) => {
    const target = getTarget()
    if (!target || target.isDestroyed()) return
    try {
      target.send(EVENTS_CHANNEL, events)
    } catch (error) {
      // A window torn down between the check and the send; it reloads a snapshot when it is back.
      console.error('Vigil could not send updates to the console window:', error)
    }
  }, intervalMs)
  const unsubscribe = engine.subscribe((event) => batcher.push(event))
  let stopped = false
  return () => {
    if (stopped) return
    stopped = true
    unsubscribe()
    batcher.close()
  }
}
