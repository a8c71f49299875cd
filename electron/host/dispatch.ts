/**
 * The one way a host hands a command to the engine, whichever door it came through (the IPC
 * bridge, the WebSocket, the REST API): validate it with the contract's schema, journal an
 * order that fails validation, run it, and turn anything thrown into a Result. Bad input never
 * reaches the engine's handlers and never changes state; the caller always gets a Result with
 * the reason in words.
 */
import { parseCommand, type CommandName, type CommandResponses } from '../../shared/contract'
import { err, type Result } from '../../shared/result'
import type { OrderSource } from '../../shared/types'
import type { Engine } from '../engine'

/** Runs commands from one door of a host. */
export interface HostDispatch {
  /**
   * Validates and runs one command. `received` is what arrived on the wire, for the journal of
   * a malformed order (the REST API's body text); the payload itself by default.
   */
  run<N extends CommandName>(
    name: N,
    payload: unknown,
    received?: unknown,
  ): Promise<Result<CommandResponses[N]>>
  run(name: unknown, payload: unknown, received?: unknown): Promise<Result<unknown>>
  /**
   * Journals an order request refused before it could be validated (a body that is not JSON,
   * too large, not an object). Never throws: the caller's refusal does not depend on it.
   */
  refuseOrder(received: unknown, reason: string): Promise<void>
}

/** What a door tells the dispatch about itself. */
export interface DispatchOptions {
  /** The source recorded on its orders: 'ticket' for the console, 'api' for bots. */
  readonly source: OrderSource
  /** The bot that names itself on this call (the REST API's X-Vigil-Bot header). */
  readonly bot?: string
  /** Where unexpected failures are written; the caller gets a plain message instead. */
  readonly log: (message: string, error: unknown) => void
}

/** The command that submits an order: the one whose malformed requests are journaled. */
const SUBMIT_ORDER: CommandName = 'orders:submit'

/** Builds the dispatch of one door. */
export function createDispatch(
  engine: Pick<Engine, 'handle' | 'recordMalformedOrder'>,
  options: DispatchOptions,
): HostDispatch {
  const context =
    options.bot === undefined
      ? { source: options.source }
      : { source: options.source, bot: options.bot }

  // A bad order always leaves a trace in the journal; the caller's answer is the same either way.
  const refuseOrder = async (received: unknown, reason: string): Promise<void> => {
    try {
      await engine.recordMalformedOrder(received, reason, context)
    } catch (error) {
      options.log('Vigil could not journal a malformed order:', error)
    }
  }

  const run = async (
    name: unknown,
    payload: unknown,
    received: unknown = payload,
  ): Promise<Result<unknown>> => {
    try {
      const command = parseCommand(name, payload)
      if (!command.ok) {
        if (name === SUBMIT_ORDER) await refuseOrder(received, command.error.message)
        return command
      }
      return await engine.handle(command.value, context)
    } catch (error) {
      const label = typeof name === 'string' ? `"${name.slice(0, 60)}"` : 'a command'
      options.log(`Running ${label} failed unexpectedly:`, error)
      return err(
        'INTERNAL',
        `Vigil hit an unexpected problem while running ${label}. The details are in its log.`,
      )
    }
  }

  return { run: run as HostDispatch['run'], refuseOrder }
}
