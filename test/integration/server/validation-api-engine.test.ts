/**
 * The validation routes on the real engine: a plan started today is day 1 of phase 1 in the
 * JSON, and its audit page says so and ends with the journal's head, the same head the JSON
 * names.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ValidationView } from '../../../shared/validation'
import { api, startHarness, type Harness } from './server-harness'

let h: Harness
beforeAll(async () => {
  h = await startHarness()
})
afterAll(async () => {
  await h?.stop()
})

describe('validation over REST, on the engine', () => {
  it('answers a plan not started yet', async () => {
    const res = await api(h, 'GET', '/validation')
    expect(res.status).toBe(200)
    const view = res.json as ValidationView
    expect(view).toMatchObject({ day: null, phase: null, settings: { startDay: null } })
    expect(view.phases.map((p) => p.phase)).toEqual([1, 2, 3])
    expect(view.journal.hash).toMatch(/^[0-9a-f]{64}$/)
  })

  it('answers day 1 of phase 1 once the plan starts today, in JSON and in the audit', async () => {
    const before = (await api(h, 'GET', '/validation')).json as ValidationView
    const snapshot = await h.engine.handle(
      { name: 'app:get-snapshot', payload: {} },
      { source: 'ticket' },
    )
    const account = snapshot.ok ? snapshot.value.accounts[0]!.id : 'none'
    const started = await h.engine.handle(
      {
        name: 'validation:set-plan',
        payload: {
          startDay: before.today,
          accounts: [account],
          reason: 'going live with the plan',
        },
      },
      { source: 'ticket' },
    )
    expect(started.ok).toBe(true)
    const view = (await api(h, 'GET', '/validation')).json as ValidationView
    expect(view).toMatchObject({ day: 1, phase: 1, settings: { startDay: before.today } })
    expect(view.phases.map((p) => p.status)).toEqual(['current', 'upcoming', 'upcoming'])
    const page = await api(h, 'GET', '/validation/report')
    expect(page.status).toBe(200)
    expect(page.headers['content-type']).toBe('text/html; charset=utf-8')
    expect(page.text.startsWith('<!doctype html>')).toBe(true)
    expect(page.text).toContain(`Validation audit — plan started ${before.today}`)
    expect(page.text).toContain('Day 1 of 90 · phase 1 of 3')
    const after = (await api(h, 'GET', '/validation')).json as ValidationView
    expect(page.text).toContain(`<code class="hash">${after.journal.hash}</code>`)
  })
})
