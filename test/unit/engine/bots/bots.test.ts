/**
 * Bots in the engine: orders attributed to the bot that named itself, its fills, refusals and
 * realized PnL; the state after a restart equal to the state before; a bot gone quiet on the
 * fake clock raising the rule's alert; a bot set to halt refused by the gate until resumed.
 */
import { afterEach, describe, expect, it } from 'vitest'
import type { BotView } from '../../../../shared/bots'
import { parseCommand, type CommandName, type CommandResponses } from '../../../../shared/contract'
import type { Result } from '../../../../shared/result'
import type { EngineEvent } from '../../../../shared/contract'
import type { Engine } from '../../../../electron/engine'
import { call, cleanup, journalOnDisk, tempDir, testEngine, value } from '../../../kit/engine'
import type { FakeClock } from '../../../kit/fake-clock'

const dirs: string[] = []
const engines: Engine[] = []
afterEach(async () => {
  await Promise.all(engines.splice(0).map((e) => e.close()))
  dirs.splice(0).forEach(cleanup)
})

async function start(dir = tempDir(), clock?: FakeClock) {
  if (!dirs.includes(dir)) dirs.push(dir)
  const made = await testEngine(dir, { startMarket: true, ...(clock ? { clock } : {}) })
  engines.push(made.engine)
  value(await call(made.engine, 'limits:update', { limits: { pendingOrderRule: 'off' } }))
  return { ...made, dir }
}

/** Runs a command as a bot naming itself would (the REST API with X-Vigil-Bot). */
async function asBot<C extends CommandName>(
  engine: Engine,
  bot: string,
  name: C,
  payload: unknown,
): Promise<Result<CommandResponses[C]>> {
  const command = parseCommand(name, payload)
  if (!command.ok) return command
  return engine.handle(command.value, { source: 'api', bot }) as Promise<
    Result<CommandResponses[C]>
  >
}

async function botView(engine: Engine, name: string): Promise<BotView | undefined> {
  return value(await call(engine, 'bots:list', {})).bots.find((b) => b.name === name)
}

/** Resolves with the first event that matches. */
function nextEvent(engine: Engine, match: (e: EngineEvent) => boolean): Promise<EngineEvent> {
  return new Promise((resolve) => {
    const stop = engine.subscribe((e) => {
      if (!match(e)) return
      stop()
      resolve(e)
    })
  })
}

const market = (side: 'buy' | 'sell', quantity = '0.1') => ({
  symbol: 'ETH-USD',
  side,
  type: 'market',
  quantity,
})

