/**
 * What each channel's request looks like (the presets), what a channel still needs before it
 * can send, and how a secret is kept out of every text that leaves the engine.
 */
import type { AlertChannel } from '../../../shared/channels'

/** One HTTP request to a channel. */
export interface OutgoingRequest {
  readonly url: string
  readonly method: 'POST'
  readonly headers: Readonly<Record<string, string>>
  readonly body: string
}

/** What the channel answered. */
export interface SenderResponse {
  readonly status: number
  readonly body: string
}

/** Sends one request (fetch in production, a local server or a fake in tests). */
export type AlertSender = (request: OutgoingRequest) => Promise<SenderResponse>

/** An alert as a channel receives it. */
export interface OutgoingMessage {
  readonly severity: 'info' | 'warning' | 'critical'
  readonly title: string
  readonly message: string
  readonly ts: number
  /** The account's name, or null for every account. */
  readonly account: string | null
}

/** ntfy's priorities (1–5) by severity: critical alerts ring through do-not-disturb. */
const NTFY_PRIORITY = { info: '3', warning: '4', critical: '5' } as const

/** Discord refuses a message longer than this. */
const DISCORD_LIMIT = 2_000
/** Telegram refuses a message longer than this. */
const TELEGRAM_LIMIT = 4_096

const cut = (text: string, limit: number): string =>
  text.length <= limit ? text : `${text.slice(0, limit - 1)}…`

const trimSlash = (url: string): string => url.replace(/\/+$/, '')

/** The request that carries a message to a channel; the channel is complete (see channelProblem). */
export function buildRequest(
  channel: AlertChannel,
  secret: string | null,
  m: OutgoingMessage,
): OutgoingRequest {
  const bearer: Record<string, string> = secret ? { Authorization: `Bearer ${secret}` } : {}
  const json = { 'Content-Type': 'application/json' }
  const line = m.account ? `${m.message} (${m.account})` : m.message
  switch (channel.id) {
    case 'generic':
      return {
        url: channel.url,
        method: 'POST',
        headers: { ...json, ...bearer },
        body: JSON.stringify({
          severity: m.severity,
          title: m.title,
          message: m.message,
          ts: m.ts,
          account: m.account,
        }),
      }
    case 'ntfy':
      return {
        url: `${trimSlash(channel.url)}/${encodeURIComponent(channel.topic)}`,
        method: 'POST',
        // Header values must be ASCII: the title is Vigil's own words, kept to that.
        headers: {
          'Content-Type': 'text/plain; charset=utf-8',
          Title: m.title.replace(/[^\x20-\x7e]/g, '?'),
          Priority: NTFY_PRIORITY[m.severity],
          ...bearer,
        },
        body: line,
      }
    case 'telegram':
      return {
        url: `${trimSlash(channel.url)}/bot${secret ?? ''}/sendMessage`,
        method: 'POST',
        headers: json,
        body: JSON.stringify({
          chat_id: channel.chatId,
          text: cut(`${m.title}\n${line}`, TELEGRAM_LIMIT),
        }),
      }
    case 'discord':
      return {
        url: `${trimSlash(channel.url)}/${secret ?? ''}`,
        method: 'POST',
        headers: json,
        body: JSON.stringify({ content: cut(`**${m.title}**\n${line}`, DISCORD_LIMIT) }),
      }
  }
}

/** What a channel still needs before it can send, in words; null when it is complete. */
export function channelProblem(channel: AlertChannel, hasSecret: boolean): string | null {
  const urlProblem = checkUrl(channel.url)
  switch (channel.id) {
    case 'generic':
      return urlProblem && `Webhook: the URL ${urlProblem}`
    case 'ntfy':
      if (urlProblem) return `ntfy: the server ${urlProblem}`
      return channel.topic
        ? null
        : 'ntfy: choose a topic (the name after the server, like vigil-alerts-7f3k).'
    case 'telegram':
      if (urlProblem) return `Telegram: the Bot API address ${urlProblem}`
      if (!channel.chatId)
        return 'Telegram: the chat id is missing (a number such as 123456789; ask @userinfobot for yours).'
      return hasSecret
        ? null
        : 'Telegram: the bot token is missing (BotFather gives it when you create the bot).'
    case 'discord':
      if (urlProblem)
        return `Discord: the webhook URL ${urlProblem} Paste the whole webhook URL from the channel's Integrations settings.`
      return hasSecret
        ? null
        : "Discord: the webhook's key is missing. Paste the whole webhook URL from the channel's Integrations settings."
  }
}

/**
 * Why a channel's address must not be kept as a setting (it carries the secret, and settings
 * are journaled), or null.
 */
export function urlHoldsSecret(channel: AlertChannel): string | null {
  if (channel.id === 'discord' && /\/webhooks\/\d+\/[^/]+/.test(channel.url))
    return "that URL ends with the webhook's key. Paste the whole webhook URL in the secret field instead: Vigil keeps the key as the secret and the rest as the address."
  if (channel.id === 'telegram' && /\/bot\d+:/.test(channel.url))
    return 'that address holds a bot token. Enter only https://api.telegram.org here and the token in the Bot token field.'
  return null
}

/** Why a URL cannot be used, or null. */
export function checkUrl(url: string): string | null {
  if (!url) return 'is missing.'
  let parsed: URL
  try {
    parsed = new URL(url)
  } catch {
    return `"${url}" is not a web address (it should start with https://).`
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:')
    return `must start with https:// or http://, not ${parsed.protocol}//.`
  if (parsed.username || parsed.password)
    return 'must not carry a user name or password; store the secret as the channel secret instead.'
  return null
}

/**
 * Checks a secret for its channel; for Discord, the whole webhook URL may be pasted and is split
 * into the part kept in the settings and the key kept as the secret. Answers why it is wrong, or
 * what to keep.
 */
export function readSecret(
  channel: AlertChannel,
  text: string,
): { readonly secret: string; readonly url?: string } | string {
  const secret = text.trim()
  if (!secret) return 'The secret is empty. Paste it, or clear it with Remove.'
  if (channel.id === 'discord') {
    const whole = /^(https?:\/\/[^\s?#]+\/webhooks\/\d+)\/([\w-]+)\/?$/.exec(secret)
    if (whole) return { url: whole[1] as string, secret: whole[2] as string }
    if (/^[\w-]+$/.test(secret)) return { secret }
    return 'That is not a Discord webhook URL (https://discord.com/api/webhooks/<number>/<key>) or its key.'
  }
  if (channel.id === 'telegram' && !/^\d+:[\w-]+$/.test(secret))
    return 'That is not a Telegram bot token: BotFather gives one like 123456789:AAF…, a number, a colon and letters.'
  if (!/^[\x21-\x7e]+$/.test(secret))
    return 'The secret must be one word of plain characters (no spaces or line breaks).'
  return { secret }
}

/** The text with every copy of the secret replaced by "•••": a failure reason may quote the URL. */
export function scrub(text: string, secret: string | null): string {
  if (!secret) return text
  return text.split(secret).join('•••')
}
