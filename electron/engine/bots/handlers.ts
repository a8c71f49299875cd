/** The bot commands: the list, a heartbeat, a bot's setting, and lifting a halt. */
import { ok } from '../../../shared/result'
import type { Handlers } from '../core'
import type { BotWatch } from './watch'

/** Answers the bot commands. */
export function botHandlers(
  watch: BotWatch,
): Handlers<'bots:list' | 'bots:heartbeat' | 'bots:set' | 'bots:resume'> {
  return {
    'bots:list': () => ok(watch.status()),
    'bots:heartbeat': ({ name, intervalSeconds }) => watch.heartbeat(name, intervalSeconds),
    'bots:set': ({ name, onQuiet }) => watch.set(name, onQuiet),
    'bots:resume': ({ name, reason }) => watch.resume(name, reason.trim()),
  }
}
