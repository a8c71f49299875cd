/**
 * The checks that the account can be trusted with an order now: its position tracker, its
 * reconciliation with the broker, the journal behind it, and the orders it still has working.
 */
import type { CheckOutcome, GateRule } from './context'

/** The account is loaded and connected, so the position it tracks is the broker's. */
export const positionTracker: GateRule = {
  name: 'position_tracker',
  check: ({ input }) =>
    input.trackerProblem === null
      ? { code: 'OK' }
      : { code: 'TRACKER_UNAVAILABLE', values: { problem: input.trackerProblem } },
}

/** An open reconciliation finding blocks the account until the trader resolves it. */
export const reconciliation: GateRule = {
  name: 'reconciliation',
  check: ({ input }) => {
    const block = input.reconciliationBlock
    return block === null
      ? { code: 'OK' }
      : {
          code: 'RECONCILIATION_OPEN',
          values: { open: block.open, finding: block.first.id, about: block.first.message },
        }
  },
}

/** Orders wait until the journal written before the last snapshot has been verified. */
export const journalVerified: GateRule = {
  name: 'journal_verified',
  check: ({ input }) => ({ code: input.journalVerified ? 'OK' : 'JOURNAL_UNVERIFIED' }),
}

/** The pending-order rule: one working order per symbol, or per symbol and side, or off. */
export const pendingOrders: GateRule = {
  name: 'pending_orders',
  check: ({ input }): CheckOutcome => {
    const rule = input.limits.pendingOrderRule
    if (rule !== 'off')
      for (const o of input.workingOrders) {
        if (o.symbol !== input.symbol || (rule !== 'per-symbol' && o.side !== input.side)) continue
        return { code: 'DUPLICATE_PENDING', values: { rule, order: o.id } }
      }
    return { code: 'OK', values: { rule } }
  },
}

/**
 * An order naming a bot: refused while the bot is halted (it went quiet and is set to halt),
 * until the trader resumes it. Only orders that name a bot are checked.
 */
export const botHalt: GateRule = {
  name: 'bot',
  appliesTo: (input) => input.bot != null,
  check: ({ input }): CheckOutcome => {
    const bot = input.bot
    if (!bot) return { code: 'OK' }
    return bot.haltedAt === null
      ? { code: 'OK', values: { bot: bot.name } }
      : { code: 'BOT_HALTED', values: { bot: bot.name, at: bot.haltedAt } }
  },
}
