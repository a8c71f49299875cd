/**
 * Restart equivalence: a seeded session played straight through and played with clean restarts
 * and crashes at seeded points leaves the trader with the same ledger, orders, fills, round
 * trips, metrics, equity series, alerts and daily reports. CI plays 20 seeds; set
 * VIGIL_EQUIVALENCE_SEEDS (a count, or first-last) for a longer run.
 */
import { describe, expect, it } from 'vitest'
import { differences, makeSession, play } from './session'

function seeds(): number[] {
  const wanted = process.env.VIGIL_EQUIVALENCE_SEEDS ?? '20'
  const range = /^(\d+)-(\d+)$/.exec(wanted)
  const [first, last] = range ? [Number(range[1]), Number(range[2])] : [1, Number(wanted)]
  return Array.from({ length: last - first + 1 }, (_, i) => first + i)
}

describe('restart equivalence', () => {
  it.each(seeds())(
    'seed %i: restarts and crashes change nothing a trader sees',
    async (seed) => {
      const session = makeSession(seed)
      const straight = await play(session, false)
      const interrupted = await play(session, true)
      const how = session.interruptions.map((i) => `${i.how} after action ${i.at}`).join(', ')
      expect.soft(straight.repeatedIds, 'ids issued twice when run straight').toEqual([])
      expect.soft(interrupted.repeatedIds, `ids issued twice with ${how}`).toEqual([])
      expect(differences(straight.figures, interrupted.figures), how).toEqual([])
    },
    60_000,
  )
})
