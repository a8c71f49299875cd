/**
 * The engine as a rehearsal drives it: built by the root's createEngine (passed in, since the
 * root itself runs rehearsals for the Roadmap screen), used through validated commands.
 */
import {
  parseCommand,
  type Command,
  type CommandResponses,
  type EngineEvent,
} from '../../../shared/contract'
import type { Result } from '../../../shared/result'
import type { CallContext, Clock } from '../core'
import type { SimulatedMarket } from '../market'

/** What a rehearsal uses of an engine. */
export interface RehearsalEngine {
  handle<C extends Command>(
    command: C,
    context: CallContext,
  ): Promise<Result<CommandResponses[C['name']]>>
  subscribe(listener: (event: EngineEvent) => void): () => void
  idle(): Promise<void>
  close(reason?: string): Promise<void>
}

/** How a rehearsal builds its engine: a scratch folder on a replayed market and its clock. */
export interface RehearsalEngineOptions {
  readonly dataDir: string
  readonly clock: Clock
  readonly market: SimulatedMarket
  readonly scratch: true
  readonly startMarket: false
  readonly timeZone: string
  readonly healthIntervalMs: number
  readonly reconcileIntervalMs: number
  readonly feeCheckMs: number
  readonly equitySampleMs: number
  readonly paper: { readonly latencyMs: number }
}

/** Builds an engine (the root's createEngine). */
export type EngineFactory = (options: RehearsalEngineOptions) => Promise<RehearsalEngine>

/** Runs one command on the rehearsal's engine; a failure throws with the command's reason. */
export async function call<N extends Command['name']>(
  engine: RehearsalEngine,
  name: N,
  payload: unknown,
): Promise<CommandResponses[N]> {
  const command = parseCommand(name, payload)
  if (!command.ok) throw new Error(`${name}: ${command.error.message}`)
  const result = await engine.handle(command.value, { source: 'api' })
  if (!result.ok) throw new Error(`${name}: ${result.error.message}`)
  return result.value as CommandResponses[N]
}
