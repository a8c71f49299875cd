import { describe, expect, it } from 'vitest'
import { COMMAND_NAMES, parseCommand } from '../../../shared/contract'

const order = {
  clientOrderId: 'c1',
  symbol: 'BTC-USD',
  side: 'buy',
  type: 'market',
  quantity: '0.01',
}
const reason = (name: string, payload: unknown): string => {
  const r = parseCommand(name, payload)
  return r.ok ? 'accepted' : `${r.error.code}: ${r.error.message}`
}

describe('contract validation', () => {
  it('accepts a well-formed order', () => {
    expect(reason('orders:submit', order)).toBe('accepted')
  })

  it('says which field is wrong and what is allowed', () => {
    expect(reason('orders:submit', { ...order, quantity: 0.01 })).toMatch(
      /quantity: must be a decimal number written as a string.*got number 0\.01/,
    )
    expect(reason('orders:submit', { ...order, quantity: '1e5' })).toMatch(
      /quantity: must be a plain decimal/,
    )
    expect(reason('orders:submit', { ...order, symbol: 'DOGE-USD' })).toMatch(
      /symbol: must be one of BTC-USD, ETH-USD, SOL-USD/,
    )
    expect(reason('orders:submit', { ...order, side: 'hold' })).toMatch(
      /side: must be one of buy, sell/,
    )
    expect(reason('orders:submit', { ...order, type: 'stop' })).toMatch(
      /type: must be one of market, limit/,
    )
    expect(reason('orders:submit', { ...order, type: 'limit' })).toMatch(
      /limitPrice: is required for a limit order/,
    )
    expect(reason('orders:submit', { ...order, limitPrice: '50000' })).toMatch(
      /limitPrice: is only for limit orders/,
    )
    expect(reason('orders:submit', { ...order, leverage: 10 })).toMatch(/unknown field "leverage"/)
    expect(reason('orders:submit', { symbol: 'BTC-USD', side: 'buy', type: 'market' })).toMatch(
      /quantity: is required/,
    )
    expect(reason('orders:submit', [order])).toMatch(/must be a JSON object/)
    expect(
      reason(
        'orders:submit',
        JSON.parse(
          '{"__proto__":{"x":1},"symbol":"BTC-USD","side":"buy","type":"market","quantity":"1"}',
        ),
      ),
    ).toMatch(/unknown field "__proto__"/)
  })

  it('refuses names outside the contract and lists the allowed ones', () => {
    expect(reason('orders:delete-all', {})).toMatch(
      /^UNKNOWN_COMMAND: Unknown command "orders:delete-all". Allowed: app:get-snapshot/,
    )
    expect(COMMAND_NAMES).toContain('orders:submit')
  })
})
