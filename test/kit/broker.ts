/**
 * A broker that passes every call to another, except the ones a test overrides: for faults
 * and lies the engine must notice.
 */
import type { Broker } from '../../electron/engine/brokers'

/** `broker` with some methods replaced. */
export function delegate(broker: Broker, overrides: Partial<Broker>): Broker {
  return {
    placeOrder: (r) => broker.placeOrder(r),
    fetchOrder: (a, c, s) => broker.fetchOrder(a, c, s),
    cancelOrder: (a, c, s) => broker.cancelOrder(a, c, s),
    takerFeeRate: (a) => broker.takerFeeRate(a),
    feeTier: (a) => broker.feeTier(a),
    positionOf: (a, s) => broker.positionOf(a, s),
    balances: (a) => broker.balances(a),
    openOrders: (a) => broker.openOrders(a),
    subscribe: (l) => broker.subscribe(l),
    ...overrides,
  }
}
