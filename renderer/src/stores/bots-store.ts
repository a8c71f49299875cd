/**
 * The trader's bots as the console shows them: each with its orders, fills, PnL, heartbeat and
 * whether it is quiet or halted. The snapshot brings the list, 'bots:status' events replace
 * it, and the two actions (what going quiet does, lifting a halt) answer with the bot.
 */
import { create } from 'zustand'
import type { BotOnQuiet, BotView, BotsStatus } from '../../../shared/bots'
import type { Result } from '../../../shared/result'
import type { Snapshot } from '../../../shared/types'
import { invoke } from '../lib/desk'

const EMPTY: BotsStatus = { bots: [], graceSeconds: 10 }

/** State and actions of the bots store. */
export interface BotsState {
  readonly status: BotsStatus
  resetFromSnapshot(snapshot: Snapshot): void
  applyStatus(status: BotsStatus): void
  /** What going quiet does to a bot: raise the alert, or also halt it. */
  setOnQuiet(name: string, onQuiet: BotOnQuiet): Promise<Result<BotView>>
  /** Lifts a bot's halt; the reason goes into the journal. */
  resume(name: string, reason: string): Promise<Result<BotView>>
}

/** The bots store. */
export const useBotsStore = create<BotsState>()((set, get) => {
  const replace = (bot: BotView): void => {
    const { status } = get()
    set({ status: { ...status, bots: status.bots.map((b) => (b.name === bot.name ? bot : b)) } })
  }
  return {
    status: EMPTY,
    resetFromSnapshot(snapshot) {
      // An engine older than bots sends none: the screen then explains how a bot names itself.
      set({ status: snapshot.bots ?? EMPTY })
    },
    applyStatus(status) {
      set({ status })
    },
    async setOnQuiet(name, onQuiet) {
      const result = await invoke('bots:set', { name, onQuiet })
      if (result.ok) replace(result.value)
      return result
    },
    async resume(name, reason) {
      const result = await invoke('bots:resume', { name, reason: reason.trim() })
      if (result.ok) replace(result.value)
      return result
    },
  }
})
