/**
 * The link to the engine as the header shows it.
 */
import { create } from 'zustand'
import type { ConnectionStatus } from '../lib/desk'

/** State and actions of the connection store. */
export interface ConnectionState {
  readonly status: ConnectionStatus
  /** When the console last loaded a full snapshot (epoch ms), or null before the first. */
  readonly lastSnapshotAt: number | null
  setStatus(status: ConnectionStatus): void
  markSnapshot(at: number): void
}

/** The connection store. */
export const useConnectionStore = create<ConnectionState>()((set) => ({
  status: 'connecting',
  lastSnapshotAt: null,
  setStatus(status) {
    set({ status })
  },
  markSnapshot(at) {
    set({ lastSnapshotAt: at })
  },
}))
