/**
 * Safety controls outside the window: a tray icon that always shows the trading state, with
 * "Halt all trading…" and "Kill switch…", and a global shortcut (Ctrl/Cmd+Shift+K) for the kill
 * switch, so the trader can stop everything even when the console is hidden. Each asks first,
 * with Cancel as the default answer.
 */
import type { Engine } from '../engine'
import { parseCommand } from '../../shared/contract'
import type { TradingState } from '../../shared/types'

/** The global shortcut of the kill switch. */
export const KILL_SWITCH_SHORTCUT = 'CommandOrControl+Shift+K'

/** The Electron pieces used, injected so the wiring is tested without Electron. */
export interface SafetyDeps {
  readonly engine: Engine
  /** Makes the tray icon; returns its controls. */
  createTray(): {
    setToolTip(text: string): void
    setContextMenu(items: readonly MenuItem[]): void
    destroy(): void
  }
  readonly globalShortcut: {
    register(accelerator: string, callback: () => void): boolean
    unregister(accelerator: string): void
  }
  /** A modal question; resolves with the index of the button pressed. */
  ask(options: {
    title: string
    message: string
    detail: string
    buttons: string[]
  }): Promise<number>
  /** Brings the console window forward. */
  showWindow(): void
}

/** One item of the tray menu. */
export interface MenuItem {
  readonly label: string
  readonly enabled?: boolean
  readonly click?: () => void
}

const WORDS: Record<TradingState, string> = {
  ACTIVE: 'ACTIVE',
  RECOVERING: 'RECOVERING',
  REDUCE_ONLY: 'REDUCE ONLY',
  HALTED: 'HALTED',
}

/** Puts the tray and the shortcut in place; returns what removes them. */
export function registerSafetyControls(deps: SafetyDeps): () => void {
  const { engine } = deps
  const tray = deps.createTray()
  let global: TradingState = 'ACTIVE'
  const accounts = new Map<string, TradingState>()

  const run = async (name: string, payload: unknown): Promise<void> => {
    const command = parseCommand(name, payload)
    if (command.ok) await engine.handle(command.value, { source: 'ticket' })
  }

  const killSwitch = async (): Promise<void> => {
    const answer = await deps.ask({
      title: 'Kill switch',
      message: 'Stop all trading now?',
      detail:
        'Every open order in every account is canceled and trading is HALTED everywhere. You can also sell every position at market.',
      buttons: ['Cancel', 'Cancel orders and halt', 'Also sell every position'],
    })
    if (answer === 1 || answer === 2)
      await run('trading:kill-switch', {
        closePositions: answer === 2,
        reason: 'Kill switch from the tray or the global shortcut.',
      })
  }

  const haltAll = async (): Promise<void> => {
    const answer = await deps.ask({
      title: 'Halt all trading',
      message: 'Halt trading in every account?',
      detail: 'No new order is sent until you resume on the Risk limits screen. Open orders stay.',
      buttons: ['Cancel', 'Halt all trading'],
    })
    if (answer === 1)
      await run('trading:set-state', {
        global: true,
        state: 'HALTED',
        reason: 'Halted from the tray.',
      })
  }

  const refresh = (): void => {
    const worst = [global, ...accounts.values()].includes('HALTED')
      ? 'HALTED'
      : global !== 'ACTIVE'
        ? global
        : ([...accounts.values()].find((s) => s !== 'ACTIVE') ?? 'ACTIVE')
    const summary =
      global === 'ACTIVE' ? `Trading ${WORDS[worst]}` : `Trading ${WORDS[global]} for every account`
    tray.setToolTip(`Vigil: ${summary}`)
    tray.setContextMenu([
      { label: summary, enabled: false },
      ...[...accounts].map(([id, state]) => ({ label: `${id}: ${WORDS[state]}`, enabled: false })),
      { label: 'Open Vigil', click: () => deps.showWindow() },
      { label: 'Halt all trading…', click: () => void haltAll() },
      { label: 'Kill switch…', click: () => void killSwitch() },
    ])
  }

  const unsubscribe = engine.subscribe((event) => {
    if (event.type !== 'trading:state') return
    accounts.set(event.payload.accountId, event.payload.state)
    global = event.payload.global
    refresh()
  })
  void (async () => {
    const snapshot = parseCommand('app:get-snapshot', {})
    if (!snapshot.ok) return
    const result = await engine.handle(snapshot.value, { source: 'ticket' })
    if (!result.ok) return
    const snap = result.value as {
      globalTradingState?: TradingState
      tradingStates?: Record<string, TradingState>
    }
    global = snap.globalTradingState ?? 'ACTIVE'
    for (const [id, state] of Object.entries(snap.tradingStates ?? {})) accounts.set(id, state)
    refresh()
  })()
  refresh()
  const registered = deps.globalShortcut.register(KILL_SWITCH_SHORTCUT, () => void killSwitch())

  return () => {
    unsubscribe()
    if (registered) deps.globalShortcut.unregister(KILL_SWITCH_SHORTCUT)
    tray.destroy()
  }
}
