/**
 * The reference strategy, a demonstration: a moving-average crossover on one-minute closes.
 * It buys a fixed quantity when the fast average crosses above the slow one while flat, and
 * sells what it holds when the fast one crosses back below. It is here to show the order path
 * working end to end, not as a way to make money.
 */
import { dec } from '../core'
import type { Strategy, StrategyIntent, StrategyView } from './strategy'

const mean = (values: readonly number[]): number =>
  values.reduce((sum, v) => sum + v, 0) / values.length

/** Options of the crossover. */
export interface SmaCrossOptions {
  readonly fast: number
  readonly slow: number
}

/** Builds the moving-average crossover. */
export function smaCross({ fast, slow }: SmaCrossOptions = { fast: 5, slow: 20 }): Strategy {
  if (!(fast >= 1 && slow > fast)) throw new Error(`Bad crossover periods ${fast}/${slow}`)
  return {
    id: 'sma-cross',
    name: 'Moving-average crossover (demonstration)',
    description: `Buys when the ${fast}-minute average of closes crosses above the ${slow}-minute one while flat; sells the position when it crosses back below. A demonstration of the order path, not a trading recommendation.`,
    demonstration: true,
    warmUp: slow + 1,
    decide(view: StrategyView): StrategyIntent | null {
      const closes = view.candles.slice(-(slow + 1)).map((c) => c.close)
      if (closes.length < slow + 1) return null
      const now = { fast: mean(closes.slice(-fast)), slow: mean(closes.slice(-slow)) }
      const before = {
        fast: mean(closes.slice(-fast - 1, -1)),
        slow: mean(closes.slice(-slow - 1, -1)),
      }
      const held = dec(view.position)
      const up = before.fast <= before.slow && now.fast > now.slow
      const down = before.fast >= before.slow && now.fast < now.slow
      const averages = `${fast}-min average ${now.fast.toFixed(2)}, ${slow}-min ${now.slow.toFixed(2)}`
      if (up && held.isZero())
        return { side: 'buy', quantity: view.quantity, reason: `Crossed above: ${averages}` }
      if (down && held.greaterThan(0))
        return { side: 'sell', quantity: held.toFixed(), reason: `Crossed below: ${averages}` }
      return null
    },
  }
}

/** Every strategy Vigil ships, by id. */
export const STRATEGIES: readonly Strategy[] = [smaCross()]
