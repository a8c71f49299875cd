/**
 * A tiny fake Engine for the host tests: they test the wiring, not the trading system.
 * `handle` answers ok with the command it got; tests replace it to throw or to fail.
 */
import { vi } from 'vitest'
import type { Command, EngineEvent } from '../../../shared/contract'
import { ok, type Result } from '../../../shared/result'
import type { CallContext, Engine } from '../../../electron/engine'

/** The fake and handles to drive and inspect it. */
export interface FakeEngine {
  readonly engine: Engine
  readonly handle: ReturnType<
    typeof vi.fn<(command: Command, context: CallContext) => Promise<Result<unknown>>>
  >
  readonly close: ReturnType<typeof vi.fn<() => Promise<void>>>
  readonly recordMalformedOrder: ReturnType<
    typeof vi.fn<(raw: unknown, reason: string, context: CallContext) => Promise<void>>
  >
  /** Emits an event to every subscriber, as the engine would. */
  emit(event: EngineEvent): void
  /** How many listeners are subscribed now. */
  subscribers(): number
}

/** Builds a fake engine. */
export function createFakeEngine(): FakeEngine {
  const listeners = new Set<(event: EngineEvent) => void>()
  const handle = vi.fn(async (command: Command, _context: CallContext): Promise<Result<unknown>> =>
    ok({ received: command.name }),
  )
  const close = vi.fn(async (): Promise<void> => {})
  const recordMalformedOrder = vi.fn(
    async (_raw: unknown, _reason: string, _context: CallContext): Promise<void> => {},
  )
  const engine = {
    handle,
    recordMalformedOrder,
    subscribe(listener: (event: EngineEvent) => void) {
      listeners.add(listener)
      return () => listeners.delete(listener)
    },
    info: { dataDir: '/tmp/fake', journalSeq: 0, replayed: 0, startupMs: 0, warnings: [] },
    close,
  } as unknown as Engine
  return {
    engine,
    handle,
    close,
    recordMalformedOrder,
    emit: (event) => {
      for (const listener of listeners) listener(event)
    },
    subscribers: () => listeners.size,
  }
}
