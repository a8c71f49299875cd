/**
 * The tray and the global shortcut: the trading state always visible, and the kill switch and
 * a halt reachable without the window, each only after the trader confirms.
 */
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { KILL_SWITCH_SHORTCUT } from '../../../../electron/main/safety'
import { runApp } from '../../../../electron/main/lifecycle'
import { resolveAppLocations } from '../../../../electron/main/paths'
import { ok } from '../../../../shared/result'
import { dialog, globalShortcut, recorded, resetFakeElectron } from '../fake-electron'
import { createFakeEngine } from '../fake-engine'

vi.mock('electron', () => import('../fake-electron'))

const locations = resolveAppLocations({
  isPackaged: true,
  mainModuleUrl: 'file:///opt/Vigil/out/main/index.js',
})
beforeEach(() => resetFakeElectron())

async function started() {
  const fake = createFakeEngine()
  fake.handle.mockImplementation(async (command) =>
    command.name === 'app:get-snapshot'
      ? ok({ globalTradingState: 'ACTIVE', tradingStates: { 'paper-1': 'ACTIVE' } })
      : ok({}),
  )
  await runApp({ startEngine: async () => fake.engine, locations }).started
  await vi.waitFor(() => expect(recorded.trays[0]?.toolTip).toBe('Vigil: Trading ACTIVE'))
  return { fake, tray: recorded.trays[0]! }
}
const item = (tray: { menu: { label: string; click?: () => void }[] }, label: string) =>
  tray.menu.find((i) => i.label === label)

describe('tray and global shortcut', () => {
  it('shows the trading state and follows it', async () => {
    const { fake, tray } = await started()
    expect(tray.menu[0]).toMatchObject({ label: 'Trading ACTIVE', enabled: false })
    fake.emit({
      type: 'trading:state',
      payload: { accountId: 'paper-1', state: 'HALTED', global: 'HALTED' },
    })
    expect(tray.toolTip).toBe('Vigil: Trading HALTED for every account')
    expect(item(tray, 'paper-1: HALTED')).toBeDefined()
  })

  it('runs the kill switch from the shortcut only after the trader confirms', async () => {
    const { fake } = await started()
    const press = globalShortcut.registered.get(KILL_SWITCH_SHORTCUT)!
    expect(press).toBeDefined()
    press()
    await vi.waitFor(() => expect(dialog.showMessageBox).toHaveBeenCalledTimes(1))
    expect(fake.handle.mock.calls.map(([c]) => c.name)).not.toContain('trading:kill-switch')

    dialog.showMessageBox.mockResolvedValueOnce({ response: 2 })
    press()
    await vi.waitFor(() =>
      expect(fake.handle.mock.calls.map(([c]) => c.name)).toContain('trading:kill-switch'),
    )
    const kill = fake.handle.mock.calls.find(([c]) => c.name === 'trading:kill-switch')![0]
    expect(kill.payload).toMatchObject({ closePositions: true })
  })

  it('halts every account from the tray after a confirmation', async () => {
    const { fake, tray } = await started()
    dialog.showMessageBox.mockResolvedValueOnce({ response: 1 })
    item(tray, 'Halt all trading…')!.click!()
    await vi.waitFor(() =>
      expect(fake.handle.mock.calls.map(([c]) => c.name)).toContain('trading:set-state'),
    )
    const halt = fake.handle.mock.calls.find(([c]) => c.name === 'trading:set-state')![0]
    expect(halt.payload).toMatchObject({ global: true, state: 'HALTED' })
  })
})
