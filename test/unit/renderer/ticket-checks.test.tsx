/**
 * The ticket shows, before Review, each check the gate would refuse the order for, in the
 * gate's own words (the fake host answers with the checks the engine's test holds the real
 * gate to, test/kit/gate-answers.ts), and keeps Review
 * off until none is left; sizing by dollars or by a share turns into a quantity with units.
 * The clock is a fake one: the dry run's debounce is stepped, never waited for.
 */
import { act, cleanup, fireEvent, render, screen } from '@testing-library/react'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { CommandPayload } from '../../../shared/contract'
import { ok } from '../../../shared/result'
import type { GateCheck, OrderCheck, OrderEstimate } from '../../../shared/types'
import Decimal from 'decimal.js'
import { OrderTicket } from '../../../renderer/src/features/trade/order-ticket'
import { GATE_CHECK_DEBOUNCE_MS } from '../../../renderer/src/features/trade/use-gate-check'
import { GATE_ANSWERS, GATE_ANSWER_PRICES as PRICES, OPEN_FINDING } from '../../kit/gate-answers'
import { connectFake, FakeTransport, position, snapshot } from './harness'

vi.mock('lightweight-charts', async () => (await import('./chart-mock')).lightweightChartsMock())

/**
 * The dry run as the engine answers it: the gate's failing checks for the case (the engine's
 * test holds the real gate to these), and none for an order it passes.
 */
function gateSays(failing: (p: CommandPayload<'orders:check'>) => readonly GateCheck[] = () => []) {
  return (payload: unknown) => {
    const p = payload as CommandPayload<'orders:check'>
    const failed = failing(p)
    const check: OrderCheck = {
      accountId: 'paper-main',
      passed: failed.length === 0,
      checks: failed,
      price: PRICES[p.symbol],
      notional: new Decimal(p.quantity).times(PRICES[p.symbol]).toFixed(),
    }
    return ok(check)
  }
}
/** The below-minimum answer for a quantity under a dollar, none otherwise. */
const tinyIsRefused = (p: CommandPayload<'orders:check'>) =>
  new Decimal(p.quantity).times(PRICES[p.symbol]).lt(1) ? GATE_ANSWERS.belowMinimum : []

function estimate(payload: unknown): OrderEstimate {
  const { symbol, side, quantity } = payload as CommandPayload<'orders:estimate'>
  const notional = new Decimal(quantity).times(PRICES[symbol])
  const fee = notional.times('0.006').toDecimalPlaces(2)
  return {
    symbol,
    side,
    quantity,
    price: PRICES[symbol],
    notional: notional.toFixed(),
    fee: fee.toFixed(),
    feeRate: '0.006',
    total: (side === 'buy' ? notional.plus(fee) : notional.minus(fee)).toFixed(),
  }
}

const type = (testId: string, text: string): void => {
  fireEvent.change(screen.getByTestId(testId), { target: { value: text } })
}
/** Lets the debounced dry run (and the estimate) ask and answer. */
const settle = () => act(() => vi.advanceTimersByTimeAsync(GATE_CHECK_DEBOUNCE_MS + 50))
const chooseSize = (mode: string): void => {
  fireEvent.change(screen.getByTestId('ticket-size-mode'), { target: { value: mode } })
}
const sizeModes = () =>
  [...(screen.getByTestId('ticket-size-mode') as HTMLSelectElement).options].map((o) => o.text)
const reviewButton = () => screen.getByTestId('ticket-review') as HTMLButtonElement

