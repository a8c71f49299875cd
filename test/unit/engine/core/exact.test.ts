/**
 * Exact arithmetic against Decimal: what the gate decides and says must be what Decimal would
 * have given, for amounts of any size and precision, without Decimal's cost.
 */
import { describe, expect, it } from 'vitest'
import {
  Decimal,
  cmp,
  exactCents,
  exactText,
  exactUsd,
  minus,
  parseExact,
  plus,
  times,
  toCents,
  toExact,
  usd,
  usdText,
} from '../../../../electron/engine/core'

// A fixed sequence of awkward amounts: signs, long fractions, half-cents, big and tiny values.
let seed = 42
const next = (): number => (seed = (seed * 48271) % 2147483647) / 2147483647
function amount(): string {
  const whole = Math.floor(next() * 10 ** Math.floor(next() * 12)).toString()
  const fraction = Math.floor(next() * 10 ** 9)
    .toString()
    .padStart(9, '0')
    .slice(0, Math.floor(next() * 10))
  const sign = next() < 0.3 ? '-' : ''
  return fraction ? `${sign}${whole}.${fraction}` : `${sign}${whole}`
}
const AMOUNTS = [
  '0',
  '-0',
  '0.005',
  '-0.005',
  '0.004999',
  '1234567.895',
  '999.995',
  '1e-7',
  '2.5e3',
  ...Array.from({ length: 400 }, amount),
]

describe('exact arithmetic', () => {
  it('reads, writes and rounds every amount as Decimal does', () => {
    for (const text of AMOUNTS) {
      const d = new Decimal(text)
      const x = parseExact(text)!
      expect(exactText(x)).toBe(d.toFixed())
      expect(exactText(toExact(d))).toBe(d.toFixed())
      expect(exactUsd(x)).toBe(usd(d))
      expect(usdText(text)).toBe(usd(d))
      expect(exactText(exactCents(x))).toBe(toCents(d).toFixed())
    }
  })

  it('adds, subtracts, multiplies and compares exactly, past the 34 digits Decimal keeps', () => {
    const Wide = Decimal.clone({ precision: 200 })
    for (let i = 0; i + 1 < AMOUNTS.length; i++) {
      const [a, b] = [AMOUNTS[i]!, AMOUNTS[i + 1]!]
      const [x, y] = [parseExact(a)!, parseExact(b)!]
      const [d, e] = [new Wide(a), new Wide(b)]
      expect(exactText(plus(x, y))).toBe(d.plus(e).toFixed())
      expect(exactText(minus(x, y))).toBe(d.minus(e).toFixed())
      expect(exactText(times(x, y))).toBe(d.times(e).toFixed())
      expect(cmp(x, y)).toBe(d.comparedTo(e))
    }
  })

  it('refuses what is not a finite number', () => {
    for (const text of ['NaN', 'Infinity', '', 'abc', '1.2.3']) expect(parseExact(text)).toBeNull()
    expect(() => toExact(new Decimal(NaN))).toThrow(/finite amounts only/)
  })
})
