/**
 * One run of the history bench, in a process of its own so that its memory is its own: an
 * engine on a data folder that already holds a history, orders placed at 100 a second with a
 * snapshot every 5 s, the event loop's longest block meanwhile, and the resident memory after.
 * Prints one JSON line. Usage: node --expose-gc --import tsx history-load.child.ts DIR SECONDS
 */
import { monitorEventLoopDelay } from 'node:perf_hooks'
import { setTimeout as sleep } from 'node:timers/promises'
import { parseCommand, type CommandName } from '../../shared/contract'
import { createEngine, type Engine } from '../../electron/engine'
import { systemClock } from '../../electron/host'

const [dir, secondsArg] = process.argv.slice(2)
const seconds = Number(secondsArg ?? '20')
const RATE = 100
/** About $7 of each symbol. */
const ORDERS = [
  ['BTC-USD', '0.0001'],
  ['ETH-USD', '0.002'],
  ['SOL-USD', '0.05'],
] as const

function parseOrThrow(name: CommandName, payload: unknown) {
  const command = parseCommand(name, payload)
  if (!command.ok) throw new Error(command.error.message)
  return command.value
}

async function run(engine: Engine, name: CommandName, payload: unknown): Promise<boolean> {
  const result = await engine.handle(parseOrThrow(name, payload), { source: 'api' })
  if (!result.ok && process.env.DEBUG_LOAD) console.error(result.error.message)
  return result.ok
}

/** The loop's longest delay over `ms` with nothing to do: the machine's own. */
async function idleBlock(ms: number): Promise<number> {
  const h = monitorEventLoopDelay({ resolution: 1 })
  h.enable()
  await sleep(ms)
  h.disable()
  return h.max / 1e6
}

// The engine's timers are unref'd: this keeps the process alive until the run is done.
const keepAlive = setInterval(() => undefined, 60_000)
const idleMs = await idleBlock(3_000)
const engine = await createEngine({
  dataDir: dir as string,
  clock: systemClock,
  snapshotIntervalMs: 5_000,
  healthIntervalMs: 0,
  // The exchange answers at once: one order per symbol and side may be pending at a time.
  paper: { latencyMs: 0 },
})
await engine.idle()
global.gc?.()
const started0 = process.memoryUsage()
if (process.env.DEBUG_LOAD) console.error('after start', JSON.stringify(started0))
// A funded account of its own: the history's synthetic orders leave the first one short.
const account = await engine.handle(
  parseOrThrow('accounts:add', { kind: 'paper', name: 'Load', initialBalance: '100000' }),
  { source: 'api' },
)
if (!account.ok) throw new Error(account.error.message)
const accountId = (account.value as { id: string }).id
await run(engine, 'limits:update', { accountId, limits: { maxOrdersPerMinute: 1_000_000 } })
// Warm: the first orders load the market and the code paths.
for (let i = 0; i < 20; i++)
  await run(engine, 'orders:estimate', {
    accountId,
    symbol: 'BTC-USD',
    side: 'buy',
    quantity: '0.001',
  })
const h = monitorEventLoopDelay({ resolution: 1 })
h.enable()
let placed = 0
let refused = 0
const started = Date.now()
const pending: Promise<void>[] = []
for (let i = 0; i < seconds * RATE; i++) {
  const due = started + (i * 1000) / RATE
  const wait = due - Date.now()
  if (wait > 0) await sleep(wait)
  // Each symbol in turn, bought then sold: one order per symbol and side may be pending.
  const [symbol, quantity] = ORDERS[i % ORDERS.length] as readonly [string, string]
  const side = Math.floor(i / ORDERS.length) % 2 === 0 ? 'buy' : 'sell'
  pending.push(
    run(engine, 'orders:submit', { accountId, symbol, side, type: 'market', quantity }).then(
      (ok) => {
        if (ok) placed++
        else refused++
      },
    ),
  )
}
await Promise.all(pending)
await engine.idle()
h.disable()
const blockMs = h.max / 1e6
global.gc?.()
global.gc?.()
const memory = process.memoryUsage()
if (process.env.DEBUG_LOAD) console.error('after run', JSON.stringify(memory))
await engine.close()
clearInterval(keepAlive)
console.log(
  JSON.stringify({ idleMs, blockMs, placed, refused, rss: memory.rss, heapUsed: memory.heapUsed }),
)
