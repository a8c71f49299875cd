/**
 * Command handlers: each domain answers the commands of the contract it owns with a typed map,
 * and the composition root combines the maps; the compiler checks that together they answer
 * every command of the contract, each exactly once.
 */
import type { CommandName, CommandPayload, CommandResponses } from '../../../shared/contract'
import type { Result } from '../../../shared/result'
import type { OrderSource } from '../../../shared/types'

/** Who is calling: decides the source recorded on an order. */
export interface CallContext {
  readonly source: OrderSource
  /** The bot that names itself on the call (REST, X-Vigil-Bot); absent for everyone else. */
  readonly bot?: string
}

/** Answers one command. */
export type Handler<N extends CommandName> = (
  payload: CommandPayload<N>,
  context: CallContext,
) => Promise<Result<CommandResponses[N]>> | Result<CommandResponses[N]>

/** A domain's answers to the commands it owns. */
export type Handlers<N extends CommandName> = { readonly [K in N]: Handler<K> }

type KeysOf<T extends readonly object[]> = T extends readonly [
  infer H,
  ...infer R extends readonly object[],
]
  ? keyof H | KeysOf<R>
  : never

/** `true` when no command is in two maps; else the commands answered twice. */
type Disjoint<T extends readonly object[], Seen = never> = T extends readonly [
  infer H,
  ...infer R extends readonly object[],
]
  ? [keyof H & Seen] extends [never]
    ? Disjoint<R, Seen | keyof H>
    : { answeredTwice: keyof H & Seen }
  : true

/** Checks, at compile time, that the maps answer every command exactly once. */
type EveryCommandOnce<T extends readonly object[]> =
  Disjoint<T> extends true
    ? [Exclude<CommandName, KeysOf<T>>] extends [never]
      ? [Exclude<KeysOf<T>, CommandName>] extends [never]
        ? T
        : { notCommands: Exclude<KeysOf<T>, CommandName> }
      : { unanswered: Exclude<CommandName, KeysOf<T>> }
    : Disjoint<T>

/** Combines the domains' maps into one that answers every command of the contract. */
export function combineHandlers<const T extends readonly object[]>(
  ...maps: T & EveryCommandOnce<T>
): Handlers<CommandName> {
  return Object.assign({}, ...maps) as Handlers<CommandName>
}
