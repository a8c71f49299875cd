/**
 * Sends alerts to the trader's outgoing channels. When an alert is raised, each channel that is
 * on for its severity gets it; a failed attempt is tried again after 1 s, 5 s and 30 s (on the
 * injected clock), then the failure is recorded with its reason. Every outcome is journaled
 * (never the secret) and shown on the Alerts screen. A test is tried once, so its answer comes
 * while the trader waits.
 */
import {
  CHANNEL_IDS,
  CHANNEL_LABEL,
  type AlertChannel,
  type ChannelDelivery,
  type ChannelId,
  type ChannelSecretSummary,
  type ChannelsStatus,
} from '../../../shared/channels'
import { err, ok, type Result } from '../../../shared/result'
import type { Alert } from '../../../shared/types'
import type { Clock, TimerHandle } from '../core'
import type { Recorder } from '../journal'
import type { ChannelLog } from './channel-log'
import {
  buildRequest,
  channelProblem,
  checkUrl,
  readSecret,
  scrub,
  urlHoldsSecret,
  type AlertSender,
  type OutgoingMessage,
} from './channel-presets'
import type { ChannelSecretStore } from './channel-secrets'

/** The waits before the second, third and fourth attempt, ms; then the failure is recorded. */
export const RETRY_DELAYS_MS: readonly number[] = [1_000, 5_000, 30_000]

/** How much of a channel's answer a failure quotes. */
const QUOTED = 200

const TITLE = { info: 'Vigil: info', warning: 'Vigil: warning', critical: 'Vigil: CRITICAL alert' }

/** A change to a channel's settings. */
export interface ChannelChange {
  readonly enabled?: boolean
  readonly severities?: Partial<AlertChannel['severities']>
  readonly url?: string
  readonly topic?: string
  readonly chatId?: string
}

/** What the channels work with. */
export interface AlertChannelsDeps {
  readonly clock: Clock
  readonly log: ChannelLog
  readonly recorder: Recorder
  /** The host's store of channel secrets; null: this host cannot keep them. */
  readonly secrets: ChannelSecretStore | null
  readonly send: AlertSender
  /** An account's name for the message (null: every account). */
  readonly accountName: (accountId: string | null) => string | null
}

/** The outgoing channels: settings, secrets, deliveries with retries. */
export class AlertChannels {
  private serial = 0
  private closed = false
  private readonly pending = new Set<Promise<unknown>>()
  private readonly waits = new Map<TimerHandle, () => void>()

  constructor(private readonly deps: AlertChannelsDeps) {}

  /** Sends a raised alert to every channel that is on for its severity. */
  notify(alert: Alert): void {
    if (this.closed) return
    const message: OutgoingMessage = {
      severity: alert.severity,
      title: TITLE[alert.severity],
      message: alert.message,
      ts: alert.ts,
      account: this.deps.accountName(alert.accountId),
    }
    for (const channel of this.deps.log.list()) {
      if (!channel.enabled || !channel.severities[alert.severity]) continue
      const sending = this.deliver(channel.id, message, alert.id, RETRY_DELAYS_MS)
      this.pending.add(sending)
      void sending.finally(() => this.pending.delete(sending))
    }
  }

  /** Sends a test message once and answers what happened. */
  async test(id: ChannelId): Promise<ChannelDelivery> {
    const message: OutgoingMessage = {
      severity: 'info',
      title: 'Vigil: test',
      message: 'This is a test from Vigil. Alerts of the severities you chose will arrive here.',
      ts: this.deps.clock.now(),
      account: null,
    }
    return this.deliver(id, message, null, [])
  }

  /** Changes a channel's settings; a channel is turned on only when it has all it needs. */
  async configure(id: ChannelId, change: ChannelChange): Promise<Result<AlertChannel>> {
    const current = this.deps.log.channel(id)
    const next: AlertChannel = {
      ...current,
      ...(change.enabled === undefined ? {} : { enabled: change.enabled }),
      ...(change.url === undefined ? {} : { url: change.url.trim() }),
      ...(change.topic === undefined ? {} : { topic: change.topic.trim() }),
      ...(change.chatId === undefined ? {} : { chatId: change.chatId.trim() }),
      severities: { ...current.severities, ...change.severities },
    }
    const label = CHANNEL_LABEL[id]
    if (change.url !== undefined && next.url !== '') {
      const problem = checkUrl(next.url)
      if (problem) return err('INVALID_INPUT', `${label}: the URL ${problem}`)
      const secret = urlHoldsSecret(next)
      if (secret) return err('INVALID_INPUT', `${label}: ${secret}`)
    }
    if (next.enabled) {
      const problem = channelProblem(next, await this.hasSecret(id))
      if (problem) return err('INVALID_INPUT', `${label} cannot be turned on yet. ${problem}`)
      if (!Object.values(next.severities).some(Boolean))
        return err('INVALID_INPUT', `${label}: choose at least one severity to send.`)
    }
    await this.deps.recorder.commit('alerts.channel', next)
    return ok(next)
  }

