/**
 * The outgoing alert channels as the console shows them: their settings, whether each has its
 * secret (never the secret itself), what each still lacks, and the latest deliveries. Loaded
 * when the Alerts screen opens; 'alerts:channel' and 'alerts:delivery' keep it current.
 */
import { create } from 'zustand'
import type {
  AlertChannel,
  ChannelDelivery,
  ChannelId,
  ChannelSecretSummary,
  ChannelsStatus,
} from '../../../shared/channels'
import type { CommandPayload } from '../../../shared/contract'
import type { Result } from '../../../shared/result'
import { invoke } from '../lib/desk'

/** The changes a channel's settings can take. */
export type ChannelPatch = Omit<CommandPayload<'alerts:set-channel'>, 'id'>

/** State and actions of the channels store. */
export interface ChannelsState {
  readonly status: ChannelsStatus | null
  readonly loadError: string | null
  load(): Promise<Result<ChannelsStatus>>
  configure(id: ChannelId, patch: ChannelPatch): Promise<Result<AlertChannel>>
  /** Stores a secret (null removes it). */
  setSecret(id: ChannelId, secret: string | null): Promise<Result<ChannelSecretSummary>>
  /** Sends a test message once; answers the delivery. */
  test(id: ChannelId): Promise<Result<ChannelDelivery>>
  applyChannel(channel: AlertChannel): void
  applyDelivery(delivery: ChannelDelivery): void
}

/** The channels store. */
export const useChannelsStore = create<ChannelsState>()((set, get) => {
  /** After a change: what a channel lacks and where its secret is may have changed too. */
  const reloadAfter = async <T>(result: Promise<Result<T>>): Promise<Result<T>> => {
    const answer = await result
    if (answer.ok) await get().load()
    return answer
  }
  return {
    status: null,
    loadError: null,
    async load() {
      const result = await invoke('alerts:channels', {})
      if (result.ok) set({ status: result.value, loadError: null })
      else set({ loadError: result.error.message })
      return result
    },
    configure: (id, patch) => reloadAfter(invoke('alerts:set-channel', { id, ...patch })),
    setSecret: (id, secret) => reloadAfter(invoke('alerts:set-channel-secret', { id, secret })),
    test: (id) => invoke('alerts:test-channel', { id }),
    applyChannel(channel) {
      const status = get().status
      if (!status) return
      set({
        status: {
          ...status,
          channels: status.channels.map((c) => (c.id === channel.id ? channel : c)),
        },
      })
    },
    applyDelivery(delivery) {
      const status = get().status
      if (!status || status.deliveries.some((d) => d.id === delivery.id)) return
      set({ status: { ...status, deliveries: [delivery, ...status.deliveries].slice(0, 50) } })
    },
  }
})
