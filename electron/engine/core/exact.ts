/**
 * Exact money arithmetic on whole numbers of 10^-scale units. A gate decision needs a few dozen
 * additions, products and comparisons: on BigInts they are exact at any size (no 34-digit
 * rounding) and cost nanoseconds, where each Decimal operation allocates and normalises a new
 * object. Values come in and go out as plain decimal text, through Decimal's public API only.
 */
import { Decimal } from './decimal'

/** An exact decimal: n × 10^-scale. */
export interface Exact {
  readonly n: bigint
  readonly scale: number
}

const exactOf = (n: bigint, scale: number): Exact => ({ n, scale })
/** Zero, shared. */
export const EXACT_ZERO = exactOf(0n, 0)

const POW10 = Array.from({ length: 40 }, (_, k) => 10n ** BigInt(k))
const pow10 = (k: number): bigint => POW10[k] ?? 10n ** BigInt(k)
/** 10^0 … 10^22: the powers of ten a double holds exactly. */
const NUMBER_POW10 = Array.from({ length: 23 }, (_, k) => Number(`1e${k}`))

/** Plain digits with an optional sign and fraction: what `Decimal#toFixed()` writes. */
const PLAIN = /^(-?)(\d+)(?:\.(\d*))?$/

function fromPlain(text: string): Exact | null {
  const m = PLAIN.exec(text)
  if (!m) return null
  let digits = m[2]! + (m[3] ?? '')
  let scale = m[3]?.length ?? 0
  // Trailing zeros of the fraction only lengthen the products and the text made from them.
  while (scale > 0 && digits.endsWith('0')) {
    digits = digits.slice(0, -1)
    scale--
  }
  const n = BigInt(digits)
  return exactOf(m[1] ? -n : n, scale)
}

/**
 * Reads decimal text exactly as Decimal reads it (plain digits directly; a sign, an exponent
 * or hex through Decimal); null when it is not a finite number.
 */
export function parseExact(text: string): Exact | null {
  const plain = fromPlain(text)
  if (plain) return plain
  try {
    const d = new Decimal(text)
    return d.isFinite() ? fromPlain(d.toFixed()) : null
  } catch {
    return null
  }
}

/** A finite Decimal as an exact value; throws on NaN or an infinity. */
export function toExact(x: Decimal): Exact {
  if (!x.isFinite())
    throw new Error(`Exact arithmetic takes finite amounts only, got ${x.toString()}`)
  return fromPlain(x.toFixed()) as Exact
}

/** Back to a Decimal (exact: the digits are all kept). */
export const exactToDecimal = (x: Exact): Decimal =>
  new Decimal(x.scale ? `${x.n}e-${x.scale}` : `${x.n}`)

/** Plain decimal text without trailing zeros, e.g. "503.1", "-0.25". */
export function exactText(x: Exact): string {
  const negative = x.n < 0n
  let digits = (negative ? -x.n : x.n).toString()
  let scale = x.scale
  let end = digits.length
  while (scale > 0 && end > 1 && digits.charCodeAt(end - 1) === 48) {
    end--
    scale--
  }
  if (end !== digits.length) digits = digits.slice(0, end)
  if (digits === '0') return '0'
  if (scale > 0) {
    if (digits.length <= scale) digits = digits.padStart(scale + 1, '0')
    digits = `${digits.slice(0, digits.length - scale)}.${digits.slice(digits.length - scale)}`
  }
  return negative ? `-${digits}` : digits
}

const at = (x: Exact, scale: number): bigint =>
  x.scale === scale ? x.n : x.n * pow10(scale - x.scale)

/** a + b. */
export function plus(a: Exact, b: Exact): Exact {
  const scale = Math.max(a.scale, b.scale)
  return exactOf(at(a, scale) + at(b, scale), scale)
}
/** a − b. */
export function minus(a: Exact, b: Exact): Exact {
  const scale = Math.max(a.scale, b.scale)
  return exactOf(at(a, scale) - at(b, scale), scale)
}
/** a × b. */
export const times = (a: Exact, b: Exact): Exact => exactOf(a.n * b.n, a.scale + b.scale)
/** |x|. */
export const abs = (x: Exact): Exact => (x.n < 0n ? exactOf(-x.n, x.scale) : x)

