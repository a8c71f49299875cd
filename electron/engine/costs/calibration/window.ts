/**
 * The online form: the engine adds each fill as it arrives and reads the fit when it needs it,
 * without going back over its history. The Huber fit has no sufficient statistics (its weights
 * depend on every residual), so the window keeps the last `size` checked rows and refits them
 * when asked after a change (O(size) per refit, about a millisecond at the default size).
 *
 * Size: DEFAULT_CALIBRATION_WINDOW = 1,000 fills. The state is bounded by it (four numbers and a
 * short label a fill, some tens of kilobytes), whatever the history. It is big enough that the
 * fit's uncertainty is small (the simulator recovers Y within 10 % from a few hundred fills,
 * calibration-simulator.test.ts) and small enough to follow the market: at 10–30 fills a day it
 * spans one to three months, inside the 90-day validation horizon, so a change of regime
 * replaces the old fills within weeks (reference §2.1 suggests forgetting on the scale of ~100
 * fills; a window of 1,000 trades some of that speed for a steadier Y).
 *
 * toState / fromState give plain JSON for a journal fold.
 */
import { calibrationRow, MAX_BUCKET_LABEL, type CalibrationFill, type CalibrationRow } from './fill'
import { fitRows, MIN_CALIBRATION_FILLS, type Calibration } from './fit'

/** Fills the window keeps by default (see the file's comment). */
export const DEFAULT_CALIBRATION_WINDOW = 1_000
/** The largest window allowed: keeps the state and a refit small. */
export const MAX_CALIBRATION_WINDOW = 10_000

/** The window's state as plain JSON: its size and rows, oldest first ([y, halfSpread, x, bucket]). */
export interface CalibrationWindowState {
  readonly size: number
  readonly rows: readonly (readonly [number, number, number, string | null])[]
}

/** Checks a window size; the reason when it is not allowed. */
export function windowSizeProblem(size: unknown): string | null {
  return typeof size === 'number' &&
    Number.isInteger(size) &&
    size >= MIN_CALIBRATION_FILLS &&
    size <= MAX_CALIBRATION_WINDOW
    ? null
    : `The calibration window must be a whole number of fills from ${MIN_CALIBRATION_FILLS} to ${MAX_CALIBRATION_WINDOW}, got ${String(size)}.`
}

export class CalibrationWindow {
  /** Ring buffer: `start` is the oldest row once full. */
  private readonly rows: CalibrationRow[] = []
  private start = 0
  private cached: Calibration | null = null

  constructor(readonly size = DEFAULT_CALIBRATION_WINDOW) {
    const problem = windowSizeProblem(size)
    if (problem !== null) throw new RangeError(problem)
  }

  /** Fills held (at most `size`). */
  get count(): number {
    return this.rows.length
  }

  /**
   * Adds a fill, dropping the oldest when full; a fill that cannot be used changes nothing and
   * its reason is returned.
   */
  add(
    fill: CalibrationFill,
  ): { readonly added: true } | { readonly added: false; readonly problem: string } {
    const checked = calibrationRow(fill)
    if ('problem' in checked) return { added: false, problem: checked.problem }
    this.push(checked.row)
    return { added: true }
  }

  /** The fit of the fills held; refitted only after a change. */
  fit(): Calibration {
    this.cached ??= fitRows(this.ordered())
    return this.cached
  }

  toState(): CalibrationWindowState {
    return {
      size: this.size,
      rows: this.ordered().map((r) => [r.y, r.halfSpread, r.x, r.bucket] as const),
    }
  }

  /** The window a state describes; rows that are not well formed are left out. */
  static fromState(state: CalibrationWindowState): CalibrationWindow {
    const size = windowSizeProblem(state?.size) === null ? state.size : DEFAULT_CALIBRATION_WINDOW
    const window = new CalibrationWindow(size)
    const rows = Array.isArray(state?.rows) ? state.rows : []
    const good = rows.filter((row) => {
      if (!Array.isArray(row) || row.length !== 4) return false
      const [y, halfSpread, x, bucket] = row
      if (![y, halfSpread, x].every((v) => typeof v === 'number' && Number.isFinite(v)))
        return false
      if (halfSpread < 0 || x <= 0) return false
      return (
        bucket === null ||
        (typeof bucket === 'string' && bucket.length > 0 && bucket.length <= MAX_BUCKET_LABEL)
      )
    })
    for (const [y, halfSpread, x, bucket] of good.slice(-size))
      window.push({ y, halfSpread, x, bucket })
    return window
  }

  private push(row: CalibrationRow): void {
    if (this.rows.length < this.size) this.rows.push(row)
    else {
      this.rows[this.start] = row
      this.start = (this.start + 1) % this.size
    }
    this.cached = null
  }

  private ordered(): CalibrationRow[] {
    return this.start === 0
      ? [...this.rows]
      : [...this.rows.slice(this.start), ...this.rows.slice(0, this.start)]
  }
}
