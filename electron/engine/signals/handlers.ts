/** The strategy commands: start one on an account that may run strategies, stop it. */
import type { Account } from '../../../shared/types'
import { err, ok, type Result } from '../../../shared/result'
import type { Handlers } from '../core'
import type { Ledger } from '../ledger'
import type { StrategyRunners } from './runner'
import { STRATEGIES } from './sma-cross'

/** Starts and stops strategies. */
export function strategyHandlers(
  strategies: StrategyRunners,
  ledger: Ledger,
  resolve: (accountId: string | undefined) => Result<string>,
): Handlers<'strategies:start' | 'strategies:stop'> {
  return {
    'strategies:start': ({ accountId, strategyId, symbol, quantity }) => {
      const account = resolve(accountId)
      if (!account.ok) return account
      const strategy = STRATEGIES.find((s) => s.id === strategyId)
      if (!strategy)
        return err(
          'NOT_FOUND',
          `Unknown strategy "${strategyId}". Strategies: ${STRATEGIES.map((s) => s.id).join(', ')}`,
        )
      const settings = ledger.getAccount(account.value) as Account
      if (!settings.strategiesAllowed)
        return err(
          'FORBIDDEN',
          `Strategies may not trade on ${settings.name}: it is an exchange account and strategies run on paper accounts only, until you allow them for this account.`,
        )
      return ok(strategies.start(account.value, strategy, symbol, quantity))
    },
    'strategies:stop': ({ accountId }) => {
      const account = resolve(accountId)
      if (!account.ok) return account
      const stopped = strategies.stop(account.value)
      return stopped
        ? ok(stopped)
        : err('NOT_FOUND', `No strategy is running on account ${account.value}.`)
    },
  }
}
