/**
 * "Send a test" end to end, in real Chromium against the server host: the trader points the
 * Telegram channel at a (local) Bot API, stores the bot token, sends a test and sees it
 * delivered; a refusal from the service shows with its reason; the token is kept only in the
 * 0600 secrets file, in no other file of the data folder, and never reaches the page.
 * Screenshots: test-results/screenshots/alert-channels-1440.png and alert-channels-1280.png.
 */
import { createServer, type IncomingHttpHeaders } from 'node:http'
import type { AddressInfo } from 'node:net'
import { readdirSync, readFileSync, statSync } from 'node:fs'
import path from 'node:path'
import { describe, expect, test } from './fixture'

const TOKEN = '4242424242:AAH-e2e-bot-token'

interface Received {
  readonly url: string
  readonly headers: IncomingHttpHeaders
  readonly body: string
}

describe('alert channels in Chromium', () => {
  test('sends a test to Telegram through the server host and keeps the token secret', async ({
    desk,
  }) => {
    const received: Received[] = []
    let status = 200
    const api = createServer((req, res) => {
      let body = ''
      req.on('data', (chunk: Buffer) => (body += chunk.toString()))
      req.on('end', () => {
        received.push({ url: req.url ?? '', headers: req.headers, body })
        res
          .writeHead(status, { 'Content-Type': 'application/json' })
          .end(
            status === 200
              ? '{"ok":true}'
              : '{"ok":false,"description":"Bad Request: chat not found"}',
          )
      })
    })
    await new Promise<void>((resolve) => api.listen(0, '127.0.0.1', resolve))
    const base = `http://127.0.0.1:${(api.address() as AddressInfo).port}`
    try {
      const { page } = desk
      await page.getByTestId('nav-alerts').click()
      const telegram = page.getByTestId('channel-telegram')
      await telegram.scrollIntoViewIfNeeded()
      await expect
        .poll(() => telegram.getByTestId('channel-telegram-problem').textContent())
        .toMatch(/chat id is missing/)

      await telegram.getByTestId('channel-telegram-url').fill(base)
      await telegram.getByTestId('channel-telegram-chat').fill('42')
      await telegram.getByTestId('channel-telegram-save').click()
      await telegram.getByTestId('channel-telegram-secret').fill(TOKEN)
      await telegram.getByTestId('channel-telegram-secret-store').click()
      await expect
        .poll(() => telegram.getByTestId('channel-telegram-secret-state').textContent())
        .toMatch(/^Stored \(file .*channel-secrets\.json\); never shown again\.$/)
      await expect.poll(() => telegram.getByTestId('channel-telegram-problem').count()).toBe(0)
      // Checked once the engine has taken it (the box shows the engine's setting).
      await telegram.getByTestId('channel-telegram-enabled').click()
      await expect
        .poll(() => telegram.getByTestId('channel-telegram-enabled').isChecked())
        .toBe(true)

      await telegram.getByTestId('channel-telegram-test').click()
      await expect
        .poll(() => telegram.getByTestId('channel-telegram-last').textContent())
        .toMatch(/^Test at \d\d:\d\d:\d\d: Delivered \(1 attempt\)$/)
      expect(received).toHaveLength(1)
      expect(received[0]?.url).toBe(`/bot${TOKEN}/sendMessage`)
      expect(JSON.parse(received[0]?.body ?? '{}')).toMatchObject({ chat_id: '42' })

      await telegram.scrollIntoViewIfNeeded()
      await desk.shoot('alert-channels-1440.png')

      status = 400
      await telegram.getByTestId('channel-telegram-test').click()
      await expect
        .poll(() => telegram.getByTestId('channel-telegram-last').textContent())
        .toMatch(/Failed after 1 attempt: 127\.0\.0\.1:\d+ answered HTTP 400: .*chat not found/)
      const row = page.getByTestId('delivery-row').first()
      await expect.poll(() => row.textContent()).toContain('Failed after 1 attempt')
      expect(await page.content()).not.toContain(TOKEN)

      await page.setViewportSize({ width: 1280, height: 720 })
      await telegram.scrollIntoViewIfNeeded()
      await desk.shoot('alert-channels-1280.png')
      await page.setViewportSize({ width: 1440, height: 900 })

      // A restart writes the snapshot: the token is in no file but the secrets file (0600).
      await desk.restart()
      const files = readdirSync(desk.dataDir, { recursive: true })
        .map((name) => path.join(desk.dataDir, String(name)))
        .filter((file) => statSync(file).isFile())
      const holding = files.filter((file) => readFileSync(file, 'latin1').includes(TOKEN))
      expect(holding.map((file) => path.basename(file))).toEqual(['channel-secrets.json'])
      expect(statSync(holding[0] as string).mode & 0o777).toBe(0o600)
      expect(files.some((file) => path.basename(file) === 'state.json')).toBe(true)
    } finally {
      await new Promise((resolve) => api.close(resolve))
    }
  })
})
