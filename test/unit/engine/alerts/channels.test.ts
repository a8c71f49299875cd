/**
 * Outgoing alert channels on a fake clock with a fake sender: an alert reaches the channels on
 * for its severity; a failed attempt is retried after 1 s, 5 s and 30 s, then given up and the
 * failure recorded with its reason; a test is tried once; bad settings are refused with the
 * reason; the secret never reaches the settings, the journal, the snapshot or a reason.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs'
import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import type { Engine } from '../../../../electron/engine'
import { MemoryChannelSecrets } from '../../../../electron/engine/alerts'
import type { ChannelsStatus } from '../../../../shared/channels'
import { call, cleanup, tempDir, testEngine, value } from '../../../kit/engine'
import type { FakeClock } from '../../../kit/fake-clock'
import { fakeSender, type FakeSender } from '../../../kit/fake-sender'

const TOKEN = '123456789:AAF-very-secret-bot-token'

let dir: string | null = null
let engine: Engine | null = null
afterEach(async () => {
  await engine?.close()
  engine = null
  if (dir) cleanup(dir)
  dir = null
})

async function start(
  sender: FakeSender,
  secrets = new MemoryChannelSecrets(),
): Promise<{ engine: Engine; clock: FakeClock }> {
  dir ??= tempDir('vigil-channels-')
  const started = await testEngine(dir, { sendAlert: sender.send, channelSecrets: secrets })
  engine = started.engine
  return started
}

/** Cash is $10,000: a "cash below $20,000" rule raises an alert of the given severity at once. */
async function raiseAlert(e: Engine, severity: 'info' | 'warning' | 'critical'): Promise<void> {
  value(await call(e, 'alerts:update-rule', { id: 'low_balance', threshold: 20_000, severity }))
}

async function status(e: Engine): Promise<ChannelsStatus> {
  return value(await call(e, 'alerts:channels', {}))
}

/** Lets the promise chains that a timer or an answer started run to their next wait. */
async function settle(): Promise<void> {
  await new Promise((resolve) => setImmediate(resolve))
}

describe('an alert sent to a channel', () => {
  it('is retried after 1 s, 5 s and 30 s, then given up with the reason shown', async () => {
    const sender = fakeSender({ status: 503, body: 'upstream down' })
    const { engine: e, clock } = await start(sender)
    value(
      await call(e, 'alerts:set-channel', {
        id: 'generic',
        url: 'https://hooks.test/vigil',
        enabled: true,
      }),
    )

    await raiseAlert(e, 'critical')
    await sender.sent(1)
    await settle()
    for (const [wait, total] of [
      [1_000, 2],
      [5_000, 3],
      [30_000, 4],
    ] as const) {
      clock.advance(wait - 1)
      await settle()
      expect(sender.requests).toHaveLength(total - 1)
      clock.advance(1)
      await sender.sent(total)
      await settle()
    }
    clock.advance(3_600_000)
    await settle()
    expect(sender.requests).toHaveLength(4)

    const [delivery] = (await status(e)).deliveries
    expect(delivery).toMatchObject({
      channel: 'generic',
      ok: false,
      attempts: 4,
      severity: 'critical',
      reason: 'hooks.test answered HTTP 503: upstream down',
    })
    expect(delivery?.alertId).toMatch(/^alert-/)
  })

  it('is recorded as delivered when a retry gets through', async () => {
    const sender = fakeSender(new Error('fetch failed'), { status: 200, body: 'ok' })
    const { engine: e, clock } = await start(sender)
    value(
      await call(e, 'alerts:set-channel', {
        id: 'generic',
        url: 'https://hooks.test/vigil',
        enabled: true,
      }),
    )

    await raiseAlert(e, 'critical')
    await sender.sent(1)
    await settle()
    clock.advance(1_000)
    await sender.sent(2)
    await settle()

    expect((await status(e)).deliveries[0]).toMatchObject({ ok: true, attempts: 2, reason: null })
    expect(JSON.parse(sender.requests[1]?.body ?? '{}')).toMatchObject({
      severity: 'critical',
      title: 'Vigil: CRITICAL alert',
      message: expect.stringContaining('cash $10,000.00 is below $20,000.00'),
    })
  })

  it.each([
    ['critical', 'telegram'],
    ['warning', 'ntfy'],
    ['info', null],
  ] as const)('of severity %s goes only to the channel on for it (%s)', async (severity, to) => {
    const sender = fakeSender({ status: 200, body: '{"ok":true}' })
    const secrets = new MemoryChannelSecrets()
    const { engine: e } = await start(sender, secrets)
    value(await call(e, 'alerts:set-channel-secret', { id: 'telegram', secret: TOKEN }))
    value(
      await call(e, 'alerts:set-channel', {
        id: 'telegram',
        chatId: '42',
        url: 'https://telegram.test',
        enabled: true,
        severities: { critical: true, warning: false },
      }),
    )
    value(
      await call(e, 'alerts:set-channel', {
        id: 'ntfy',
        topic: 'vigil-alerts',
        url: 'https://ntfy.test',
        enabled: true,
        severities: { critical: false, warning: true },
      }),
    )

    await raiseAlert(e, severity)
    await settle()
    await e.idle()

    const hosts = sender.requests.map((r) => new URL(r.url).host)
    expect(hosts).toEqual(to === null ? [] : [`${to}.test`])
  })
})

