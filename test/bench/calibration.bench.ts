/**
 * Calibration of the slippage model, measured: the robust fit over 100,000 fills (checked and
 * fitted, with 24 hour-of-day bucket factors), and the online path, one fill added to a full
 * 1,000-fill window and the window refitted.
 */
import { performance } from 'node:perf_hooks'
import { createRandom } from '../../electron/engine/core'
import {
  CalibrationWindow,
  fitCalibration,
  type CalibrationFill,
} from '../../electron/engine/costs'
import type { BenchResult } from './harness'

const FILLS = 100_000
const RUNS = 7
const TRUE_IMPACT = 0.7

/** Taker fills on a = 1, Y = 0.7 with 1 bps of noise and 2 % outliers 50 bps dear. */
function syntheticFills(seed: number, count: number): CalibrationFill[] {
  const random = createRandom(seed)
  return Array.from({ length: count }, (_, i) => {
    const halfSpreadBps = 0.5 + 2.5 * random.next()
    const participation = Math.exp(Math.log(1e-6) + random.next() * Math.log(1_000))
    const dailyVolatility = 0.03
    const impact = TRUE_IMPACT * dailyVolatility * Math.sqrt(participation) * 1e4
    const outlier = random.next() < 0.02 ? 50 : 0
    return {
      actualBps: halfSpreadBps + impact + random.normal() + outlier,
      halfSpreadBps,
      dailyVolatility,
      participation,
      bucket: `h${String(i % 24).padStart(2, '0')}`,
    }
  })
}

/** The fit over 100,000 fills, and a refit of a full window per fill arriving. */
export function benchCalibration(): BenchResult[] {
  const fills = syntheticFills(1, FILLS)
  fitCalibration(fills) // warm up: the first run pays for compiling the code
  const batch: number[] = []
  for (let run = 0; run < RUNS; run++) {
    const t0 = performance.now()
    const c = fitCalibration(fills)
    batch.push(performance.now() - t0)
    if (c.status !== 'fitted' || Math.abs(c.impact.value / TRUE_IMPACT - 1) > 0.05)
      throw new Error(
        `the calibration missed Y = ${TRUE_IMPACT}: ${JSON.stringify(c).slice(0, 200)}`,
      )
  }
  const window = new CalibrationWindow()
  for (const fill of fills.slice(0, window.size)) window.add(fill)
  window.fit()
  const online: number[] = []
  for (let run = 0; run < RUNS; run++) {
    const arriving = fills.slice(window.size + run * 200, window.size + (run + 1) * 200)
    const t0 = performance.now()
    for (const fill of arriving) {
      window.add(fill)
      window.fit()
    }
    online.push((performance.now() - t0) / arriving.length)
  }
  return [
    {
      name: 'calibration fit, 100,000 fills',
      unit: 'ms',
      samples: batch,
      target: { value: 1_000, lowerIsBetter: true },
      note: 'checks every fill, Huber IRLS with sandwich errors, 24 hour-of-day bucket factors',
    },
    {
      name: 'calibration refit per arriving fill, 1,000-fill window',
      unit: 'ms',
      samples: online,
      note: 'one fill added to a full window, the window refitted',
    },
  ]
}