  /** Stores a channel's secret (null: removes it); the secret never leaves the host's store. */
  async setSecret(id: ChannelId, text: string | null): Promise<Result<ChannelSecretSummary>> {
    const store = this.deps.secrets
    if (!store)
      return err(
        'UNAVAILABLE',
        'This Vigil host has no place to keep secrets safely, so a channel secret cannot be stored here.',
      )
    const channel = this.deps.log.channel(id)
    try {
      if (text === null) {
        await store.delete(id)
      } else {
        const read = readSecret(channel, text)
        if (typeof read === 'string') return err('INVALID_INPUT', `${CHANNEL_LABEL[id]}: ${read}`)
        await store.set(id, read.secret)
        if (read.url !== undefined && read.url !== channel.url)
          await this.deps.recorder.commit('alerts.channel', { ...channel, url: read.url })
      }
      return ok(await this.secretSummary(id))
    } catch (error) {
      return err('UNAVAILABLE', scrub((error as Error).message, text))
    }
  }

  /** Every channel, whether its secret is stored, what it lacks, the latest deliveries. */
  async status(): Promise<ChannelsStatus> {
    const secrets = {} as Record<ChannelId, ChannelSecretSummary>
    const problems = {} as Record<ChannelId, string | null>
    for (const id of CHANNEL_IDS) {
      secrets[id] = await this.secretSummary(id)
      problems[id] = channelProblem(this.deps.log.channel(id), secrets[id].stored)
    }
    return {
      channels: this.deps.log.list(),
      secrets,
      deliveries: this.deps.log.deliveries(),
      problems,
      secretStore: this.deps.secrets?.describe() ?? null,
    }
  }

  /** Resolves when every delivery under way has ended (or was given up at close). */
  async idle(): Promise<void> {
    while (this.pending.size > 0) await Promise.allSettled([...this.pending])
  }

  /** Stops waiting to retry: what is under way ends with its last answer. */
  close(): void {
    this.closed = true
    for (const [timer, resolve] of this.waits) {
      timer.cancel()
      resolve()
    }
    this.waits.clear()
  }

  private async deliver(
    id: ChannelId,
    message: OutgoingMessage,
    alertId: string | null,
    delays: readonly number[],
  ): Promise<ChannelDelivery> {
    let secret: string | null = null
    let reason: string | null = null
    try {
      secret = (await this.deps.secrets?.get(id)) ?? null
    } catch (error) {
      reason = `its secret could not be read: ${(error as Error).message}`
    }
    const channel = this.deps.log.channel(id)
    reason ??= channelProblem(channel, secret !== null)
    let attempts = 0
    if (reason === null) {
      for (;;) {
        attempts += 1
        reason = await this.attempt(channel, secret, message)
        const delay = delays[attempts - 1]
        if (reason === null || delay === undefined || this.closed) break
        await this.wait(delay)
        if (this.closed) break
      }
    }
    return this.record({ channel: id, alertId, severity: message.severity, attempts, reason })
  }

  /** One try; answers why it failed, or null. */
  private async attempt(
    channel: AlertChannel,
    secret: string | null,
    message: OutgoingMessage,
  ): Promise<string | null> {
    const request = buildRequest(channel, secret, message)
    const host = new URL(request.url).host
    let why: string | null
    try {
      const answer = await this.deps.send(request)
      if (answer.status >= 200 && answer.status < 300) return null
      const body = answer.body.replace(/\s+/g, ' ').trim().slice(0, QUOTED)
      why = `${host} answered HTTP ${answer.status}${body ? `: ${body}` : ''}`
    } catch (error) {
      const cause = (error as { cause?: { message?: string } }).cause?.message
      why = `could not reach ${host}: ${(error as Error).message}${cause ? ` (${cause})` : ''}`
    }
    return scrub(why, secret)
  }

  private wait(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = this.deps.clock.setTimeout(() => {
        this.waits.delete(timer)
        resolve()
      }, ms)
      this.waits.set(timer, resolve)
    })
  }

  private record(
    outcome: Omit<ChannelDelivery, 'id' | 'ts' | 'ok'> & { reason: string | null },
  ): ChannelDelivery {
    const delivery: ChannelDelivery = {
      id: `delivery-${this.deps.recorder.nextSeq()}-${++this.serial}`,
      ts: this.deps.clock.now(),
      ok: outcome.reason === null,
      ...outcome,
    }
    if (this.deps.recorder.failure === null)
      void this.deps.recorder.commit('alerts.delivery', delivery).catch(() => undefined)
    else this.deps.log.remember(delivery)
    return delivery
  }

  private async hasSecret(id: ChannelId): Promise<boolean> {
    return (await this.secretSummary(id)).stored
  }

  private async secretSummary(id: ChannelId): Promise<ChannelSecretSummary> {
    try {
      const source = (await this.deps.secrets?.source(id)) ?? null
      return { stored: source !== null, source }
    } catch (error) {
      return { stored: false, source: `unreadable: ${(error as Error).message}` }
    }
  }
}