describe('a test message', () => {
  it('is tried once and answers the failure in words, without the bot token', async () => {
    // Node's fetch says which URL failed; the token is in Telegram's URL.
    const sender = fakeSender(
      new Error(`request to https://telegram.test/bot${TOKEN}/sendMessage failed`),
    )
    const { engine: e } = await start(sender)
    value(await call(e, 'alerts:set-channel-secret', { id: 'telegram', secret: TOKEN }))
    value(
      await call(e, 'alerts:set-channel', {
        id: 'telegram',
        chatId: '42',
        url: 'https://telegram.test',
      }),
    )

    const delivery = value(await call(e, 'alerts:test-channel', { id: 'telegram' }))

    expect(sender.requests).toHaveLength(1)
    expect(delivery).toMatchObject({ ok: false, attempts: 1, alertId: null })
    expect(delivery.reason).toBe(
      'could not reach telegram.test: request to https://telegram.test/bot•••/sendMessage failed',
    )
  })

  it('says what a channel still lacks instead of sending', async () => {
    const sender = fakeSender({ status: 200, body: '' })
    const { engine: e } = await start(sender)
    value(await call(e, 'alerts:set-channel', { id: 'telegram', chatId: '42' }))

    const delivery = value(await call(e, 'alerts:test-channel', { id: 'telegram' }))

    expect(sender.requests).toHaveLength(0)
    expect(delivery).toMatchObject({ ok: false, attempts: 0 })
    expect(delivery.reason).toMatch(/bot token is missing/)
  })
})

