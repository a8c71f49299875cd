/**
 * Daily reports in the engine: made on demand for a day, saved and listed, shown as HTML, made
 * by themselves at the set local time for the day before, with settings kept in the journal.
 */
import { existsSync } from 'node:fs'
import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import type { Engine } from '../../../../electron/engine'
import type { EngineEvent } from '../../../../shared/contract'
import { call, cleanup, tempDir, testEngine, value } from '../../../kit/engine'

const dirs: string[] = []
const engines: Engine[] = []
afterEach(async () => {
  await Promise.all(engines.splice(0).map((e) => e.close()))
  dirs.splice(0).forEach(cleanup)
})
async function start(dir = tempDir()) {
  dirs.push(dir)
  const made = await testEngine(dir, { startMarket: true, timeZone: 'UTC' })
  engines.push(made.engine)
  return { ...made, dir }
}
const trade = (side: 'buy' | 'sell') => ({
  symbol: 'ETH-USD',
  side,
  type: 'market',
  quantity: '0.1',
})

describe('daily reports in the engine', () => {
  it('makes, saves, lists and shows the report of a day on demand', async () => {
    const { engine, clock, dir } = await start()
    value(await call(engine, 'orders:submit', trade('buy')))
    value(await call(engine, 'orders:submit', trade('sell')))
    const today = new Date(clock.now()).toISOString().slice(0, 10)
    const info = value(await call(engine, 'reports:generate', { date: today }))
    expect(info.date).toBe(today)
    expect(info.summary).toMatch(/1 trade/)
    for (const file of Object.values(info.files))
      expect(existsSync(path.join(dir, 'reports', file))).toBe(true)
    expect(value(await call(engine, 'reports:list', {}))).toEqual([info])
    const shown = value(await call(engine, 'reports:get', { date: today }))
    expect(shown.html).toContain('<html')
    expect(shown.html).toContain(today)

    const missing = await call(engine, 'reports:get', { date: '2020-01-01' })
    expect(missing.ok ? null : missing.error.message).toMatch(/No report for 2020-01-01/)
    const future = await call(engine, 'reports:generate', { date: '2999-01-01' })
    expect(future.ok ? null : future.error.message).toMatch(/has not begun yet/)
    const bad = await call(engine, 'reports:generate', { date: '2026-13-01' })
    expect(bad.ok ? null : bad.error.message).toMatch(/must be a day YYYY-MM-DD/)
  })

  it('makes the report of the day before at the set time, once', async () => {
    const { engine, clock } = await start()
    value(await call(engine, 'reports:update-settings', { time: '00:10' }))
    const created: string[] = []
    engine.subscribe((e: EngineEvent) => {
      if (e.type === 'reports:created') created.push(e.payload.date)
    })
    const first = new Date(clock.now()).toISOString().slice(0, 10)
    // To 00:09 the next day (UTC): not yet.
    const midnight = Date.parse(`${first}T00:00:00Z`) + 86_400_000
    clock.advance(midnight + 9 * 60_000 - clock.now())
    await engine.idle()
    expect(created).toEqual([])
    clock.advance(2 * 60_000)
    await engine.idle()
    expect(created).toEqual([first])
    // Later minutes do not make it again.
    clock.advance(5 * 60_000)
    await engine.idle()
    expect(created).toEqual([first])
    // The settings are journaled: a restart keeps them. (The new engine's clock starts a day
    // earlier, as a clock set back would: it must start, skipping samples older than the
    // journaled day closes.)
    const { engine: again } = await testEngine(await closeAndDir(engine), { timeZone: 'UTC' })
    engines.push(again)
    expect(value(await call(again, 'app:get-snapshot', {})).reports.settings.time).toBe('00:10')
  })
})

async function closeAndDir(engine: Engine): Promise<string> {
  const i = engines.indexOf(engine)
  engines.splice(i, 1)
  await engine.close()
  return engine.info.dataDir
}