describe('bots', () => {
  it("attributes a bot's orders, fills, refusals and realized PnL to it, and not the console's", async () => {
    const { engine } = await start()
    const buy = value(await asBot(engine, 'grid-1', 'orders:submit', market('buy')))
    const sell = value(await asBot(engine, 'grid-1', 'orders:submit', market('sell')))
    const refused = await asBot(engine, 'grid-1', 'orders:submit', market('buy', '0.0001'))
    const own = value(await call(engine, 'orders:submit', market('buy'), 'ticket'))
    expect(buy.bot).toBe('grid-1')
    expect(refused.ok ? '' : refused.error.code).toBe('GATE_REJECTED')
    expect(own.bot).toBeUndefined()

    const fills = value(await call(engine, 'fills:list', {}))
    const botFills = fills.filter((f) => f.orderId === buy.id || f.orderId === sell.id)
    // The bot's PnL is what its own fills realized in the ledger: it alone traded before the
    // console's buy, so the two average costs are the same.
    const realized = botFills.reduce((sum, f) => sum + Number(f.realizedPnl ?? 0), 0)
    const fees = botFills.reduce((sum, f) => sum + Number(f.fee), 0)
    const bot = await botView(engine, 'grid-1')
    expect(bot).toMatchObject({ ordersPlaced: 3, fills: botFills.length, rejections: 1 })
    expect(bot?.openOrders).toBe(0)
    expect(Number(bot?.realizedPnl)).toBeCloseTo(realized, 8)
    expect(Number(bot?.realizedPnl)).toBeLessThan(0)
    expect(Number(bot?.fees)).toBeCloseTo(fees, 8)
    expect(value(await call(engine, 'bots:list', {})).bots.map((b) => b.name)).toEqual(['grid-1'])
  })

  it('a sale beyond what the bot bought realizes only its fee for the bot', async () => {
    const { engine } = await start()
    value(await call(engine, 'orders:submit', market('buy', '0.2'), 'ticket'))
    const sell = value(await asBot(engine, 'seller', 'orders:submit', market('sell')))
    const bot = await botView(engine, 'seller')
    expect(Number(bot?.realizedPnl)).toBeCloseTo(-Number(sell.fee), 8)
  })

  it('shows the same bots after a restart as before', async () => {
    const { engine, dir, clock } = await start()
    value(await asBot(engine, 'grid-1', 'orders:submit', market('buy')))
    value(
      await asBot(engine, 'grid-1', 'orders:submit', {
        ...market('buy'),
        type: 'limit',
        limitPrice: '100.00',
      }),
    )
    value(await call(engine, 'bots:heartbeat', { name: 'grid-1', intervalSeconds: 60 }))
    clock.advance(3_000)
    value(await call(engine, 'bots:heartbeat', { name: 'grid-1', intervalSeconds: 60 }))
    value(await asBot(engine, 'lister', 'orders:list', {}))
    value(await call(engine, 'bots:set', { name: 'lister', onQuiet: 'halt' }))
    const before = value(await call(engine, 'bots:list', {}))
    expect(before.bots.find((b) => b.name === 'grid-1')?.openOrders).toBe(1)
    await engines.pop()!.close()
    const again = await start(dir, clock)
    expect(value(await call(again.engine, 'bots:list', {}))).toEqual(before)
  })

  it('journals a heartbeat only when it starts, changes its interval or comes back', async () => {
    const { engine, dir, clock } = await start()
    for (let i = 0; i < 10; i++) {
      value(await call(engine, 'bots:heartbeat', { name: 'beat', intervalSeconds: 30 }))
      clock.advance(5_000)
    }
    value(await call(engine, 'bots:heartbeat', { name: 'beat', intervalSeconds: 20 }))
    await engine.idle()
    const beats = journalOnDisk<{ type: string }>(dir).filter((r) => r.type === 'bot.heartbeat')
    expect(beats).toHaveLength(2)
    expect((await botView(engine, 'beat'))?.lastHeartbeat).toBe(clock.now())
  })

  it('marks a bot quiet past its interval and the grace, raises the alert, and clears it when it is back', async () => {
    const { engine, clock } = await start()
    const grace = value(await call(engine, 'bots:list', {})).graceSeconds
    value(await call(engine, 'bots:heartbeat', { name: 'grid-1', intervalSeconds: 5 }))
    const beatAt = clock.now()
    const raised = nextEvent(engine, (e) => e.type === 'alerts:raised')
    clock.advance((5 + grace) * 1_000 - 1)
    expect((await botView(engine, 'grid-1'))?.quietSince).toBeNull()
    clock.advance(1)
    const alert = (await raised).payload as { message: string; id: string; kind: string }
    expect(alert.kind).toBe('bot_quiet')
    expect(alert.message).toContain('Bot grid-1 went quiet')
    expect(alert.message).toContain(`no heartbeat for ${5 + grace} s`)
    expect(alert.message).toContain('every 5 s')
    expect((await botView(engine, 'grid-1'))?.quietSince).toBe(beatAt)

    const cleared = nextEvent(engine, (e) => e.type === 'alerts:updated')
    value(await call(engine, 'bots:heartbeat', { name: 'grid-1', intervalSeconds: 5 }))
    expect((await cleared).payload).toMatchObject({ id: alert.id, state: 'cleared' })
    expect((await botView(engine, 'grid-1'))?.quietSince).toBeNull()
  })

  it('halts a quiet bot set to halt: its resting order canceled, its new ones refused until resumed', async () => {
    const { engine, clock, dir } = await start()
    value(await call(engine, 'bots:heartbeat', { name: 'grid-1', intervalSeconds: 5 }))
    value(await call(engine, 'bots:set', { name: 'grid-1', onQuiet: 'halt' }))
    const resting = value(
      await asBot(engine, 'grid-1', 'orders:submit', {
        ...market('buy'),
        type: 'limit',
        limitPrice: '100.00',
      }),
    )
    expect(resting.status).toBe('open')
    const canceled = nextEvent(
      engine,
      (e) =>
        e.type === 'orders:updated' &&
        e.payload.id === resting.id &&
        e.payload.status === 'canceled',
    )
    clock.advance(60_000)
    expect((await canceled).payload).toMatchObject({
      reason: 'Canceled because bot grid-1 went quiet and is set to halt.',
    })
    const halted = await botView(engine, 'grid-1')
    expect(halted?.halted).not.toBeNull()

    // A heartbeat says it is back, but does not lift the halt.
    value(await call(engine, 'bots:heartbeat', { name: 'grid-1', intervalSeconds: 5 }))
    const answer = await asBot(engine, 'grid-1', 'orders:submit', market('buy'))
    expect(answer.ok ? '' : answer.error.message).toMatch(/^Bot halted: grid-1 went quiet at /)
    const refused = value(await call(engine, 'orders:list', {}))[0]
    expect(refused).toMatchObject({ bot: 'grid-1', status: 'rejected' })
    const check = refused?.checks.find((c) => c.name === 'bot')
    expect(check?.passed).toBe(false)
    expect(check?.message).toMatch(
      /^Bot halted: grid-1 went quiet at \d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC; resume it on the Bots screen/,
    )
    // Another bot and the console trade on.
    expect(value(await asBot(engine, 'other', 'orders:submit', market('buy'))).status).toBe(
      'filled',
    )
    expect(
      value(await call(engine, 'orders:submit', market('buy'), 'ticket')).checks.some(
        (c) => c.name === 'bot',
      ),
    ).toBe(false)

    // The halt survives a restart; the trader's resume lifts it.
    await engines.pop()!.close()
    const again = (await start(dir, clock)).engine
    expect((await botView(again, 'grid-1'))?.halted).toEqual(halted?.halted)
    const still = await asBot(again, 'grid-1', 'orders:submit', market('buy'))
    expect(still.ok ? '' : still.error.code).toBe('GATE_REJECTED')
    value(await call(again, 'bots:resume', { name: 'grid-1', reason: 'restarted the bot' }))
    expect(value(await asBot(again, 'grid-1', 'orders:submit', market('buy'))).status).toBe(
      'filled',
    )
    const resume = await call(again, 'bots:resume', { name: 'grid-1', reason: 'again' })
    expect(resume.ok).toBe(false)
  })

  it('refuses a bad bot name, a bad interval and an unknown bot, and changes nothing', async () => {
    const { engine } = await start()
    const bad = await call(engine, 'bots:heartbeat', { name: '-bad name', intervalSeconds: 5 })
    expect(bad.ok ? '' : bad.error.message).toContain('letters, digits')
    const short = await call(engine, 'bots:heartbeat', { name: 'ok', intervalSeconds: 1 })
    expect(short.ok ? '' : short.error.message).toContain('at least 5 seconds')
    const frac = await call(engine, 'bots:heartbeat', { name: 'ok', intervalSeconds: 7.5 })
    expect(frac.ok ? '' : frac.error.message).toContain('whole number of seconds from 5 to 86400')
    const unknown = await call(engine, 'bots:set', { name: 'ghost', onQuiet: 'halt' })
    expect(unknown.ok ? '' : unknown.error.code).toBe('NOT_FOUND')
    expect(value(await call(engine, 'bots:list', {})).bots).toEqual([])
  })
})
