import { act, cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { ok } from '../../../shared/result'
import type { Snapshot, TradingState } from '../../../shared/types'
import { TradingStateBadge } from '../../../renderer/src/components/trading-state-badge'
import { LimitsScreen } from '../../../renderer/src/features/limits/limits-screen'
import { connectFake, FakeTransport, riskLimits, snapshot } from './harness'

function reason(text: string): void {
  fireEvent.change(screen.getByTestId('trading-override-reason'), { target: { value: text } })
}

describe('Trading state overrides (Risk limits screen)', () => {
  let disconnect: () => void = () => undefined
  let host: FakeTransport
  let engine: Snapshot

  async function open(overrides: Partial<Snapshot> = {}): Promise<void> {
    engine = snapshot(overrides)
    host = new FakeTransport(engine)
    host.responders['app:get-snapshot'] = () => ok(engine)
    host.responders['limits:get'] = () => ok(riskLimits())
    disconnect = await connectFake(host)
    render(
      <>
        <TradingStateBadge />
        <LimitsScreen />
      </>,
    )
    await screen.findByTestId('trading-panel')
  }

  beforeEach(() => {
    host = new FakeTransport(snapshot())
  })

  afterEach(() => {
    cleanup()
    disconnect()
  })

  it('halts the account in view only after a confirmation with a reason', async () => {
    await open()
    host.responders['trading:set-state'] = () =>
      ok({ global: 'ACTIVE', accounts: { 'paper-main': 'HALTED' } })
    expect(screen.getByTestId('trading-panel-account').textContent).toBe('ACTIVE')
    expect(screen.getByTestId('trading-panel-global').textContent).toBe('ACTIVE')

    fireEvent.click(screen.getByTestId('trading-account-halt'))
    const dialog = screen.getByTestId('trading-override-dialog')
    expect(dialog.textContent).toContain('No order will be sent in Paper')
    expect(document.activeElement?.textContent).toBe('Cancel')
    fireEvent.click(screen.getByTestId('trading-override-confirm'))
    expect(host.callsTo('trading:set-state')).toHaveLength(0)
    expect(screen.getByText(/Say why, in a few words/)).toBeTruthy()

    reason('news coming out, wait')
    expect(screen.getByTestId('trading-override-confirm').textContent).toBe('Halt trading in Paper')
    fireEvent.click(screen.getByTestId('trading-override-confirm'))
    await screen.findByTestId('trading-panel-done')
    expect(host.callsTo('trading:set-state')).toEqual([
      { accountId: 'paper-main', state: 'HALTED', reason: 'news coming out, wait' },
    ])
    expect(screen.getByTestId('trading-panel-done').textContent).toBe(
      'Paper is now HALTED. The reason is in the audit journal.',
    )
    expect(screen.queryByTestId('trading-override-dialog')).toBeNull()
    expect(screen.getByTestId('trading-panel-account').textContent).toBe('HALTED')
    expect(screen.getByTestId('trading-state').textContent).toBe('HALTED')
    // Only the account: the header says nothing about every account.
    expect(screen.queryByTestId('global-trading-state')).toBeNull()
  })

  it('sets every account to reduce only, and Cancel or Escape sends nothing', async () => {
    await open()
    host.responders['trading:set-state'] = () =>
      ok({ global: 'REDUCE_ONLY', accounts: { 'paper-main': 'REDUCE_ONLY' } })
    fireEvent.click(screen.getByTestId('trading-global-reduce-only'))
    fireEvent.click(screen.getByText('Cancel'))
    fireEvent.click(screen.getByTestId('trading-global-halt'))
    fireEvent.keyDown(screen.getByTestId('trading-override-dialog'), { key: 'Escape' })
    expect(screen.queryByTestId('trading-override-dialog')).toBeNull()
    expect(host.callsTo('trading:set-state')).toHaveLength(0)

    fireEvent.click(screen.getByTestId('trading-global-reduce-only'))
    reason('volatility spike')
    fireEvent.click(screen.getByTestId('trading-override-confirm'))
    await screen.findByTestId('trading-panel-done')
    expect(host.callsTo('trading:set-state')).toEqual([
      { global: true, state: 'REDUCE_ONLY', reason: 'volatility spike' },
    ])
    expect(screen.getByTestId('global-trading-state').textContent).toBe(
      'REDUCE ONLY · ALL ACCOUNTS',
    )
  })

  it('explains when the global state is what blocks the account, and resumes every account', async () => {
    await open({
      globalTradingState: 'HALTED',
      tradingStates: { 'paper-main': 'HALTED' },
      tradingCauses: {
        '*': {
          state: 'HALTED',
          by: 'kill-switch',
          trigger: null,
          reason: 'Kill switch: going to lunch',
          since: 1_700_000_000_000,
          until: null,
          fraction: null,
        },
      },
    })
    expect(screen.getByTestId('trading-panel-global-blocks').textContent).toMatch(
      /^HALTED for every account, set by the kill switch\. That is what blocks Paper/,
    )
    expect(screen.getByTestId('global-trading-state').textContent).toBe('HALTED · ALL ACCOUNTS')
    expect((screen.getByTestId('trading-global-halt') as HTMLButtonElement).disabled).toBe(true)

    host.responders['trading:set-state'] = () =>
      ok({ global: 'ACTIVE', accounts: { 'paper-main': 'ACTIVE' } })
    fireEvent.click(screen.getByTestId('trading-global-resume'))
    reason('checked the market, all clear')
    expect(screen.getByTestId('trading-override-confirm').textContent).toBe(
      'Resume trading in every account at full size',
    )
    fireEvent.click(screen.getByTestId('trading-override-confirm'))
    await screen.findByTestId('trading-panel-done')
    expect(host.callsTo('trading:set-state')).toEqual([
      { global: true, state: 'ACTIVE', reason: 'checked the market, all clear' },
    ])
    expect(screen.queryByTestId('trading-panel-global-blocks')).toBeNull()
    expect(screen.queryByTestId('global-trading-state')).toBeNull()
    expect(screen.getByTestId('trading-state').textContent).toBe('ACTIVE')
  })

  it('follows trading:state events in the header and the panel, global state included', async () => {
    await open()
    const set = (state: TradingState, global: TradingState): void => {
      act(() =>
        host.emit({ type: 'trading:state', payload: { accountId: 'paper-main', state, global } }),
      )
    }
    set('REDUCE_ONLY', 'ACTIVE')
    expect(screen.getByTestId('trading-state').textContent).toBe('REDUCE ONLY')
    expect(screen.getByTestId('trading-panel-account').textContent).toBe('REDUCE ONLY')

    // The kill switch pressed elsewhere (the REST API): every account HALTED, globally.
    set('HALTED', 'HALTED')
    expect(screen.getByTestId('trading-state').textContent).toBe('HALTED')
    await waitFor(() =>
      expect(screen.getByTestId('global-trading-state').textContent).toBe('HALTED · ALL ACCOUNTS'),
    )
    expect(screen.getByTestId('trading-panel-global-blocks')).toBeTruthy()

    set('ACTIVE', 'ACTIVE')
    await waitFor(() => expect(screen.queryByTestId('global-trading-state')).toBeNull())
    expect(screen.getByTestId('trading-state').textContent).toBe('ACTIVE')
  })
})
