/**
 * The crash drill's second engine, on a copy of the data folder: no market, no exchange, no
 * health or reconciliation rounds. It only has to start, report and close.
 */
import type { Engine, EngineOptions } from './api'
import type { CopyEngine } from './resilience'

/** Opens a second engine on `copy` with `create` (the root's createEngine). */
export async function openDrillCopy(
  create: (options: EngineOptions) => Promise<Engine>,
  options: EngineOptions,
  copy: string,
): Promise<CopyEngine> {
  const second = await create({
    dataDir: copy,
    clock: options.clock,
    startMarket: false,
    healthIntervalMs: 0,
    reconcileIntervalMs: 0,
    heartbeatMs: 0,
    ...(options.paper ? { paper: options.paper } : {}),
    exchangeBroker: async () => {
      throw new Error('a drill copy never connects to an exchange')
    },
    tickerSource: (exchangeId) => ({ exchangeId, fetchTickers: async () => ({}) }),
  })
  return {
    info: second.info,
    idle: () => second.idle(),
    close: () => second.close('the crash drill is over'),
    checkHealth: () => second.handle({ name: 'health:check', payload: {} }, { source: 'api' }),
  }
}
