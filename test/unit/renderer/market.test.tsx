import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { err, ok } from '../../../shared/result'
import type { MarketStatus, Quote } from '../../../shared/types'
import { App } from '../../../renderer/src/app'
import { MarketScreen } from '../../../renderer/src/features/market/market-screen'
import { useMarketStore } from '../../../renderer/src/stores/market-store'
import { connectFake, FakeTransport, quote, snapshot } from './harness'

vi.mock('lightweight-charts', async () => (await import('./chart-mock')).lightweightChartsMock())

function liveQuote(symbol: Quote['symbol'], bid: string, ask: string, last: string): Quote {
  return { symbol, source: 'coinbase', ts: Date.now(), bid, ask, last }
}

describe('Market screen', () => {
  let disconnect: () => void = () => undefined
  let host: FakeTransport
  let status: MarketStatus

  beforeEach(async () => {
    history.replaceState(null, '', '#/')
    status = { speed: 1, faults: {} }
    host = new FakeTransport(
      snapshot({
        quotes: [
          { symbol: 'BTC-USD', ts: Date.now(), bid: '64999.50', ask: '65000.50', last: '65000.00' },
          quote('ETH-USD', '3200.00'),
          liveQuote('BTC-USD', '65100.00', '65101.00', '65100.50'),
        ],
      }),
    )
    host.responders['market:set-speed'] = (payload) => {
      status = { ...status, speed: (payload as { speed: number }).speed }
      return ok(status)
    }
    host.responders['market:set-fault'] = (payload) => {
      const { symbol, fault } = payload as { symbol: 'BTC-USD'; fault: 'stale' | 'none' }
      const faults = { ...status.faults }
      if (fault === 'none') delete faults[symbol]
      else faults[symbol] = fault
      status = { ...status, faults }
      return ok(status)
    }
    disconnect = await connectFake(host)
  })

  afterEach(() => {
    cleanup()
    disconnect()
  })

  it('lists each symbol with bid, ask, last and where the price comes from', () => {
    render(<MarketScreen />)
    const sim = within(screen.getByTestId('market-row-simulator-BTC-USD'))
    expect(sim.getByTestId('market-source').textContent).toBe('Simulator')
    expect(screen.getByTestId('market-row-simulator-BTC-USD').textContent).toContain('$64,999.50')
    expect(screen.getByTestId('market-row-simulator-BTC-USD').textContent).toContain('$65,000.50')
    expect(screen.getByTestId('market-row-simulator-BTC-USD').textContent).toContain(
      '$1.00 (0.2 bps)',
    )
    expect(sim.getByTestId('market-last').textContent).toBe('$65,000.00')

    const live = within(screen.getByTestId('market-row-coinbase-BTC-USD'))
    expect(live.getByTestId('market-source').textContent).toBe('Live from coinbase')
    expect(live.getByTestId('market-last').textContent).toBe('$65,100.50')
    // A symbol with no quote yet says so rather than showing zero.
    expect(
      within(screen.getByTestId('market-row-simulator-SOL-USD')).getByTestId('market-last')
        .textContent,
    ).toBe('—')
  })

  it('keeps live prices apart from the simulator, so they never overwrite each other', async () => {
    render(<MarketScreen />)
    host.emit({ type: 'market:quote', payload: liveQuote('ETH-USD', '3300', '3301', '3300.5') })
    await screen.findByTestId('market-row-coinbase-ETH-USD')
    expect(
      within(screen.getByTestId('market-row-simulator-ETH-USD')).getByTestId('market-last')
        .textContent,
    ).toBe('$3,200.00')
    expect(useMarketStore.getState().quotes['ETH-USD']?.last).toBe('3200.00')
  })

  it('sets the simulator speed and shows it, here and in the header', async () => {
    render(<App />)
    fireEvent.click(screen.getByTestId('nav-market'))
    expect(screen.getByTestId('market-speed').textContent).toBe('1× · real time')
    expect(screen.queryByTestId('header-market')).toBeNull()

    fireEvent.click(screen.getByTestId('market-speed-3600'))
    await waitFor(() =>
      expect(screen.getByTestId('market-speed').textContent).toBe('3,600× · an hour a second'),
    )
    expect(host.callsTo('market:set-speed')).toEqual([{ speed: 3600 }])
    expect(screen.getByTestId('market-speed-3600').getAttribute('aria-pressed')).toBe('true')
    expect(screen.getByTestId('market-speed-1').getAttribute('aria-pressed')).toBe('false')
    expect(screen.getByTestId('header-market').textContent).toBe('Simulator 3,600×')
  })

  it('shows why the speed did not change', async () => {
    host.responders['market:set-speed'] = () =>
      err('INVALID_INPUT', 'speed: must be at most 86400 (a simulated day each second)')
    render(<MarketScreen />)
    fireEvent.click(screen.getByTestId('market-speed-600'))
    expect((await screen.findByTestId('market-speed-error')).textContent).toMatch(
      /^Speed not changed: speed: must be at most 86400/,
    )
    expect(screen.getByTestId('market-speed-1').getAttribute('aria-pressed')).toBe('true')
  })

  it('says by the chart that its time axis is the simulated clock while it runs fast', async () => {
    render(<App />)
    expect(screen.queryByTestId('chart-simulated-clock')).toBeNull()
    host.emit({ type: 'market:status', payload: { speed: 600, faults: {} } })
    const note = await screen.findByTestId('chart-simulated-clock')
    expect(note.textContent).toMatch(
      /runs at 600×: the time axis is its clock, which runs ahead of yours \(10 simulated minutes every second\)/,
    )
    host.emit({ type: 'market:status', payload: { speed: 1, faults: {} } })
    await waitFor(() => expect(screen.queryByTestId('chart-simulated-clock')).toBeNull())
  })

  it('asks before injecting a fault, saying what it does; Cancel injects nothing', async () => {
    render(<App />)
    fireEvent.click(screen.getByTestId('nav-market'))
    const picker = screen.getByTestId('market-fault-BTC-USD') as HTMLSelectElement
    fireEvent.change(picker, { target: { value: 'stale' } })
    const ask = screen.getByTestId('market-fault-confirm')
    expect(ask.textContent).toMatch(/Make BTC-USD stale on the simulated market\?/)
    expect(ask.textContent).toMatch(/the gate refuses its orders, the breaker may halt trading/)
    expect(host.callsTo('market:set-fault')).toEqual([])
    // Focus starts on the safe choice.
    expect(document.activeElement).toBe(screen.getByTestId('confirm-cancel'))
    fireEvent.click(screen.getByTestId('confirm-cancel'))
    expect(screen.queryByTestId('market-fault-confirm')).toBeNull()
    expect(host.callsTo('market:set-fault')).toEqual([])
    expect(picker.value).toBe('none')
  })

  it('injects a fault with a warning banner while it is on, and clears it', async () => {
    render(<App />)
    fireEvent.click(screen.getByTestId('nav-market'))
    expect(screen.queryByTestId('market-fault-banner')).toBeNull()

    fireEvent.change(screen.getByTestId('market-fault-BTC-USD'), { target: { value: 'stale' } })
    fireEvent.click(screen.getByTestId('confirm-ok'))
    const banner = await screen.findByTestId('market-fault-banner')
    expect(banner.getAttribute('role')).toBe('alert')
    expect(banner.textContent).toMatch(/BTC-USD is stale \(no new prices arrive\)/)
    expect(host.callsTo('market:set-fault')).toEqual([{ symbol: 'BTC-USD', fault: 'stale' }])
    expect(screen.getByTestId('header-market').textContent).toBe('Fault: BTC-USD')

    // Another window or a drill changes the market: the banner follows the event.
    host.emit({
      type: 'market:status',
      payload: { speed: 1, faults: { 'BTC-USD': 'stale', 'SOL-USD': 'frozen' } },
    })
    await waitFor(() => expect(banner.textContent).toMatch(/SOL-USD is frozen/))
    expect((screen.getByTestId('market-fault-SOL-USD') as HTMLSelectElement).value).toBe('frozen')

    host.emit({ type: 'market:status', payload: { speed: 1, faults: {} } })
    await waitFor(() => expect(screen.queryByTestId('market-fault-banner')).toBeNull())
    expect(screen.queryByTestId('header-market')).toBeNull()
  })
})
