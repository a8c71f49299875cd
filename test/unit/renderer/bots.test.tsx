import { act, cleanup, fireEvent, render, screen, within } from '@testing-library/react'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { BotView, BotsStatus } from '../../../shared/bots'
import { ok } from '../../../shared/result'
import { App } from '../../../renderer/src/app'
import { connectFake, FakeTransport, order, snapshot } from './harness'

vi.mock('lightweight-charts', async () => (await import('./chart-mock')).lightweightChartsMock())

const NOW = Date.now()

function bot(overrides: Partial<BotView> = {}): BotView {
  return {
    name: 'grid-1',
    firstSeen: NOW - 3_600_000,
    lastActivity: NOW - 20_000,
    ordersPlaced: 12,
    fills: 9,
    rejections: 2,
    openOrders: 1,
    realizedPnl: '-3.25',
    fees: '1.10',
    heartbeatSeconds: 30,
    lastHeartbeat: NOW - 20_000,
    quietSince: null,
    halted: null,
    onQuiet: 'alert',
    ...overrides,
  }
}

describe('Bots screen', () => {
  let disconnect: () => void = () => undefined
  let host: FakeTransport

  async function start(bots: BotsStatus): Promise<void> {
    host = new FakeTransport(snapshot({ bots }))
    disconnect = await connectFake(host)
    render(<App />)
    fireEvent.click(screen.getByTestId('nav-bots'))
  }

  beforeEach(() => history.replaceState(null, '', '#/'))
  afterEach(() => {
    cleanup()
    disconnect()
  })

  it('explains how a bot names itself and sends a heartbeat when there is none', async () => {
    await start({ bots: [], graceSeconds: 10 })
    const empty = screen.getByTestId('bots-empty')
    expect(empty.textContent).toContain('X-Vigil-Bot: NAME')
    expect(screen.getByTestId('bots-curl-order').textContent).toContain(
      '-H "X-Vigil-Bot: grid-bot"',
    )
    expect(screen.getByTestId('bots-curl-heartbeat').textContent).toContain(
      '/api/v1/bots/grid-bot/heartbeat',
    )
    expect(screen.getByTestId('bots-curl-heartbeat').textContent).toContain('"intervalSeconds":30')
  })

  it('lists each bot with its state and reason, counts and signed PnL in dollars', async () => {
    await start({
      bots: [
        bot(),
        bot({ name: 'dca', heartbeatSeconds: null, lastHeartbeat: null, realizedPnl: '12.5' }),
        bot({ name: 'scalper', quietSince: NOW - 95_000, heartbeatSeconds: 5 }),
      ],
      graceSeconds: 10,
    })
    const rows = screen.getAllByTestId('bot-row')
    const row = (name: string) => rows.find((r) => r.getAttribute('data-bot') === name)!
    expect(within(row('grid-1')).getByTestId('bot-state').textContent).toBe('Alive')
    expect(within(row('grid-1')).getByTestId('bot-reason').textContent).toMatch(
      /^Heartbeat 2\d s ago, every 30 s\.$/,
    )
    expect(row('grid-1').textContent).toContain('12 · 1')
    expect(within(row('grid-1')).getByTestId('bot-pnl').textContent).toBe('-$3.25')
    expect(within(row('dca')).getByTestId('bot-pnl').textContent).toBe('+$12.50')
    expect(within(row('dca')).getByTestId('bot-state').textContent).toBe('No heartbeat')
    expect(within(row('scalper')).getByTestId('bot-state').textContent).toMatch(/^Quiet since /)
    expect(within(row('scalper')).getByTestId('bot-reason').textContent).toMatch(
      /^No heartbeat for 9\d s; it promised one every 5 s\. Its orders keep working\.$/,
    )
    // A quiet bot shows on every screen.
    expect(screen.getByTestId('nav-bots-count').textContent).toContain('1')

    // Events replace the list.
    act(() =>
      host.emit({
        type: 'bots:status',
        payload: { bots: [bot({ quietSince: NOW - 40_000 })], graceSeconds: 10 },
      }),
    )
    expect(screen.getAllByTestId('bot-row')).toHaveLength(1)
    expect(screen.getByTestId('bot-state').textContent).toMatch(/^Quiet since /)
  })

  it('asks before setting a bot to halt when quiet, and sends the setting on Confirm', async () => {
    await start({ bots: [bot()], graceSeconds: 10 })
    host.responders['bots:set'] = () => ok(bot({ onQuiet: 'halt' }))
    fireEvent.change(screen.getByTestId('bot-on-quiet'), { target: { value: 'halt' } })
    const dialog = screen.getByTestId('bot-halt-confirm')
    expect(dialog.textContent).toContain('cancels its 1 resting order')
    expect(host.calls.some((c) => c.name === 'bots:set')).toBe(false)
    await act(async () => fireEvent.click(within(dialog).getByTestId('confirm-ok')))
    expect(host.calls.find((c) => c.name === 'bots:set')?.payload).toEqual({
      name: 'grid-1',
      onQuiet: 'halt',
    })
    expect((screen.getByTestId('bot-on-quiet') as HTMLSelectElement).value).toBe('halt')
  })

  it('shows a halted bot with its reason and resumes it with a reason, after asking', async () => {
    const halted = bot({
      onQuiet: 'halt',
      quietSince: NOW - 60_000,
      halted: {
        at: NOW - 45_000,
        reason: 'Went quiet: no heartbeat within its 30 s interval and 10 s grace.',
      },
    })
    await start({ bots: [halted], graceSeconds: 10 })
    expect(screen.getByTestId('bot-state').textContent).toMatch(/^Halted since /)
    expect(screen.getByTestId('bot-reason').textContent).toContain('Its new orders are refused')
    host.responders['bots:resume'] = () => ok(bot({ onQuiet: 'halt', quietSince: NOW - 60_000 }))
    fireEvent.click(screen.getByTestId('bot-resume'))
    const dialog = screen.getByTestId('bot-resume-confirm')
    await act(async () => fireEvent.click(within(dialog).getByTestId('confirm-ok')))
    // Without a reason nothing is sent.
    expect(host.calls.some((c) => c.name === 'bots:resume')).toBe(false)
    fireEvent.change(within(dialog).getByTestId('bot-resume-reason'), {
      target: { value: 'restarted the bot' },
    })
    await act(async () => fireEvent.click(within(dialog).getByTestId('confirm-ok')))
    expect(host.calls.find((c) => c.name === 'bots:resume')?.payload).toEqual({
      name: 'grid-1',
      reason: 'restarted the bot',
    })
    expect(screen.getByTestId('bot-state').textContent).toMatch(/^Quiet since /)
    expect(screen.queryByTestId('bot-resume')).toBeNull()
  })

  it("names the bot on its order in the Orders table, and the console's orders by their source", async () => {
    host = new FakeTransport(
      snapshot({
        orders: [
          order({ id: 'ord-1', source: 'api', bot: 'grid-1' }),
          order({ id: 'ord-2', source: 'ticket' }),
        ],
      }),
    )
    disconnect = await connectFake(host)
    render(<App />)
    fireEvent.click(screen.getByTestId('nav-orders'))
    const source = (id: string) =>
      within(screen.getByTestId(`order-row-${id}`)).getByTestId('order-source').textContent
    expect(source('ord-1')).toBe('Bot grid-1')
    expect(source('ord-2')).toBe('Ticket')
    fireEvent.click(
      within(screen.getByTestId('order-row-ord-1')).getByTestId('order-details-toggle'),
    )
    expect(screen.getByTestId('order-detail-bot').textContent).toBe('grid-1')
  })

  it('edits the "bot went quiet" rule in seconds, and sends halting to the Bots screen', async () => {
    await start({ bots: [], graceSeconds: 10 })
    fireEvent.click(screen.getByTestId('nav-alerts'))
    const rule = screen.getByTestId('rule-bot_quiet')
    expect(rule.textContent).toContain('seconds')
    expect((within(rule).getByTestId('rule-threshold') as HTMLInputElement).value).toBe('10')
    expect(within(rule).queryByTestId('rule-trips-breaker')).toBeNull()
    expect(within(rule).getByTestId('rule-bot-halt-note').textContent).toContain('Bots screen')
  })
})
