/**
 * The validation plan's size band: an enrolled account's orders that add exposure must be
 * worth from the band's minimum to its maximum (phase 1 $10–50, phase 2 $50–200 by default).
 * A sale of what is held passes whatever its size, so the plan never traps a position.
 */
import { cmp, exactText, parseExact } from '../../core'
import { unknownValues, type GateRule } from './context'

export const sizeBand: GateRule = {
  name: 'size_band',
  appliesTo: (input) => input.sizeBand != null,
  check: (ctx) => {
    const band = ctx.input.sizeBand!
    const bandValues = { phase: band.phase, min: band.min, max: band.max ?? 'none' }
    if (ctx.reducing) return { code: 'OK', values: { ...bandValues, reducing: true } }
    if (!ctx.ready) return { code: 'NOT_EVALUATED', values: unknownValues(ctx) }
    const value = exactText(ctx.notional)
    const min = parseExact(band.min)
    const max = band.max === null ? null : parseExact(band.max)
    if (min && cmp(ctx.notional, min) < 0)
      return { code: 'BELOW_SIZE_BAND', values: { ...bandValues, value } }
    if (max && cmp(ctx.notional, max) > 0)
      return { code: 'ABOVE_SIZE_BAND', values: { ...bandValues, value } }
    return { code: 'OK', values: { ...bandValues, value } }
  },
}
