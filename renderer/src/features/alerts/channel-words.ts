/** How the channels panel words each channel's fields and a delivery's outcome. */
import type { ChannelDelivery, ChannelId } from '../../../../shared/channels'

/** What each channel asks for, in the trader's words. */
export const CHANNEL_FIELDS: Readonly<
  Record<
    ChannelId,
    {
      readonly url: string
      readonly urlHelp: string
      readonly secret: string
      readonly secretHelp: string
      readonly secretNeeded: boolean
    }
  >
> = {
  generic: {
    url: 'Webhook URL',
    urlHelp: 'Vigil POSTs JSON: severity, title, message, ts, account.',
    secret: 'Access token (optional)',
    secretHelp: 'Sent as "Authorization: Bearer …" when stored.',
    secretNeeded: false,
  },
  ntfy: {
    url: 'ntfy server',
    urlHelp: 'https://ntfy.sh, or your own server.',
    secret: 'Access token (optional)',
    secretHelp: 'For a protected topic (tk_…).',
    secretNeeded: false,
  },
  telegram: {
    url: 'Bot API address',
    urlHelp: 'https://api.telegram.org unless you run your own.',
    secret: 'Bot token',
    secretHelp: 'From BotFather: 123456789:AAF…',
    secretNeeded: true,
  },
  discord: {
    url: 'Webhook URL (without its key)',
    urlHelp: 'Filled in when you store the whole webhook URL below.',
    secret: 'Webhook URL or its key',
    secretHelp: "Paste the whole URL from the channel's Integrations settings.",
    secretNeeded: true,
  },
}

/** A delivery's outcome in one line. */
export function deliveryWords(d: ChannelDelivery): string {
  const tries = `${d.attempts} attempt${d.attempts === 1 ? '' : 's'}`
  if (d.ok) return `Delivered (${tries})`
  if (d.attempts === 0) return `Not sent: ${d.reason ?? 'no reason given'}`
  return `Failed after ${tries}: ${d.reason ?? 'no reason given'}`
}
