/**
 * Bots: the trader's own programs that trade through the REST API, each naming itself on its
 * calls. The bots fold (orders, fills, refusals, realized PnL and fees, heartbeat, quiet and
 * halt per bot), the watch that notices a bot gone quiet, and the bot commands.
 */
export { BotBook, botsFold, graceSeconds, type BotState, type BotsState } from './book'
export { BotWatch, duration, quietMessage, type BotWatchDeps } from './watch'
export { botHandlers } from './handlers'