describe('Order ticket: warnings before Review', () => {
  let disconnect: () => void = () => undefined
  let host: FakeTransport

  async function open(failing?: (p: CommandPayload<'orders:check'>) => readonly GateCheck[]) {
    host = new FakeTransport(snapshot())
    host.responders['orders:estimate'] = (payload) => ok(estimate(payload))
    host.responders['orders:check'] = gateSays(failing)
    disconnect = await connectFake(host)
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval'] })
    render(<OrderTicket />)
  }

  beforeEach(() => {
    disconnect = () => undefined
  })
  afterEach(() => {
    cleanup()
    disconnect()
    vi.useRealTimers()
  })

  it('says trading is HALTED before Review, and keeps Review off', async () => {
    await open(() => GATE_ANSWERS.halted)
    type('ticket-quantity', '0.01')
    await settle()
    expect(screen.getByTestId('ticket-account-warnings').textContent).toBe(
      'Trading is HALTED on this account: no orders are allowed.',
    )
    expect(reviewButton().disabled).toBe(true)
    expect(screen.getByTestId('ticket-blocked').textContent).toContain(
      'Review is off: the gate would refuse this order (the check above).',
    )
    fireEvent.click(reviewButton())
    expect(screen.queryByTestId('ticket-review-panel')).toBeNull()
    expect(host.callsTo('orders:check').at(-1)).toEqual({
      accountId: 'paper-main',
      symbol: 'BTC-USD',
      side: 'buy',
      type: 'market',
      quantity: '0.01',
    })
  })

  it('says a reconciliation finding blocks the account, and how to lift it', async () => {
    await open(() => GATE_ANSWERS.reconciliation)
    type('ticket-quantity', '0.01')
    await settle()
    expect(screen.getByTestId('ticket-account-warnings').textContent).toBe(
      `Trading on this account is blocked: reconciliation with the broker found a difference that is still open (finding ${OPEN_FINDING.id}: ${OPEN_FINDING.message}). Resolving it on the Reconciliation screen lifts the block.`,
    )
    expect(reviewButton().disabled).toBe(true)
  })

  it('says an order below the $1 minimum is too small, next to its size', async () => {
    await open(tinyIsRefused)
    type('ticket-quantity', '0.00001')
    await settle()
    expect(screen.getByTestId('ticket-size-warnings').textContent).toBe(
      'Order value $0.65 is below the BTC-USD minimum of $1.00.',
    )
    expect(screen.queryByTestId('ticket-account-warnings')).toBeNull()
    expect(reviewButton().disabled).toBe(true)
  })

  it('says selling 5 ETH while holding none cannot be done, and every other check that fails', async () => {
    await open((p) => (p.side === 'sell' ? GATE_ANSWERS.sellWithoutHolding : []))
    fireEvent.change(screen.getByTestId('ticket-symbol'), { target: { value: 'ETH-USD' } })
    fireEvent.click(screen.getByTestId('ticket-side-sell'))
    type('ticket-quantity', '5')
    await settle()
    const said = [...screen.getByTestId('ticket-size-warnings').querySelectorAll('li')].map(
      (li) => li.textContent,
    )
    expect(said).toEqual([
      'Order value $16,000.00 is above the per-order maximum of $5,000.00.',
      'Insufficient ETH-USD to sell: need 5, have 0. Spot accounts cannot sell short.',
    ])
    expect(reviewButton().disabled).toBe(true)
  })

  it('puts a price-band refusal next to the limit price, not the size', async () => {
    await open((p) => (p.limitPrice === '71500.00' ? GATE_ANSWERS.farLimit : []))
    fireEvent.click(screen.getByTestId('ticket-type-limit'))
    type('ticket-limit-price', '71500.00')
    type('ticket-quantity', '0.01')
    await settle()
    expect(screen.getByTestId('ticket-limit-warnings').textContent).toBe(
      GATE_ANSWERS.farLimit[0].message,
    )
    expect(screen.queryByTestId('ticket-size-warnings')).toBeNull()
    expect(reviewButton().disabled).toBe(true)
  })

  it('lets a clean order through to Review, and warnings go when the order is fixed', async () => {
    await open(tinyIsRefused)
    type('ticket-quantity', '0.00001')
    await settle()
    expect(reviewButton().disabled).toBe(true)
    type('ticket-quantity', '0.01')
    await settle()
    expect(screen.queryByTestId('ticket-size-warnings')).toBeNull()
    expect(screen.queryByTestId('ticket-blocked')).toBeNull()
    expect(reviewButton().disabled).toBe(false)
    fireEvent.click(reviewButton())
    expect(screen.getByTestId('ticket-confirm')).toBeTruthy()
  })

  it('turns off Confirm when the account is halted during the review', async () => {
    await open()
    type('ticket-quantity', '0.01')
    await settle()
    fireEvent.click(reviewButton())
    host.responders['orders:check'] = gateSays(() => GATE_ANSWERS.halted)
    await act(() => vi.advanceTimersByTimeAsync(1_100))
    expect((screen.getByTestId('ticket-confirm') as HTMLButtonElement).disabled).toBe(true)
    expect(screen.getByTestId('ticket-blocked').textContent).toContain('Confirm is off')
  })
})

