/**
 * The running engine as the hosts see it: each command answered by its domain's handler (a
 * throw becomes a Result), a bot's call marking the bot as seen, a malformed order journaled
 * in outline, and nothing taken once it is shutting down. The root decides what `idle` waits
 * for and the order in which `close` stops things.
 */
import { err } from '../../shared/result'
import type { CommandName } from '../../shared/contract'
import type { Engine, EngineInfo } from './api'
import type { BotWatch } from './bots'
import type { EventBus, Handler, Handlers } from './core'
import type { Journal } from './journal'
import { cutToJsonBytes, outlineMalformed } from './malformed'

/** What the root hands over once everything is wired. */
export interface RunningParts {
  readonly info: EngineInfo
  readonly bus: EventBus
  readonly journal: Journal
  readonly bots: BotWatch
  readonly handlers: Handlers<CommandName>
  /** Resolves when nothing is in flight and everything is durable. */
  readonly idle: () => Promise<void>
  /** Stops everything, in the root's order, journaling why it stopped; called once. */
  readonly close: (reason: string) => Promise<void>
}

/** The engine over its wired parts. */
export function runningEngine(parts: RunningParts): Engine {
  const { bus, journal, bots, handlers } = parts
  let closed = false
  return {
    info: parts.info,
    subscribe: (listener) => bus.subscribe(listener),
    async handle(command, context) {
      if (closed) return err('UNAVAILABLE', 'Vigil is shutting down; the request was not taken.')
      try {
        // A call that names its bot is the bot's activity (a new name is journaled first).
        if (context.bot !== undefined) {
          const seen = await bots.seen(context.bot)
          if (!seen.ok) return seen
        }
        const handler = handlers[command.name] as Handler<typeof command.name>
        return (await handler(command.payload as never, context)) as never
      } catch (error) {
        return err(
          'INTERNAL',
          `Vigil could not complete ${command.name}: ${(error as Error).message}`,
        )
      }
    },
    async recordMalformedOrder(raw, reason, context) {
      if (closed) return
      // Its outline only: the raw body may hold anything the caller pasted by mistake.
      const received = outlineMalformed(raw)
      // Journaling a bad request must never turn into a second failure for the caller.
      await journal
        .append('order.malformed', {
          source: context.source,
          reason: cutToJsonBytes(reason, 512).text,
          received,
        })
        .catch(() => undefined)
    },
    idle: () => parts.idle(),
    async close(reason = 'closed') {
      if (closed) return
      closed = true
      await parts.close(reason)
    },
  }
}
