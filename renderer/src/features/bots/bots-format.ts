/**
 * Words of the Bots screen: each bot's state with its reason, and the commands a bot runs to
 * name itself and send its heartbeat.
 */
import { BOT_HEADER, type BotView } from '../../../../shared/bots'
import { describeAge } from '../../lib/health-format'
import { formatClockTime } from '../../lib/format'

/** A bot's state as the table shows it: a label, its tone and why. */
export interface BotStateText {
  readonly key: 'halted' | 'quiet' | 'alive' | 'no-heartbeat'
  readonly label: string
  readonly reason: string
}

/** "5 s", "2 min", "1 h 30 min", "1 day". */
export function intervalText(seconds: number): string {
  if (seconds < 60) return `${seconds} s`
  if (seconds < 3_600)
    return seconds % 60
      ? `${Math.floor(seconds / 60)} min ${seconds % 60} s`
      : `${seconds / 60} min`
  const h = Math.floor(seconds / 3_600)
  const min = Math.round((seconds % 3_600) / 60)
  if (h >= 24 && min === 0 && h % 24 === 0) return h === 24 ? '1 day' : `${h / 24} days`
  return min ? `${h} h ${min} min` : `${h} h`
}

/** What state the bot is in, who or what put it there, and the way out. */
export function botState(bot: BotView, now: number): BotStateText {
  const every = bot.heartbeatSeconds === null ? '' : intervalText(bot.heartbeatSeconds)
  if (bot.halted)
    return {
      key: 'halted',
      label: `Halted since ${formatClockTime(bot.halted.at)}`,
      reason: `${bot.halted.reason} Its new orders are refused and its resting ones were canceled; ${
        bot.quietSince === null ? 'its heartbeat is back, ' : ''
      }resume it to let it trade.`,
    }
  if (bot.quietSince !== null)
    return {
      key: 'quiet',
      label: `Quiet since ${formatClockTime(bot.quietSince)}`,
      reason:
        `No heartbeat for ${describeAge(now - bot.quietSince).replace(' ago', '')}; it promised one every ${every}. ${
          bot.onQuiet === 'halt' ? '' : 'Its orders keep working.'
        }`.trim(),
    }
  if (bot.heartbeatSeconds === null || bot.lastHeartbeat === null)
    return {
      key: 'no-heartbeat',
      label: 'No heartbeat',
      reason: 'It sends no heartbeat, so Vigil cannot tell when it stops.',
    }
  return {
    key: 'alive',
    label: 'Alive',
    reason: `Heartbeat ${describeAge(now - bot.lastHeartbeat)}, every ${every}.`,
  }
}

/** The commands a bot runs: an order naming itself, and its heartbeat. */
export function botCurls(origin: string): { readonly order: string; readonly heartbeat: string } {
  const auth = '-H "Authorization: Bearer YOUR_API_TOKEN" -H "Content-Type: application/json"'
  return {
    order:
      `curl -X POST ${origin}/api/v1/orders ${auth} -H "${BOT_HEADER}: grid-bot" ` +
      `-d '{"symbol":"BTC-USD","side":"buy","type":"market","quantity":"0.001"}'`,
    heartbeat:
      `curl -X POST ${origin}/api/v1/bots/grid-bot/heartbeat ${auth} ` +
      `-d '{"intervalSeconds":30}'`,
  }
}

/** The realized-PnL definition, for the column's tooltip. */
export const PNL_DEFINITION =
  "What the bot's own fills realized, net of their fees, in USD: average cost per account and symbol from the bot's own buys; a sale beyond what the bot bought realizes only its fee for the bot."
