/**
 * The engine's event bus: domains publish contract events, hosts subscribe.
 */
import type { EngineEvent } from '../../../shared/contract'

/** Publishes engine events to listeners. A listener that throws never breaks the others. */
export class EventBus {
  private readonly listeners = new Set<(event: EngineEvent) => void>()

  /** Adds a listener; returns its remover. */
  subscribe(listener: (event: EngineEvent) => void): () => void {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }

  /** Delivers an event to every listener. */
  publish(event: EngineEvent): void {
    for (const listener of this.listeners) {
      try {
        listener(event)
      } catch {
        // A host's failure to deliver must not stop the engine or the other hosts.
      }
    }
  }
}
