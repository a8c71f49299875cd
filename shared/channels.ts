/**
 * Outgoing alert channels: where alerts go when the trader is away from the desk (a generic
 * JSON webhook, ntfy, a Telegram bot, Discord). Their settings are plain and journaled; their
 * secret (a bot token, a webhook's key, an access token) never is: the host keeps it the way
 * it keeps exchange keys, and the console only learns whether one is stored.
 */

/** The channels, one of each. */
export const CHANNEL_IDS = ['generic', 'ntfy', 'telegram', 'discord'] as const
/** A channel. */
export type ChannelId = (typeof CHANNEL_IDS)[number]

/** A channel's name as the console shows it. */
export const CHANNEL_LABEL: Readonly<Record<ChannelId, string>> = {
  generic: 'Webhook (JSON)',
  ntfy: 'ntfy',
  telegram: 'Telegram bot',
  discord: 'Discord',
}

/** One channel's settings (no secret). */
export interface AlertChannel {
  readonly id: ChannelId
  readonly enabled: boolean
  /** Which severities it sends. */
  readonly severities: {
    readonly info: boolean
    readonly warning: boolean
    readonly critical: boolean
  }
  /**
   * generic: the webhook URL; ntfy: the server (https://ntfy.sh or your own); telegram: the Bot
   * API base (https://api.telegram.org); discord: the webhook URL without its key.
   */
  readonly url: string
  /** ntfy only: the topic. */
  readonly topic: string
  /** Telegram only: the chat to write to. */
  readonly chatId: string
}

/** The outcome of sending one alert (or a test) to a channel, after every attempt. */
export interface ChannelDelivery {
  readonly id: string
  /** When the last attempt ended, epoch ms. */
  readonly ts: number
  readonly channel: ChannelId
  /** The alert sent; null for a test. */
  readonly alertId: string | null
  readonly severity: 'info' | 'warning' | 'critical'
  readonly ok: boolean
  readonly attempts: number
  /** Why the last attempt failed, in words (never the secret); null when delivered. */
  readonly reason: string | null
}

/** What the console may know of a channel's secret. */
export interface ChannelSecretSummary {
  readonly stored: boolean
  /** Where it comes from ("OS key store", "environment variable ..."), or null. */
  readonly source: string | null
}

/** The channels, whether each has its secret, and the latest deliveries (newest first). */
export interface ChannelsStatus {
  readonly channels: readonly AlertChannel[]
  readonly secrets: Readonly<Record<ChannelId, ChannelSecretSummary>>
  readonly deliveries: readonly ChannelDelivery[]
  /** What each channel still needs before it can send, in words; null when it is complete. */
  readonly problems: Readonly<Record<ChannelId, string | null>>
  /** Where this host keeps channel secrets, in words; null when it cannot keep them. */
  readonly secretStore: string | null
}

const CRITICAL_ONLY = { info: false, warning: false, critical: true } as const

/** The channels as they start: off, critical alerts only once turned on. */
export const DEFAULT_CHANNELS: readonly AlertChannel[] = [
  { id: 'generic', enabled: false, severities: CRITICAL_ONLY, url: '', topic: '', chatId: '' },
  {
    id: 'ntfy',
    enabled: false,
    severities: CRITICAL_ONLY,
    url: 'https://ntfy.sh',
    topic: '',
    chatId: '',
  },
  {
    id: 'telegram',
    enabled: false,
    severities: CRITICAL_ONLY,
    url: 'https://api.telegram.org',
    topic: '',
    chatId: '',
  },
  { id: 'discord', enabled: false, severities: CRITICAL_ONLY, url: '', topic: '', chatId: '' },
]
