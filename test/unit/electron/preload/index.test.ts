import { beforeAll, beforeEach, describe, expect, expectTypeOf, it, vi } from 'vitest'
import type { CommandName, EngineEvent } from '../../../../shared/contract'
import type { Result } from '../../../../shared/result'
import {
  EVENTS_CHANNEL,
  EXPORT_AUDIT_CHANNEL,
  EXPORT_VALIDATION_PDF_CHANNEL,
} from '../../../../shared/wire'
import type { VigilBridge } from '../../../../shared/bridge'
import { contextBridge, ipcRenderer, recorded, resetFakeElectron } from '../fake-electron'

vi.mock('electron', () => import('../fake-electron'))

let bridge: VigilBridge
let exposedKeys: string[]
let exposeCalls: number

beforeAll(async () => {
  resetFakeElectron()
  // The preload exposes the bridge as soon as it runs, as it does when the window loads.
  await import('../../../../electron/preload/index')
  exposedKeys = [...recorded.exposed.keys()]
  exposeCalls = contextBridge.exposeInMainWorld.mock.calls.length
  bridge = recorded.exposed.get('vigil') as VigilBridge
})

beforeEach(() => {
  ipcRenderer.invoke.mockClear()
  ipcRenderer.removeAllListeners()
})

describe('preload', () => {
  it('builds exactly the one bridge type the renderer reads', async () => {
    const { createVigilBridge } = await import('../../../../electron/preload/index')
    expectTypeOf(createVigilBridge).returns.toEqualTypeOf<VigilBridge>()
  })

  it('exposes only window.vigil, with exactly exportAudit, exportReportPdf, exportValidationPdf, invoke, reportAddress and subscribe', () => {
    expect(exposeCalls).toBe(1)
    expect(exposedKeys).toEqual(['vigil'])
    expect(Object.keys(bridge).sort()).toEqual([
      'exportAudit',
      'exportReportPdf',
      'exportValidationPdf',
      'invoke',
      'reportAddress',
      'subscribe',
    ])
    expect(Object.values(bridge).every((value) => typeof value === 'function')).toBe(true)
  })

  it('gives the address of a day’s report page (or the audit’s) on the app’s origin, and refuses anything else', async () => {
    expect(await bridge.reportAddress?.('2026-12-01')).toEqual({
      ok: true,
      value: 'app://vigil/reports/2026-12-01.html',
    })
    expect(await bridge.reportAddress?.('validation')).toEqual({
      ok: true,
      value: 'app://vigil/reports/validation.html',
    })
    for (const bad of ['../secret', '2026-12-01.html', '', 20261201]) {
      const result = await bridge.reportAddress?.(bad as string)
      expect(result?.ok).toBe(false)
      if (result && !result.ok) expect(result.error.message).toContain('YYYY-MM-DD')
    }
    expect(ipcRenderer.invoke).not.toHaveBeenCalled()
  })

  it.each(['shell:exec', 'vigil:events', '', 42, null])(
    'refuses %j without touching IPC',
    async (name) => {
      const result = await bridge.invoke(name as CommandName, {})
      expect(result.ok).toBe(false)
      if (!result.ok) expect(result.error.code).toBe('UNKNOWN_COMMAND')
      expect(ipcRenderer.invoke).not.toHaveBeenCalled()
    },
  )

  it('sends a contract command over IPC and returns the main process’s Result', async () => {
    const answer: Result<unknown> = { ok: true, value: { id: 'o-1' } }
    ipcRenderer.invoke.mockResolvedValueOnce(answer)
    const payload = { symbol: 'BTC-USD', side: 'buy', type: 'market', quantity: '0.01' }
    expect(await bridge.invoke('orders:submit', payload)).toEqual(answer)
    expect(ipcRenderer.invoke).toHaveBeenCalledWith('orders:submit', payload)
  })

  it('turns an IPC failure into a Result instead of a rejection', async () => {
    ipcRenderer.invoke.mockRejectedValueOnce(new Error('An object could not be cloned.'))
    const result = await bridge.invoke('orders:list', { limit: () => 1 })
    expect(result.ok).toBe(false)
    if (!result.ok) expect(result.error.code).toBe('UNAVAILABLE')
  })

  it('asks the main process to export on its one export channel, for jsonl and csv only', async () => {
    const saved = {
      ok: true,
      value: { files: ['/x.csv'], path: '/x.csv', manifestPath: null, records: 3, sha256: 'ab' },
    }
    ipcRenderer.invoke.mockResolvedValueOnce(saved)
    expect(await bridge.exportAudit?.('csv')).toEqual(saved)
    expect(ipcRenderer.invoke).toHaveBeenCalledWith(EXPORT_AUDIT_CHANNEL, 'csv')

    ipcRenderer.invoke.mockClear()
    for (const format of ['xml', '../../etc/passwd', null]) {
      const refused = await bridge.exportAudit?.(format as 'csv')
      expect(refused?.ok).toBe(false)
    }
    expect(ipcRenderer.invoke).not.toHaveBeenCalled()
  })

  it('asks the main process for the validation audit PDF on its own channel, naming nothing', async () => {
    const saved = { ok: true, value: { path: '/x/vigil-validation.pdf', bytes: 9 } }
    ipcRenderer.invoke.mockResolvedValueOnce(saved)
    expect(await bridge.exportValidationPdf?.()).toEqual(saved)
    expect(ipcRenderer.invoke).toHaveBeenCalledWith(EXPORT_VALIDATION_PDF_CHANNEL)
    ipcRenderer.invoke.mockRejectedValueOnce(new Error('No handler registered'))
    const failed = await bridge.exportValidationPdf?.()
    expect(failed?.ok ? null : failed?.error.code).toBe('UNAVAILABLE')
  })

  it('turns a failed export call into a Result instead of a rejection', async () => {
    ipcRenderer.invoke.mockRejectedValueOnce(new Error('No handler registered'))
    const result = await bridge.exportAudit?.('jsonl')
    expect(result?.ok).toBe(false)
    if (result && !result.ok) expect(result.error.code).toBe('UNAVAILABLE')
  })

  it('gives the listener only the events, never the IPC event, and unsubscribes', () => {
    const listener = vi.fn()
    const unsubscribe = bridge.subscribe(listener)
    const events: EngineEvent[] = [
      {
        type: 'market:quote',
        payload: { symbol: 'BTC-USD', ts: 1, bid: '1', ask: '1', last: '1' },
      },
    ]
    const ipcEvent = { sender: ipcRenderer, ports: [] }
    ipcRenderer.emit(EVENTS_CHANNEL, ipcEvent, events)
    expect(listener.mock.calls).toEqual([[events]])

    unsubscribe()
    unsubscribe()
    ipcRenderer.emit(EVENTS_CHANNEL, ipcEvent, events)
    expect(listener).toHaveBeenCalledTimes(1)
    expect(ipcRenderer.listenerCount(EVENTS_CHANNEL)).toBe(0)
  })
})
