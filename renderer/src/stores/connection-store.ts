/**
 * The link to the engine as the header shows it, and since when the figures on screen are no
 * longer live, so the console can say "as of 14:03:07" instead of passing old numbers off as
 * current.
 */
import { create } from 'zustand'
import type { ConnectionStatus } from '../lib/desk'

/** State and actions of the connection store. */
export interface ConnectionState {
  readonly status: ConnectionStatus
  /** When the console last loaded a full snapshot (epoch ms), or null before the first. */
  readonly lastSnapshotAt: number | null
  /** The tab has been online at least once, so the figures on screen came from Vigil. */
  readonly wasOnline: boolean
  /**
   * When the tab stopped being online (epoch ms, the trader's clock): the figures on screen are
   * as of then. Null while online and before the first time online. Reconnect attempts
   * (offline, connecting, offline…) keep the first moment, not the latest attempt.
   */
  readonly offlineSince: number | null
  /** Why Vigil refused this tab, in its words, while signed out; else null. */
  readonly refusal: string | null
  setStatus(status: ConnectionStatus, refusal?: string | null): void
  markSnapshot(at: number): void
}

/** The connection store. */
export const useConnectionStore = create<ConnectionState>()((set, get) => ({
  status: 'connecting',
  lastSnapshotAt: null,
  wasOnline: false,
  offlineSince: null,
  refusal: null,
  setStatus(status, refusal = null) {
    const before = get()
    if (status === 'online') {
      set({ status, wasOnline: true, offlineSince: null, refusal: null })
    } else if (before.wasOnline && before.offlineSince === null) {
      set({ status, offlineSince: Date.now(), refusal })
    } else {
      set({ status, refusal })
    }
  },
  markSnapshot(at) {
    set({ lastSnapshotAt: at })
  },
}))
