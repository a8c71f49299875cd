/**
 * The validation plan in a rehearsal: enrolled from the first day, its current phase deciding
 * each strategy's order size, and signed off at the end of each phase when, and only when,
 * its gating criteria pass. A phase that cannot be signed off keeps the plan where it is,
 * with the reasons recorded: that is the honest outcome.
 */
import type { MarketSymbol } from '../../../shared/types'
import type { PhaseNumber, ValidationView } from '../../../shared/validation'
import { call, type RehearsalEngine } from './engine-port'
import { bandTarget, nearTarget, quantityFor } from './sizing'

/** One end-of-phase check: signed off, or why not. */
export interface RehearsalSignOff {
  /** The plan day it was tried on (91: after the last day). */
  readonly day: number
  readonly phase: PhaseNumber
  readonly signedOff: boolean
  /** Why it could not be signed off (the plan's own words); empty when it was. */
  readonly blockers: readonly string[]
}

/** One account's strategy, as the rehearsal runs it. */
export interface RehearsalRunnerSpec {
  readonly accountId: string
  readonly symbol: MarketSymbol
}

/** Plan days at whose start the phase before is signed off (phase 3 after the last day). */
export const SIGN_OFF_DAYS: Readonly<Record<number, PhaseNumber>> = { 31: 1, 61: 2, 91: 3 }

export class RehearsalPlan {
  /** The quantity each account's strategy runs with now. */
  private readonly quantities = new Map<string, string>()
  /** The phase the strategies are sized for, and the phase the plan is in now. */
  private sizedFor: ValidationView['phase'] = null
  private phaseNow: ValidationView['phase'] = null
  readonly signOffs: RehearsalSignOff[] = []

  constructor(
    private readonly engine: RehearsalEngine,
    private readonly strategyId: string,
    private readonly accounts: readonly RehearsalRunnerSpec[],
    private readonly price: (symbol: MarketSymbol) => number,
  ) {
    // A phase change (a sign-off, or a roll-back after a critical failure) re-sizes at once.
    engine.subscribe((e) => {
      if (e.type === 'validation:changed') this.phaseNow = e.payload.phase
    })
  }

  /** Whether the plan changed phase since the strategies were sized. */
  get phaseChanged(): boolean {
    return this.phaseNow !== null && this.phaseNow !== this.sizedFor
  }

  /** Starts the plan on `startDay` for the rehearsal's accounts, before the first candle. */
  async enrol(startDay: string): Promise<void> {
    await call(this.engine, 'validation:set-plan', {
      startDay,
      accounts: this.accounts.map((a) => a.accountId),
      reason: 'rehearsal',
    })
  }

  /** Starts (or restarts) each strategy with a size in the current phase's band. */
  async size(force = false): Promise<void> {
    const view = await call(this.engine, 'validation:get', {})
    const phase = view.phase === 'complete' || view.phase === null ? 3 : view.phase
    const band = view.settings.bands[phase]
    force ||= view.phase !== this.sizedFor
    this.sizedFor = this.phaseNow = view.phase
    for (const { accountId, symbol } of this.accounts) {
      const limits = await call(this.engine, 'limits:get', { accountId })
      const usd = bandTarget(band, limits)
      const price = this.price(symbol)
      const now = this.quantities.get(accountId)
      if (!force && now !== undefined && nearTarget(now, price, usd)) continue
      const quantity = quantityFor(symbol, price, usd)
      if (now !== undefined) await call(this.engine, 'strategies:stop', { accountId })
      await call(this.engine, 'strategies:start', {
        accountId,
        strategyId: this.strategyId,
        symbol,
        quantity,
      })
      this.quantities.set(accountId, quantity)
    }
  }

  /**
   * At the start of `day`: if the phase due then can be signed off, sign it off and size the
   * strategies for the next band (what they hold is sold whatever its size: the gate's band
   * never traps a position); if not, record why and leave the plan where it is.
   */
  async checkpoint(day: number): Promise<void> {
    const due = SIGN_OFF_DAYS[day]
    if (due === undefined) return
    const view = await call(this.engine, 'validation:get', {})
    const phase = view.phase
    if (phase === null || phase === 'complete') return
    const current = view.phases.find((p) => p.phase === phase)
    if (!current?.canSignOff.ok) {
      const blockers = current?.canSignOff.blockers ?? [`Phase ${phase} is not in the plan.`]
      this.signOffs.push({ day, phase, signedOff: false, blockers })
      return
    }
    await call(this.engine, 'validation:sign-off', {
      phase,
      by: 'rehearsal',
      note: `signed off by the rehearsal on day ${day}`,
    })
    this.signOffs.push({ day, phase, signedOff: true, blockers: [] })
    if (day < 91) await this.size(true)
  }

  /** The plan as it stands. */
  view(): Promise<ValidationView> {
    return call(this.engine, 'validation:get', {})
  }
}
