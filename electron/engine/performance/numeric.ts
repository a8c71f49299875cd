/**
 * Float64 building blocks for the statistics: a compensated sum, quantiles and a growing sample.
 */

/**
 * A running sum with Neumaier's compensation: the result is as good as summing the exact values
 * and rounding once, for any realistic list. Returns and other ratios use it; money is summed
 * in the engine's decimal type (stats.ts), exact like the ledger.
 */
export class CompensatedSum {
  private sum = 0
  private compensation = 0

  add(x: number): void {
    const t = this.sum + x
    this.compensation += Math.abs(this.sum) >= Math.abs(x) ? this.sum - t + x : x - t + this.sum
    this.sum = t
  }

  get value(): number {
    return this.sum + this.compensation
  }
}

/**
 * Collects why metrics are undefined: `value(undefinedWhen, key, reason, compute)` is null, with
 * the reason noted under `key`, when `undefinedWhen` holds, and `compute()` otherwise.
 */
export function undefinedReasons<K extends string>() {
  const reasons: Partial<Record<K, string>> = {}
  const value = (
    undefinedWhen: boolean,
    key: K,
    reason: string,
    compute: () => number,
  ): number | null => {
    if (!undefinedWhen) return compute()
    reasons[key] = reason
    return null
  }
  return { reasons, value }
}

/**
 * The p-quantile (0 ≤ p ≤ 1) of sorted values with linear interpolation between closest ranks
 * (numpy's default, Hyndman–Fan type 7): p = 0.5 is the usual median.
 */
export function quantile(sorted: ArrayLike<number>, p: number): number {
  const h = (sorted.length - 1) * p
  const lo = Math.floor(h)
  const a = sorted[lo] as number
  const b = sorted[Math.min(lo + 1, sorted.length - 1)] as number
  return h === lo ? a : a + (h - lo) * (b - a)
}

/**
 * A sample that grows one value at a time in O(log n), with its running median kept in two
 * heaps (the lower half negated in a min-heap, the upper half in another), so the median reads
 * in O(1). Other quantiles are computed on read: one sort, kept until the next value arrives.
 */
export class Samples {
  private readonly lower = new MinHeap() // negated values of the lower half
  private readonly upper = new MinHeap()
  private readonly total = new CompensatedSum()
  private sorted: Float64Array | null = null

  /**
   * Values not yet in the heaps: a sample read back at start takes its values at once and
   * builds its heaps (one sort) only when a median or quantile is first read, so a start pays
   * neither a heap push per value nor the sort.
   */
  private deferred: number[] | null = null

  /** A sample of `values` (in the order they came): the same as adding them one by one. */
  static of(values: number[]): Samples {
    const samples = new Samples()
    for (const x of values) samples.total.add(x)
    samples.deferred = values
    return samples
  }

  /** Puts deferred values in the heaps: an ascending array is a min-heap. */
  private build(): void {
    const values = this.deferred
    if (values === null) return
    this.deferred = null
    const sorted = Float64Array.from(values).sort()
    const half = Math.ceil(sorted.length / 2)
    // The lower half negated and reversed, the upper half as is.
    const lower: number[] = []
    for (let i = half - 1; i >= 0; i--) lower.push(-(sorted[i] as number))
    this.lower.load(lower)
    this.upper.load(Array.from(sorted.subarray(half)))
  }

  add(x: number): void {
    if (this.deferred !== null) {
      this.deferred.push(x)
      this.total.add(x)
      this.sorted = null
      return
    }
    if (this.lower.size === 0 || x <= -this.lower.top) this.lower.push(-x)
    else this.upper.push(x)
    // Keep the lower half as large as the upper one, or one larger.
    if (this.lower.size > this.upper.size + 1) this.upper.push(-this.lower.pop())
    else if (this.upper.size > this.lower.size) this.lower.push(-this.upper.pop())
    this.total.add(x)
    this.sorted = null
  }

  get count(): number {
    return this.deferred?.length ?? this.lower.size + this.upper.size
  }

  /** The mean, or null when empty. */
  mean(): number | null {
    return this.count === 0 ? null : this.total.value / this.count
  }

  /** The median (the mean of the middle two for an even count), or null when empty. */
  median(): number | null {
    if (this.count === 0) return null
    this.build()
    return this.lower.size > this.upper.size
      ? -this.lower.top
      : (-this.lower.top + this.upper.top) / 2
  }

  /** The p-quantile (type 7), or null when empty. */
  quantile(p: number): number | null {
    if (this.count === 0) return null
    this.build()
    if (this.sorted === null) {
      const values = new Float64Array(this.count)
      this.lower.forEach((v, i) => (values[i] = -v))
      this.upper.forEach((v, i) => (values[this.lower.size + i] = v))
      this.sorted = values.sort()
    }
    return quantile(this.sorted, p)
  }
}

/** A binary min-heap of numbers. */
class MinHeap {
  private items: number[] = []

  /** Takes `items`, already in heap order (an ascending array is). */
  load(items: number[]): void {
    this.items = items
  }

  get size(): number {
    return this.items.length
  }

  get top(): number {
    return this.items[0] as number
  }

  forEach(visit: (value: number, index: number) => void): void {
    this.items.forEach(visit)
  }

  push(x: number): void {
    const items = this.items
    let i = items.length
    items.push(x)
    while (i > 0) {
      const parent = (i - 1) >> 1
      if ((items[parent] as number) <= x) break
      items[i] = items[parent] as number
      i = parent
    }
    items[i] = x
  }

  pop(): number {
    const items = this.items
    const top = items[0] as number
    const last = items.pop() as number
    const n = items.length
    if (n === 0) return top
    let i = 0
    for (;;) {
      const left = 2 * i + 1
      if (left >= n) break
      const right = left + 1
      const child = right < n && (items[right] as number) < (items[left] as number) ? right : left
      if ((items[child] as number) >= last) break
      items[i] = items[child] as number
      i = child
    }
    items[i] = last
    return top
  }
}
