/**
 * The root's one map from command to answer: the domains' maps must answer every command of
 * the contract exactly once. The compiler refuses a map that leaves one out or answers one
 * twice (checked by `npm run typecheck`); at run time the combined map answers each command.
 */
import { describe, expect, it } from 'vitest'
import { COMMAND_NAMES, type CommandName } from '../../../../shared/contract'
import { ok } from '../../../../shared/result'
import { combineHandlers, type Handlers } from '../../../../electron/engine/core'

/** A map that answers `names` with their own name (the answer's type does not matter here). */
function answering<N extends CommandName>(names: readonly N[]): Handlers<N> {
  return Object.fromEntries(names.map((n) => [n, () => ok(n)])) as unknown as Handlers<N>
}

const [first, ...rest] = COMMAND_NAMES as unknown as [CommandName, ...CommandName[]]
type First = typeof first
type Rest = Exclude<CommandName, First>

describe('combineHandlers', () => {
  it('answers every command of the contract from the map that owns it', async () => {
    const all = combineHandlers(answering<First>([first]), answering<Rest>(rest as Rest[]))
    for (const name of COMMAND_NAMES)
      expect(await all[name]({} as never, { source: 'api' })).toEqual(ok(name))
  })

  it('is refused by the compiler when a command is left out or answered twice', () => {
    const everyButFirst = answering<Rest>(rest as Rest[])
    // @ts-expect-error: the first command of the contract is answered by no map.
    combineHandlers(everyButFirst)
    // @ts-expect-error: the first command is answered by two maps.
    combineHandlers(answering<First>([first]), answering<First>([first]), everyButFirst)
    expect(Object.keys(everyButFirst)).toHaveLength(COMMAND_NAMES.length - 1)
  })
})
