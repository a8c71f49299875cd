/**
 * Seeded randomness: a seed reproduces a run. Never Math.random() in the engine.
 */

/** A seeded generator of uniform and normal draws. */
export interface Random {
  /** Uniform in [0, 1). */
  next(): number
  /** Standard normal. */
  normal(): number
  /**
   * Where the generator is: createRandom(state()) makes the same uniforms from here on (a
   * normal drawn in a pair and not yet returned is not kept).
   */
  state(): number
}

/** mulberry32: small, fast and good enough for a market simulator. */
export function createRandom(seed: number): Random {
  // The state lives in a typed array: a closure variable holding a number outside the small
  // integer range is boxed on every write, and that garbage dominated long simulations.
  const state = new Uint32Array([seed >>> 0])
  let spare: number | null = null
  const next = (): number => {
    const a = (state[0] = (state[0]! + 0x6d2b79f5) >>> 0)
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
  return {
    next,
    state: () => state[0] as number,
    normal() {
      if (spare !== null) {
        const s = spare
        spare = null
        return s
      }
      // Box-Muller; 1 - next() keeps the log argument away from zero.
      const u = 1 - next()
      const v = next()
      const r = Math.sqrt(-2 * Math.log(u))
      spare = r * Math.sin(2 * Math.PI * v)
      return r * Math.cos(2 * Math.PI * v)
    },
  }
}
