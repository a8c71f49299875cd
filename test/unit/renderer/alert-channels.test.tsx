/**
 * The Alerts screen's outgoing channels: each channel's settings and what it still lacks, a
 * secret stored and never shown, "Send a test" with its answer, and a failed delivery shown
 * with its reason as soon as the engine reports it.
 */
import { act, cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react'
import { afterEach, describe, expect, it, vi } from 'vitest'
import {
  DEFAULT_CHANNELS,
  type AlertChannel,
  type ChannelDelivery,
  type ChannelsStatus,
} from '../../../shared/channels'
import { DEFAULT_ALERT_RULES, DEFAULT_NOTIFICATIONS } from '../../../shared/performance'
import { err, ok } from '../../../shared/result'
import { App } from '../../../renderer/src/app'
import { connectFake, FakeTransport, snapshot } from './harness'

vi.mock('lightweight-charts', async () => (await import('./chart-mock')).lightweightChartsMock())

const TOKEN = '123456789:AAF-secret-token'
const NOW = Date.now()

function channelsStatus(overrides: Partial<ChannelsStatus> = {}): ChannelsStatus {
  const none = { stored: false, source: null }
  return {
    channels: DEFAULT_CHANNELS,
    secrets: { generic: none, ntfy: none, telegram: none, discord: none },
    deliveries: [],
    problems: {
      generic: 'Webhook: the URL is missing.',
      ntfy: 'ntfy: choose a topic (the name after the server, like vigil-alerts-7f3k).',
      telegram: 'Telegram: the chat id is missing (a number such as 123456789).',
      discord: 'Discord: the webhook URL is missing.',
    },
    secretStore: 'the OS key store',
    ...overrides,
  }
}

function delivery(overrides: Partial<ChannelDelivery> = {}): ChannelDelivery {
  return {
    id: 'delivery-1',
    ts: NOW,
    channel: 'telegram',
    alertId: 'alert-7',
    severity: 'critical',
    ok: false,
    attempts: 4,
    reason: 'api.telegram.org answered HTTP 401: Unauthorized',
    ...overrides,
  }
}

let disconnect: () => void = () => undefined
let host: FakeTransport
let status: ChannelsStatus

async function openAlerts(first = channelsStatus()): Promise<void> {
  status = first
  host = new FakeTransport(
    snapshot({
      alerts: { rules: DEFAULT_ALERT_RULES, notifications: DEFAULT_NOTIFICATIONS, alerts: [] },
    }),
  )
  host.responders['alerts:status'] = () =>
    ok({ rules: DEFAULT_ALERT_RULES, notifications: DEFAULT_NOTIFICATIONS, alerts: [] })
  host.responders['alerts:channels'] = () => ok(status)
  disconnect = await connectFake(host)
  history.replaceState(null, '', '#/')
  render(<App />)
  fireEvent.click(screen.getByTestId('nav-alerts'))
  await screen.findByTestId('channel-telegram')
}

afterEach(() => {
  cleanup()
  disconnect()
})

const card = (id: string) => within(screen.getByTestId(`channel-${id}`))

describe('Alerts away from the desk', () => {
  it('shows every channel off, with what each still needs', async () => {
    await openAlerts()
    for (const id of ['generic', 'ntfy', 'telegram', 'discord'])
      expect((card(id).getByTestId(`channel-${id}-enabled`) as HTMLInputElement).checked).toBe(
        false,
      )
    expect(card('telegram').getByTestId('channel-telegram-problem').textContent).toMatch(
      /chat id is missing/,
    )
    expect(card('telegram').getByTestId('channel-telegram-secret-state').textContent).toMatch(
      /^Needed\. From BotFather/,
    )
    expect(screen.getByTestId('channel-deliveries').textContent).toContain('Nothing sent yet.')
  })

  it('stores the bot token, clears the field and never shows it again', async () => {
    await openAlerts()
    host.responders['alerts:set-channel-secret'] = () => {
      status = channelsStatus({
        secrets: { ...status.secrets, telegram: { stored: true, source: 'OS key store' } },
      })
      return ok({ stored: true, source: 'OS key store' })
    }
    const input = card('telegram').getByTestId('channel-telegram-secret') as HTMLInputElement
    expect(input.type).toBe('password')
    fireEvent.change(input, { target: { value: TOKEN } })
    fireEvent.click(card('telegram').getByTestId('channel-telegram-secret-store'))

    await waitFor(() =>
      expect(card('telegram').getByTestId('channel-telegram-secret-state').textContent).toBe(
        'Stored (OS key store); never shown again.',
      ),
    )
    expect(host.callsTo('alerts:set-channel-secret')).toEqual([{ id: 'telegram', secret: TOKEN }])
    expect(input.value).toBe('')
    expect(document.body.innerHTML).not.toContain(TOKEN)
    expect(card('telegram').getByTestId('channel-telegram-secret-remove')).toBeTruthy()
  })

  it('saves the chat id, and shows a refusal in the engine’s words', async () => {
    await openAlerts()
    host.responders['alerts:set-channel'] = (payload) => {
      const p = payload as Partial<AlertChannel>
      if (p.enabled)
        return err(
          'INVALID_INPUT',
          'Telegram bot cannot be turned on yet. Telegram: the bot token is missing.',
        )
      status = channelsStatus({
        channels: status.channels.map((c) =>
          c.id === 'telegram' ? { ...c, chatId: p.chatId ?? '' } : c,
        ),
      })
      return ok(status.channels.find((c) => c.id === 'telegram') as AlertChannel)
    }
    fireEvent.change(card('telegram').getByTestId('channel-telegram-chat'), {
      target: { value: '-100123' },
    })
    fireEvent.click(card('telegram').getByTestId('channel-telegram-save'))
    await waitFor(() => expect(card('telegram').queryByTestId('channel-telegram-save')).toBeNull())
    expect(host.callsTo('alerts:set-channel')).toEqual([
      { id: 'telegram', url: 'https://api.telegram.org', chatId: '-100123' },
    ])
    expect((card('telegram').getByTestId('channel-telegram-chat') as HTMLInputElement).value).toBe(
      '-100123',
    )

    fireEvent.click(card('telegram').getByTestId('channel-telegram-enabled'))
    expect((await card('telegram').findByTestId('channel-telegram-error')).textContent).toBe(
      'Telegram bot cannot be turned on yet. Telegram: the bot token is missing.',
    )
  })

  it('sends a test and shows its answer', async () => {
    await openAlerts()
    host.responders['alerts:test-channel'] = () =>
      ok(
        delivery({
          id: 'd-9',
          channel: 'ntfy',
          alertId: null,
          severity: 'info',
          ok: true,
          attempts: 1,
          reason: null,
        }),
      )
    fireEvent.click(card('ntfy').getByTestId('channel-ntfy-test'))
    expect((await card('ntfy').findByTestId('channel-ntfy-last')).textContent).toMatch(
      /^Test at \d\d:\d\d:\d\d: Delivered \(1 attempt\)$/,
    )
    expect(host.callsTo('alerts:test-channel')).toEqual([{ id: 'ntfy' }])
  })

  it('shows a failed alert delivery with its reason as soon as the engine reports it', async () => {
    const on = DEFAULT_CHANNELS.map((c) =>
      c.id === 'telegram' ? { ...c, enabled: true, chatId: '42' } : c,
    )
    await openAlerts(channelsStatus({ channels: on }))
    expect(screen.queryByTestId('channels-failing')).toBeNull()

    status = channelsStatus({ channels: on, deliveries: [delivery()] })
    act(() => host.emit({ type: 'alerts:delivery', payload: delivery() }))

    expect(screen.getByTestId('channels-failing').textContent).toMatch(
      /Not delivered: the last alert to Telegram bot failed/,
    )
    expect(card('telegram').getByTestId('channel-telegram-last').textContent).toMatch(
      /Last alert at .*: Failed after 4 attempts: api\.telegram\.org answered HTTP 401: Unauthorized/,
    )
    const row = screen.getAllByTestId('delivery-row')[0] as HTMLElement
    expect(row.textContent).toContain('critical alert')
    expect(row.textContent).toContain('Failed after 4 attempts')
  })
})