describe('channel settings', () => {
  it('refuse bad input with the reason and change nothing', async () => {
    const { engine: e } = await start(fakeSender())
    const before = await status(e)
    const refusals = [
      await call(e, 'alerts:set-channel', { id: 'generic', url: 'hooks.example.com' }),
      await call(e, 'alerts:set-channel', { id: 'generic', url: 'ftp://hooks.example.com' }),
      await call(e, 'alerts:set-channel', { id: 'telegram', enabled: true }),
      await call(e, 'alerts:set-channel', { id: 'ntfy', enabled: true }),
      await call(e, 'alerts:set-channel', { id: 'discord', enabled: true }),
      await call(e, 'alerts:set-channel', { id: 'telegram', chatId: 'my chat' }),
      await call(e, 'alerts:set-channel-secret', { id: 'telegram', secret: 'not a token' }),
      await call(e, 'alerts:set-channel-secret', { id: 'discord', secret: 'https://x.test/y' }),
      await call(e, 'alerts:set-channel', { id: 'sms', enabled: true }),
      await call(e, 'alerts:set-channel', {
        id: 'discord',
        url: 'https://discord.com/api/webhooks/1234/Secret-Key',
      }),
      await call(e, 'alerts:set-channel', {
        id: 'telegram',
        url: `https://api.telegram.org/bot${TOKEN}`,
      }),
    ]
    const messages = refusals.map((r) => (r.ok ? 'accepted' : r.error.message))
    expect(messages).toEqual([
      expect.stringMatching(/"hooks.example.com" is not a web address/),
      expect.stringMatching(/must start with https:\/\/ or http:\/\//),
      expect.stringMatching(/Telegram bot cannot be turned on yet.*chat id is missing/),
      expect.stringMatching(/ntfy cannot be turned on yet.*choose a topic/),
      expect.stringMatching(/Discord cannot be turned on yet.*webhook URL is missing/),
      expect.stringMatching(/chatId: must be a chat number/),
      expect.stringMatching(/not a Telegram bot token/),
      expect.stringMatching(/not a Discord webhook URL/),
      expect.stringMatching(/id: must be one of generic, ntfy, telegram, discord/),
      expect.stringMatching(/Discord: that URL ends with the webhook's key\. Paste the whole/),
      expect.stringMatching(/Telegram bot: that address holds a bot token/),
    ])
    expect(messages.join(' ')).not.toContain(TOKEN)
    expect(messages.join(' ')).not.toContain('Secret-Key')
    expect(await status(e)).toEqual(before)
  })

  it('cannot store a secret on a host without a secret store', async () => {
    dir = tempDir('vigil-channels-')
    const started = await testEngine(dir, { sendAlert: fakeSender().send })
    engine = started.engine
    const result = await call(engine, 'alerts:set-channel-secret', {
      id: 'telegram',
      secret: TOKEN,
    })
    expect(result.ok ? 'stored' : result.error.code).toBe('UNAVAILABLE')
  })

  it('splits a pasted Discord webhook URL: the key is the secret, the rest a setting', async () => {
    const secrets = new MemoryChannelSecrets()
    const { engine: e } = await start(fakeSender(), secrets)
    const summary = value(
      await call(e, 'alerts:set-channel-secret', {
        id: 'discord',
        secret: 'https://discord.com/api/webhooks/1234567890/AbC-webhook_KEY',
      }),
    )
    expect(summary.stored).toBe(true)
    expect(await secrets.get('discord')).toBe('AbC-webhook_KEY')
    const s = await status(e)
    expect(s.channels.find((c) => c.id === 'discord')?.url).toBe(
      'https://discord.com/api/webhooks/1234567890',
    )
    expect(s.problems.discord).toBeNull()
  })

  it('survive a restart; the secret is in no file of the data folder', async () => {
    const sender = fakeSender({ status: 401, body: `{"description":"Unauthorized ${TOKEN}"}` })
    const secrets = new MemoryChannelSecrets()
    const { engine: e } = await start(sender, secrets)
    value(await call(e, 'alerts:set-channel-secret', { id: 'telegram', secret: TOKEN }))
    value(
      await call(e, 'alerts:set-channel', {
        id: 'telegram',
        chatId: '-100123',
        url: 'https://telegram.test',
        enabled: true,
      }),
    )
    const failed = value(await call(e, 'alerts:test-channel', { id: 'telegram' }))
    expect(failed.reason).toBe(
      'telegram.test answered HTTP 401: {"description":"Unauthorized •••"}',
    )
    await e.close()
    engine = null

    const files = filesUnder(dir as string)
    expect(files.length).toBeGreaterThan(3)
    expect(files.filter((f) => readFileSync(f, 'latin1').includes(TOKEN))).toEqual([])
    expect(files.filter((f) => readFileSync(f, 'latin1').includes('AAF-very'))).toEqual([])

    const { engine: again } = await start(sender, secrets)
    const s = await status(again)
    expect(s.channels.find((c) => c.id === 'telegram')).toMatchObject({
      enabled: true,
      chatId: '-100123',
    })
    expect(s.deliveries[0]).toMatchObject({ channel: 'telegram', ok: false, attempts: 1 })
    expect(JSON.stringify(s)).not.toContain(TOKEN)
  })
})

function filesUnder(folder: string): string[] {
  return readdirSync(folder, { recursive: true })
    .map((name) => path.join(folder, String(name)))
    .filter((f) => statSync(f).isFile())
}