/** −1, 0 or 1 as a is below, equal to or above b. */
export function cmp(a: Exact, b: Exact): number {
  const scale = Math.max(a.scale, b.scale)
  const x = at(a, scale)
  const y = at(b, scale)
  return x < y ? -1 : x > y ? 1 : 0
}

/** Whether a is a whole multiple of b (never of zero, as Decimal's modulo by zero is NaN). */
export function isMultiple(a: Exact, b: Exact): boolean {
  const scale = Math.max(a.scale, b.scale)
  return b.n !== 0n && at(a, scale) % at(b, scale) === 0n
}

/** Whole cents of |x|, half up (as `toCents` and `usd` round). */
function absCents(x: Exact): bigint {
  const n = x.n < 0n ? -x.n : x.n
  if (x.scale <= 2) return n * pow10(2 - x.scale)
  const unit = pow10(x.scale - 2)
  return (n + unit / 2n) / unit
}

/** Rounds money to cents, half up (away from zero), like `toCents` in core/decimal. */
export const exactCents = (x: Exact): Exact => exactOf(x.n < 0n ? -absCents(x) : absCents(x), 2)

/** "$1,234.50" from whole cents (their digits, no sign, no leading zeros beyond three). */
function usdOfCents(digits: string, negative: boolean): string {
  const fixed = digits.length < 3 ? digits.padStart(3, '0') : digits
  const point = fixed.length - 2
  let grouped = fixed.slice(Math.max(0, point - 3), point)
  for (let end = point - 3; end > 0; end -= 3)
    grouped = `${fixed.slice(Math.max(0, end - 3), end)},${grouped}`
  return `${negative && Number(digits) !== 0 ? '-' : ''}$${grouped}.${fixed.slice(point)}`
}

/** The same text as `usd` in core/decimal ("$1,234.50", "-$3.00"), without a Decimal. */
export const exactUsd = (x: Exact): string => usdOfCents(absCents(x).toString(), x.n < 0n)

/** Adds one to a string of digits ("0999" → "1000"). */
function incremented(digits: string): string {
  let i = digits.length - 1
  while (i >= 0 && digits.charCodeAt(i) === 57) i--
  if (i < 0) return `1${'0'.repeat(digits.length)}`
  return `${digits.slice(0, i)}${String.fromCharCode(digits.charCodeAt(i) + 1)}${'0'.repeat(digits.length - i - 1)}`
}

/**
 * `exactUsd` of decimal text, e.g. "1234.5" → "$1,234.50". Plain text is rounded to cents on
 * its digits (half up: the third decimal decides), with no arithmetic at all: messages are
 * rendered on every read, and plain text is what they hold.
 */
export function usdText(text: string): string {
  const negative = text.charCodeAt(0) === 45 // '-'
  let start = negative ? 1 : 0
  const point = text.indexOf('.')
  const end = point === -1 ? text.length : point
  let plain = end > start && point !== text.length - 1
  for (let i = start; plain && i < text.length; i++) {
    const c = text.charCodeAt(i)
    plain = (c >= 48 && c <= 57) || i === point
  }
  if (!plain) {
    const x = parseExact(text)
    return x ? exactUsd(x) : text
  }
  while (end - start > 1 && text.charCodeAt(start) === 48) start++
  const fraction = point === -1 ? '' : text.slice(point + 1)
  let cents = `${text.slice(start, end)}${fraction.slice(0, 2).padEnd(2, '0')}`
  if (fraction.charCodeAt(2) >= 53) cents = incremented(cents)
  while (cents.length > 3 && cents.charCodeAt(0) === 48) cents = cents.slice(1)
  return usdOfCents(cents, negative)
}

/**
 * The double nearest x, as Decimal#toNumber gives it: a safe integer over an exact power of
 * ten divides to the same correctly rounded double.
 */
export function exactToNumber(x: Exact): number {
  const small = x.n <= 9_007_199_254_740_991n && x.n >= -9_007_199_254_740_991n
  return small && x.scale < NUMBER_POW10.length
    ? Number(x.n) / NUMBER_POW10[x.scale]!
    : Number(`${x.n}e-${x.scale}`)
}

/** part / whole as a percentage for a message, e.g. "5.99%" (display only: never compared). */
export const percentText = (part: Exact, whole: Exact): string =>
  `${Number(Math.max(0, (exactToNumber(part) / exactToNumber(whole)) * 100).toFixed(2))}%`
