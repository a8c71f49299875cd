/**
 * The bot watch: notes every call that names a bot, takes heartbeats, and on the engine's
 * clock marks a bot quiet when no heartbeat came within its interval plus the grace (the "bot
 * went quiet" rule's threshold, 10 s by default). Going quiet is journaled and raises the
 * rule's alert when the rule is on. A bot set to halt is halted too, even with the rule off:
 * its resting orders are canceled and the gate refuses its new ones until the trader resumes
 * it. A heartbeat after quiet clears the alert, but never lifts a halt: only the trader does.
 *
 * Journaled: a bot's first call, its first heartbeat, a heartbeat that changes the interval or
 * comes back from quiet, going quiet, its setting, a resume. Not journaled: the heartbeats in
 * between and calls that are not orders (the latest of each is kept in memory and in the
 * snapshot, written every minute and at a clean stop). After a restart each bot gets one full
 * interval plus the grace from the start before it is called quiet: Vigil could not hear it
 * while it was down.
 */
import { MAX_BOTS, type BotOnQuiet, type BotView, type BotsStatus } from '../../../shared/bots'
import type { EngineEvent } from '../../../shared/contract'
import { err, ok, type Result } from '../../../shared/result'
import type { AlertItem, AlertRule } from '../../../shared/performance'
import type { Alert } from '../../../shared/types'
import type { Clock, TimerHandle } from '../core'
import type { Recorder } from '../journal'
import { graceSeconds, type BotBook } from './book'

/** What the watch works with. */
export interface BotWatchDeps {
  readonly clock: Clock
  readonly book: BotBook
  readonly recorder: Recorder
  readonly bus: { publish(event: EngineEvent): void }
  /** The alert rules (the "bot went quiet" rule), by their shape. */
  readonly alertLog: { readonly rules: readonly AlertRule[] }
  /** Raises and clears alerts (the alert center, by its shape). */
  readonly alerts: {
    raise(alert: Omit<Alert, 'id' | 'ts'> & { ruleId?: AlertRule['id'] }): AlertItem
    clear(id: string): void
  }
  /** Cancels a resting order, with the words journaled as why. */
  readonly cancel: (accountId: string, orderId: string, why: string) => Promise<unknown>
}

/** "45 s", "3 min 20 s", "2 h 5 min". */
export function duration(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1_000))
  if (s < 60) return `${s} s`
  const min = Math.floor(s / 60)
  if (min < 60) return s % 60 ? `${min} min ${s % 60} s` : `${min} min`
  return `${Math.floor(min / 60)} h ${min % 60} min`
}

/** Watches the bots. */
export class BotWatch {
  private readonly timers = new Map<string, TimerHandle>()
  /** When each bot's quiet alert last cleared (the rule's cool-down; not kept across restarts). */
  private readonly cleared = new Map<string, number>()
  private closed = false

  constructor(private readonly deps: BotWatchDeps) {
    const start = deps.clock.now()
    for (const name of deps.book.names()) this.arm(name, start)
  }

  status(): BotsStatus {
    return this.deps.book.status(this.grace())
  }

  /**
   * A call named the bot: a new name is journaled (refused past MAX_BOTS), a known one is
   * noted in memory. Every REST call with the X-Vigil-Bot header comes through here first.
   */
  async seen(name: string): Promise<Result<void>> {
    const { book, clock } = this.deps
    if (book.get(name)) {
      book.touch(name, clock.now())
      this.publish()
      return ok(undefined)
    }
    if (book.size >= MAX_BOTS)
      return err(
        'CONFLICT',
        `Vigil keeps at most ${MAX_BOTS} bots and has that many; "${name}" is a new name. Reuse one of the existing names (GET /api/v1/bots lists them).`,
      )
    await this.deps.recorder.commit('bot.seen', { bot: name })
    return ok(undefined)
  }

  /** A heartbeat: the bot is alive and promises the next within `intervalSeconds`. */
  async heartbeat(name: string, intervalSeconds: number): Promise<Result<BotView>> {
    const seen = await this.seen(name)
    if (!seen.ok) return seen
    const { book, clock } = this.deps
    const bot = book.get(name)
    if (!bot) return err('NOT_FOUND', `No bot "${name}".`)
    const now = clock.now()
    const back = bot.quietSince !== null
    if (back || bot.heartbeatSeconds !== intervalSeconds || bot.lastHeartbeat === null) {
      const alert = bot.quietAlert
      await this.deps.recorder.commit('bot.heartbeat', { bot: name, intervalSeconds, back })
      if (alert !== null) {
        this.deps.alerts.clear(alert)
        this.cleared.set(name, now)
      }
    } else {
      book.beat(name, now)
      this.publish()
    }
    this.arm(name, now)
    return ok(book.view(name) as BotView)
  }

