/**
 * The order and trading-state commands: orders placed, estimated, dry-run through the gate,
 * listed and canceled; trading states set by hand; and the kill switch.
 */
import type { KillSwitchReport, Order } from '../../../shared/types'
import { err, ok, type Result } from '../../../shared/result'
import type { Handlers } from '../core'
import type { Ledger } from '../ledger'
import type { TradingStates } from '../resilience'
import type { OrderService } from './order-service'

/** Orders and fills a list answers with at most, by default. */
const LIST_LIMIT = 500

/** What the order commands work with. */
export interface OrderHandlerDeps {
  readonly orders: OrderService
  readonly ledger: Ledger
  readonly trading: TradingStates
  readonly resolve: (accountId: string | undefined) => Result<string>
  /** The order-size fraction a recovery set by hand starts at (the breaker's first step). */
  readonly firstRecoveryStep: number
}

/** The order and trading commands. */
export function orderHandlers(
  deps: OrderHandlerDeps,
): Handlers<
  | 'orders:submit'
  | 'orders:estimate'
  | 'orders:check'
  | 'costs:estimate'
  | 'orders:get'
  | 'orders:list'
  | 'fills:list'
  | 'orders:cancel'
  | 'trading:set-state'
  | 'trading:kill-switch'
> {
  const { orders, ledger, trading, resolve } = deps
  const listOf =
    (what: 'orders' | 'fills') =>
    ({ accountId, limit }: { accountId?: string | undefined; limit?: number | undefined }) => {
      const account = accountId ? resolve(accountId) : ok(undefined)
      if (!account.ok) return account
      return ok(ledger[what](account.value, limit ?? LIST_LIMIT))
    }
  return {
    'orders:submit': (payload, context) => {
      const account = resolve(payload.accountId)
      return account.ok
        ? orders.submit(account.value, payload, context.source, context.bot)
        : account
    },
    'orders:estimate': (payload) => {
      const account = resolve(payload.accountId)
      return account.ok ? orders.estimate(account.value, payload) : account
    },
    'orders:check': (payload, context) => {
      const account = resolve(payload.accountId)
      return account.ok ? orders.check(account.value, payload, context.bot) : account
    },
    'costs:estimate': (payload) => {
      const account = resolve(payload.accountId)
      return account.ok ? ok(orders.expectedCost(account.value, payload)) : account
    },
    'orders:get': ({ accountId, id }) => {
      const order = accountId ? ledger.findOrder(accountId, id) : ledger.findOrderAnywhere(id)
      return order ? ok(order) : err('NOT_FOUND', `No order with id or client order id "${id}".`)
    },
    'orders:list': listOf('orders') as Handlers<'orders:list'>['orders:list'],
    'fills:list': listOf('fills') as Handlers<'fills:list'>['fills:list'],
    'orders:cancel': ({ accountId, id }) => {
      const account = resolve(accountId)
      return account.ok ? orders.cancel(account.value, id) : account
    },
    'trading:set-state': async ({ accountId, global, state, reason }) => {
      let scope: string | null = null
      if (!global) {
        const account = resolve(accountId)
        if (!account.ok) return account
        scope = account.value
      }
      // Resuming by hand goes through recovery at the first step, unless forced ACTIVE.
      await trading.set(
        scope,
        state,
        reason,
        'operator',
        state === 'RECOVERING' ? deps.firstRecoveryStep : null,
      )
      return ok(trading.status())
    },
    'trading:kill-switch': async ({ closePositions, reason }) =>
      ok(await killSwitch(deps, closePositions, reason)),
  }
}

/** The reason journaled on an order the kill switch canceled, with the trader's reason. */
export function canceledBy(reason: string): string {
  const why = reason.trim().replace(/\.$/, '')
  return why ? `Canceled by the kill switch (${why}).` : 'Canceled by the kill switch.'
}

/**
 * The kill switch: nothing new may open (REDUCE_ONLY everywhere), every open order is
 * canceled, every position is sold if asked, and then trading is HALTED everywhere.
 */
async function killSwitch(
  { orders, ledger, trading }: OrderHandlerDeps,
  closePositions: boolean,
  reason: string,
): Promise<KillSwitchReport> {
  const why = `Kill switch: ${reason}`
  await trading.set(null, closePositions ? 'REDUCE_ONLY' : 'HALTED', why, 'kill-switch')
  const problems: string[] = []
  let canceled = 0
  const working = ledger.listAccounts().flatMap((a) => ledger.workingOrders(a.id))
  for (const o of working.sort((a, b) => b.seq - a.seq)) {
    const result = await orders.cancel(o.accountId, o.id, canceledBy(reason))
    if (result.ok && result.value.status === 'canceled') canceled += 1
    else if (!result.ok) problems.push(`${o.id}: ${result.error.message}`)
  }
  const closing: Order[] = []
  if (closePositions) {
    for (const p of ledger.positions()) {
      const result = await orders.submit(
        p.accountId,
        { symbol: p.symbol, side: 'sell', type: 'market', quantity: p.quantity },
        'ticket',
      )
      if (result.ok) closing.push(result.value)
      else
        problems.push(
          `closing ${p.quantity} ${p.symbol} in ${p.accountId}: ${result.error.message}`,
        )
    }
    await trading.set(null, 'HALTED', why, 'kill-switch')
  }
  return { canceled, closing, problems, status: trading.status() }
}
