/** Relative comparison at the tolerance the reference values are checked at (quant.md: 1e-9). */
import { expect } from 'vitest'

/** Asserts `actual` is a number within `rel` (relative) of `expected`. */
export function expectClose(actual: number | null | undefined, expected: number, rel = 1e-12) {
  expect(actual, `expected ${expected}`).toBeTypeOf('number')
  const scale = Math.max(Math.abs(expected), Number.MIN_VALUE)
  expect(
    Math.abs((actual as number) - expected) / scale,
    `${actual} vs ${expected}`,
  ).toBeLessThanOrEqual(rel)
}
