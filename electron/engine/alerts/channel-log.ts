/**
 * The alert channels' settings and their latest deliveries, folded from the journal (records
 * `alerts.channel` and `alerts.delivery`); a data folder from before channels starts with the
 * defaults, every channel off.
 */
import {
  DEFAULT_CHANNELS,
  type AlertChannel,
  type ChannelDelivery,
  type ChannelId,
} from '../../../shared/channels'
import type { EngineEvent } from '../../../shared/contract'
import type { Fold, JournalRecord } from '../journal'

/** Deliveries kept in memory and in the snapshot, newest first (the journal keeps them all). */
const KEPT = 50

/** What the snapshot keeps of the channels. */
export interface ChannelsState {
  readonly channels: readonly AlertChannel[]
  readonly deliveries: readonly ChannelDelivery[]
}

/** The channels' settings and latest deliveries. */
export class ChannelLog {
  private channels: AlertChannel[] = [...DEFAULT_CHANNELS]
  private recent: ChannelDelivery[] = []

  /** Folds one record in; answers the event its change publishes. */
  apply(record: JournalRecord): EngineEvent | null {
    switch (record.type) {
      case 'alerts.channel': {
        const channel = record.payload
        this.channels = this.channels.map((c) => (c.id === channel.id ? channel : c))
        return { type: 'alerts:channel', payload: channel }
      }
      case 'alerts.delivery':
        this.recent = [record.payload, ...this.recent].slice(0, KEPT)
        return { type: 'alerts:delivery', payload: record.payload }
      default:
        return null
    }
  }

  /** Keeps a delivery the journal could not take (it is still shown). */
  remember(delivery: ChannelDelivery): void {
    this.recent = [delivery, ...this.recent].slice(0, KEPT)
  }

  channel(id: ChannelId): AlertChannel {
    return this.channels.find((c) => c.id === id) as AlertChannel
  }

  list(): readonly AlertChannel[] {
    return this.channels
  }

  deliveries(): readonly ChannelDelivery[] {
    return this.recent
  }

  toState(): ChannelsState {
    return { channels: this.channels, deliveries: this.recent }
  }

  static fromState(state: ChannelsState | undefined): ChannelLog {
    const log = new ChannelLog()
    if (state) {
      log.channels = DEFAULT_CHANNELS.map((d) => state.channels.find((c) => c.id === d.id) ?? d)
      log.recent = [...state.deliveries]
    }
    return log
  }
}

/** The channels as a fold of the journal. */
export const channelsFold: Fold<ChannelLog, ChannelsState> = {
  fromState: (state) => ChannelLog.fromState(state),
  toState: (log) => log.toState(),
  apply: (log, record) => {
    const event = log.apply(record)
    return event ? [event] : []
  },
}
