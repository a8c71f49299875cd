/**
 * The trader's bots as Vigil sees them: each names itself on its REST calls (the X-Vigil-Bot
 * header), may send a heartbeat with the interval it promises, and is listed with what its
 * orders did. A bot that goes quiet past its interval raises the "bot went quiet" alert and,
 * when set to, is halted: its resting orders canceled and its new ones refused until the
 * trader resumes it.
 */
import type { DecimalString } from './decimal-string'

/** The request header a bot names itself with, on every REST call. */
export const BOT_HEADER = 'X-Vigil-Bot'

/** 1–40 characters: letters, digits, "_", "." and "-", starting with a letter or digit. */
export const BOT_NAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,39}$/

/** What a bot name may be, in words (the 400 of a bad name says it). */
export const BOT_NAME_RULE =
  'a bot name is 1 to 40 characters: letters, digits, "_", "." and "-", starting with a letter or digit (such as grid-bot_1)'

/** The heartbeat intervals a bot may promise, seconds. */
export const HEARTBEAT_MIN_SECONDS = 5
export const HEARTBEAT_MAX_SECONDS = 86_400

/** Bots Vigil keeps at most: a new name beyond them is refused. */
export const MAX_BOTS = 200

/** What Vigil does when a bot goes quiet: raise the alert, or also halt the bot. */
export const BOT_ON_QUIET = ['alert', 'halt'] as const
export type BotOnQuiet = (typeof BOT_ON_QUIET)[number]

/** A bot halted because it went quiet: its orders are refused until the trader resumes it. */
export interface BotHalt {
  /** When it was halted, epoch ms. */
  readonly at: number
  /** Why, in words (the gate's refusal quotes it). */
  readonly reason: string
}

/** One bot as the console and GET /api/v1/bots list it. */
export interface BotView {
  readonly name: string
  /** Its first call naming it, epoch ms. */
  readonly firstSeen: number
  /** Its latest call naming it (an order, a listing, a heartbeat), epoch ms. */
  readonly lastActivity: number
  /** Orders it placed (passed or refused by the gate). */
  readonly ordersPlaced: number
  /** Fills of its orders. */
  readonly fills: number
  /** Its orders the pre-execution gate refused. */
  readonly rejections: number
  /** Its orders still working (pending or open). */
  readonly openOrders: number
  /**
   * Profit or loss its own fills realized, USD, net of their fees: average cost per bot, per
   * account and symbol; a sale beyond what the bot itself bought realizes nothing for it.
   */
  readonly realizedPnl: DecimalString
  /** Fees of its fills, USD. */
  readonly fees: DecimalString
  /** The interval its heartbeat promises, seconds; null before its first heartbeat. */
  readonly heartbeatSeconds: number | null
  /** Its latest heartbeat, epoch ms; null before the first. */
  readonly lastHeartbeat: number | null
  /** Since when it is quiet (no heartbeat within its interval and the grace); null when not. */
  readonly quietSince: number | null
  /** Set while it is halted: its orders are refused until the trader resumes it. */
  readonly halted: BotHalt | null
  readonly onQuiet: BotOnQuiet
}

/** Every bot, and the grace a heartbeat has past its interval before the bot is quiet. */
export interface BotsStatus {
  readonly bots: readonly BotView[]
  /** Seconds past the interval before a bot is quiet (the "bot went quiet" rule's threshold). */
  readonly graceSeconds: number
}
