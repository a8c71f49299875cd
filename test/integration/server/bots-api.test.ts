/**
 * Bots over REST: a bot names itself with the X-Vigil-Bot header, its order carries the name,
 * GET /bots lists it with its counts, a heartbeat is validated, and a bad name or interval is
 * a 400 that says what is allowed and changes nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { accountState, api, startHarness, type Harness } from './server-harness'

let h: Harness
beforeAll(async () => {
  h = await startHarness()
})
afterAll(async () => {
  await h?.stop()
})

const order = {
  symbol: 'BTC-USD',
  side: 'buy',
  type: 'market',
  quantity: '0.01',
}
const as = (bot: string) => ({ 'X-Vigil-Bot': bot })

describe('bots over REST', () => {
  it('refuses a bad bot name with what a name may be, and places nothing', async () => {
    const before = await accountState(h)
    for (const bad of ['-starts-with-dash', 'has space', 'x'.repeat(41), 'ünïcode']) {
      const res = await api(h, 'POST', '/orders', order, as(bad))
      expect(res.status, bad).toBe(400)
      expect(res.json.error.message).toContain('X-Vigil-Bot header')
      expect(res.json.error.message).toContain(
        '1 to 40 characters: letters, digits, "_", "." and "-"',
      )
    }
    expect(await accountState(h)).toBe(before)
    expect((await api(h, 'GET', '/bots')).json.bots).toEqual([])
  })

  it("records the bot's name on its order and lists the bot with its counts", async () => {
    const placed = await api(h, 'POST', '/orders', order, as('grid-1'))
    expect(placed.status).toBe(201)
    expect(placed.json).toMatchObject({ bot: 'grid-1', source: 'api', status: 'filled' })
    const got = await api(h, 'GET', `/orders/${placed.json.id}`)
    expect(got.json.bot).toBe('grid-1')
    const unnamed = await api(h, 'POST', '/orders', order)
    expect(unnamed.json.bot).toBeUndefined()

    const list = await api(h, 'GET', '/bots')
    expect(list.status).toBe(200)
    expect(list.json.bots).toEqual([
      expect.objectContaining({
        name: 'grid-1',
        ordersPlaced: 1,
        fills: expect.any(Number),
        rejections: 0,
        openOrders: 0,
        heartbeatSeconds: null,
        quietSince: null,
        halted: null,
        onQuiet: 'alert',
      }),
    ])
    expect(list.json.bots[0].fills).toBeGreaterThan(0)
    expect(list.json.graceSeconds).toBeGreaterThan(0)
  })

  it('takes a heartbeat with its interval, and refuses a bad one saying what is allowed', async () => {
    for (const [interval, words] of [
      [1, 'at least 5 seconds'],
      [86_401, 'at most 86400 seconds'],
      [7.5, 'whole number of seconds from 5 to 86400'],
      ['30', 'whole number of seconds from 5 to 86400'],
    ] as const) {
      const res = await api(h, 'POST', '/bots/beater/heartbeat', { intervalSeconds: interval })
      expect(res.status, String(interval)).toBe(400)
      expect(res.json.error.message).toContain(words)
    }
    const badName = await api(h, 'POST', '/bots/-x/heartbeat', { intervalSeconds: 30 })
    expect(badName.status).toBe(400)
    const mismatch = await api(
      h,
      'POST',
      '/bots/beater/heartbeat',
      { intervalSeconds: 30 },
      as('other'),
    )
    expect(mismatch.status).toBe(400)
    expect(mismatch.json.error.message).toContain('must be the same bot')
    expect((await api(h, 'GET', '/bots')).json.bots.map((b: { name: string }) => b.name)).toEqual([
      'grid-1',
    ])

    const ok = await api(h, 'POST', '/bots/beater/heartbeat', { intervalSeconds: 30 })
    expect(ok.status).toBe(200)
    expect(ok.json).toMatchObject({ name: 'beater', heartbeatSeconds: 30, quietSince: null })
    expect(ok.json.lastHeartbeat).toBeGreaterThan(0)
  })

  it('names the bot routes among the available ones', async () => {
    const res = await api(h, 'GET', '/nowhere')
    expect(res.status).toBe(404)
    expect(res.json.error.message).toContain('GET /api/v1/bots')
    expect(res.json.error.message).toContain('POST /api/v1/bots/{name}/heartbeat')
  })

  it('sets what going quiet does, and refuses a resume of a bot that is not halted', async () => {
    const set = await api(h, 'POST', '/bots/beater/settings', { onQuiet: 'halt' })
    expect(set.json).toMatchObject({ name: 'beater', onQuiet: 'halt' })
    const bad = await api(h, 'POST', '/bots/beater/settings', { onQuiet: 'panic' })
    expect(bad.status).toBe(400)
    expect(bad.json.error.message).toContain('must be one of alert, halt')
    const resume = await api(h, 'POST', '/bots/beater/resume', { reason: 'looked at it' })
    expect(resume.status).toBe(409)
    expect(resume.json.error.message).toContain('not halted')
  })
})