  /** What going quiet does to the bot; set to halt while it is quiet, it is halted now. */
  async set(name: string, onQuiet: BotOnQuiet): Promise<Result<BotView>> {
    const bot = this.deps.book.get(name)
    if (!bot) return this.unknown(name)
    if (bot.onQuiet !== onQuiet)
      await this.deps.recorder.commit('bot.settings', {
        bot: name,
        old: { onQuiet: bot.onQuiet },
        new: { onQuiet },
      })
    if (onQuiet === 'halt' && bot.quietSince !== null && bot.halted === null)
      await this.halt(name, bot.quietAlert)
    return ok(this.deps.book.view(name) as BotView)
  }

  /** Lifts the bot's halt: its orders pass the gate again (a quiet bot stays quiet). */
  async resume(name: string, reason: string): Promise<Result<BotView>> {
    const bot = this.deps.book.get(name)
    if (!bot) return this.unknown(name)
    if (bot.halted === null)
      return err('CONFLICT', `Bot ${name} is not halted; its orders already pass the gate.`)
    await this.deps.recorder.commit('bot.resumed', { bot: name, reason })
    return ok(this.deps.book.view(name) as BotView)
  }

  close(): void {
    this.closed = true
    for (const timer of this.timers.values()) timer.cancel()
    this.timers.clear()
  }

  private grace(): number {
    return graceSeconds(this.deps.alertLog)
  }

  /** Sets the bot's quiet timer: its interval plus the grace after its latest heartbeat. */
  private arm(name: string, from: number): void {
    this.timers.get(name)?.cancel()
    this.timers.delete(name)
    const bot = this.deps.book.get(name)
    if (this.closed || !bot || bot.heartbeatSeconds === null || bot.quietSince !== null) return
    const last = Math.max(bot.lastHeartbeat ?? from, from)
    const due = last + (bot.heartbeatSeconds + this.grace()) * 1_000
    const timer = this.deps.clock.setTimeout(
      () => void this.quiet(name).catch(() => undefined),
      Math.max(0, due - this.deps.clock.now()),
    )
    this.timers.set(name, timer)
  }

  /** The bot's time is up: quiet, its alert raised, and halted when it is set to. */
  private async quiet(name: string): Promise<void> {
    this.timers.delete(name)
    const { book, clock, alertLog } = this.deps
    const bot = book.get(name)
    if (this.closed || !bot || bot.heartbeatSeconds === null || bot.quietSince !== null) return
    const now = clock.now()
    const grace = this.grace()
    const last = bot.lastHeartbeat ?? bot.firstSeen
    const rule = alertLog.rules.find((r) => r.id === 'bot_quiet')
    const halting = bot.onQuiet === 'halt' && bot.halted === null
    const cooling = rule && now - (this.cleared.get(name) ?? -Infinity) < rule.cooldownMs
    const alert =
      rule?.enabled && !cooling
        ? this.deps.alerts.raise({
            accountId: null,
            severity: rule.severity,
            kind: 'bot_quiet',
            ruleId: 'bot_quiet',
            message: quietMessage(name, now - last, bot.heartbeatSeconds, grace, halting),
          })
        : null
    await this.deps.recorder.commit('bot.quiet', {
      bot: name,
      lastHeartbeat: last,
      intervalSeconds: bot.heartbeatSeconds,
      graceSeconds: grace,
      halted: halting,
      alertId: alert?.id ?? null,
    })
    if (halting) await this.cancelResting(name)
  }

  /** Halts a bot that is quiet already (its setting changed to halt). */
  private async halt(name: string, alertId: string | null): Promise<void> {
    const bot = this.deps.book.get(name)
    if (!bot || bot.heartbeatSeconds === null) return
    await this.deps.recorder.commit('bot.quiet', {
      bot: name,
      lastHeartbeat: bot.quietSince ?? bot.firstSeen,
      intervalSeconds: bot.heartbeatSeconds,
      graceSeconds: this.grace(),
      halted: true,
      alertId,
    })
    await this.cancelResting(name)
  }

  /** Cancels the bot's resting orders (one still being sent cannot be: it is refused later). */
  private async cancelResting(name: string): Promise<void> {
    const why = `Canceled because bot ${name} went quiet and is set to halt.`
    for (const { accountId, orderId } of this.deps.book.workingOf(name))
      await this.deps.cancel(accountId, orderId, why).catch(() => undefined)
  }

  private unknown(name: string): Result<never> {
    const known = this.deps.book.names()
    return err(
      'NOT_FOUND',
      `No bot "${name}". ${known.length ? `Bots: ${known.slice(0, 20).join(', ')}.` : 'No bot has named itself yet.'}`,
    )
  }

  private publish(): void {
    this.deps.bus.publish({ type: 'bots:status', payload: this.status() })
  }
}

/** The alert's words: the bot, how long it has been quiet, what it promised, what was done. */
export function quietMessage(
  name: string,
  quietMs: number,
  intervalSeconds: number,
  grace: number,
  halted: boolean,
): string {
  const what = halted
    ? 'Halted: its resting orders are canceled and its new orders refused until you resume it on the Bots screen.'
    : 'Its orders keep working; set it to halt on the Bots screen to stop them when it goes quiet.'
  return `Bot ${name} went quiet: no heartbeat for ${duration(quietMs)}; it promised one every ${duration(intervalSeconds * 1_000)} (grace ${grace} s). ${what}`
}