describe('Order ticket: sizing modes', () => {
  let disconnect: () => void = () => undefined
  let host: FakeTransport

  async function open(positions = snapshot().positions) {
    host = new FakeTransport(snapshot({ positions }))
    host.responders['orders:estimate'] = (payload) => ok(estimate(payload))
    host.responders['orders:check'] = gateSays()
    disconnect = await connectFake(host)
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval'] })
    render(<OrderTicket />)
  }
  afterEach(() => {
    cleanup()
    disconnect()
    vi.useRealTimers()
  })
  const lastQuantity = () =>
    (host.callsTo('orders:check').at(-1) as CommandPayload<'orders:check'>).quantity

  it('sizes by dollars: the quantity on the lot size, and the notional, with units', async () => {
    await open()
    chooseSize('usd')
    type('ticket-amount', '650')
    await settle()
    expect(screen.getByTestId('ticket-size-result').textContent).toBe(
      '= 0.01 BTC, $650.00 at $65,000.00',
    )
    expect(lastQuantity()).toBe('0.01')
    // $100 buys 0.001538… BTC: rounded down to the 0.00001 lot, never up.
    type('ticket-amount', '100')
    await settle()
    expect(screen.getByTestId('ticket-size-result').textContent).toBe(
      '= 0.00153 BTC, $99.45 at $65,000.00',
    )
    expect(lastQuantity()).toBe('0.00153')
  })

  it('sizes a buy by a share of cash, leaving room for the fee', async () => {
    await open()
    chooseSize('percent')
    expect(sizeModes()).toEqual(['Quantity (BTC)', 'Dollars (USD)', '% of cash'])
    type('ticket-amount', '10')
    await settle()
    // 10 % of $10,000.00 over $65,000 × 1.006 = 0.0152919… BTC → 0.01529 BTC.
    expect(screen.getByTestId('ticket-size-result').textContent).toBe(
      '= 0.01529 BTC, $993.85 at $65,000.00',
    )
    expect(lastQuantity()).toBe('0.01529')
  })

  it('sizes a sale by a share of the position', async () => {
    await open([position('BTC-USD', '0.02', '60000.00')])
    fireEvent.click(screen.getByTestId('ticket-side-sell'))
    chooseSize('percent')
    expect(sizeModes()).toEqual(['Quantity (BTC)', 'Dollars (USD)', '% of position'])
    type('ticket-amount', '50')
    await settle()
    expect(screen.getByTestId('ticket-size-result').textContent).toBe(
      '= 0.01 BTC, $650.00 at $65,000.00',
    )
    expect(lastQuantity()).toBe('0.01')
  })

  it('explains a share above 100 % and a dollar amount below one lot', async () => {
    await open()
    chooseSize('percent')
    type('ticket-amount', '150')
    expect(screen.getByTestId('ticket-quantity-error').textContent).toBe(
      'A percentage must be at most 100.',
    )
    chooseSize('usd')
    type('ticket-amount', '0.10')
    expect(screen.getByTestId('ticket-quantity-error').textContent).toBe(
      'That comes to less than the smallest step of 0.00001 BTC at $65,000.00.',
    )
    expect(reviewButton().disabled).toBe(true)
  })

  it("works a limit order's value out in decimals, never binary floats", async () => {
    await open()
    fireEvent.change(screen.getByTestId('ticket-symbol'), { target: { value: 'SOL-USD' } })
    fireEvent.click(screen.getByTestId('ticket-type-limit'))
    type('ticket-limit-price', '7.50')
    type('ticket-quantity', '0.03')
    await settle()
    // 0.03 × 7.50 = 0.225 exactly, $0.23 to the cent; as floats it is 0.22499999… → $0.22.
    expect(screen.getByTestId('estimate-notional').textContent).toBe('$0.23')
  })
})
