/** The channel commands: status, settings, secret, test. */
import { ok } from '../../../shared/result'
import type { Handlers } from '../core'
import type { AlertChannels } from './channels'

/** Answers the alert channel commands. */
export function channelHandlers(
  channels: AlertChannels,
): Handlers<
  'alerts:channels' | 'alerts:set-channel' | 'alerts:set-channel-secret' | 'alerts:test-channel'
> {
  return {
    'alerts:channels': async () => ok(await channels.status()),
    'alerts:set-channel': ({ id, ...change }) => channels.configure(id, change),
    'alerts:set-channel-secret': ({ id, secret }) => channels.setSecret(id, secret),
    'alerts:test-channel': async ({ id }) => ok(await channels.test(id)),
  }
}
