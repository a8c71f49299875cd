import { beforeEach, describe, expect, it, vi } from 'vitest'
import { COMMAND_NAMES, commandSchemas } from '../../../../shared/contract'
import type { Result } from '../../../../shared/result'
import { registerIpcHandlers } from '../../../../electron/main/ipc'
import { isTrustedFrame } from '../../../../electron/main/security'
import { ipcMain, resetFakeElectron } from '../fake-electron'
import { createFakeEngine, type FakeEngine } from '../fake-engine'

vi.mock('electron', () => import('../fake-electron'))

const APP_PAGE = 'app://vigil/index.html'
const appFrame = { url: APP_PAGE, parent: null }
const fromApp = { senderFrame: appFrame }

const validOrder = { symbol: 'BTC-USD', side: 'buy', type: 'market', quantity: '0.01' }

let fake: FakeEngine
const quietLogger = { error: vi.fn() }

beforeEach(() => {
  resetFakeElectron()
  fake = createFakeEngine()
  registerIpcHandlers(
    ipcMain,
    fake.engine,
    (frame) => isTrustedFrame(frame, ['app://vigil']),
    quietLogger,
  )
})

async function invoke(name: string, event: unknown, payload: unknown): Promise<Result<unknown>> {
  return (await ipcMain.invoke(name, event, payload)) as Result<unknown>
}

describe('registerIpcHandlers', () => {
  it('registers exactly one handler for every command of the contract, and nothing else', () => {
    expect([...ipcMain.handlers.keys()].sort()).toEqual([...COMMAND_NAMES].sort())
    expect(Object.keys(commandSchemas).sort()).toEqual([...COMMAND_NAMES].sort())
    expect(ipcMain.handle).toHaveBeenCalledTimes(COMMAND_NAMES.length)
    const channels = ipcMain.handle.mock.calls.map(([channel]) => channel)
    expect(new Set(channels).size).toBe(channels.length)
  })

  it('removes every handler when disposed, so the engine can close with nothing calling in', () => {
    resetFakeElectron()
    const dispose = registerIpcHandlers(ipcMain, fake.engine, () => true, quietLogger)
    dispose()
    expect(ipcMain.handlers.size).toBe(0)
    expect(ipcMain.removeHandler).toHaveBeenCalledTimes(COMMAND_NAMES.length)
  })

  it.each([
    ['a foreign web page', { senderFrame: { url: 'https://evil.example/', parent: null } }],
    ['another local file', { senderFrame: { url: 'file:///tmp/evil.html', parent: null } }],
    ['a frame inside the console', { senderFrame: { url: APP_PAGE, parent: appFrame } }],
    ['a frame that is gone', { senderFrame: null }],
  ])('refuses a message from %s with FORBIDDEN and never calls the engine', async (_who, event) => {
    const result = await invoke('orders:submit', event, validOrder)
    expect(result.ok).toBe(false)
    if (!result.ok) {
      expect(result.error.code).toBe('FORBIDDEN')
      expect(result.error.message).toContain('did not come from the Vigil console')
    }
    expect(fake.handle).not.toHaveBeenCalled()
  })

  it.each([
    ['a number as the quantity', { ...validOrder, quantity: 0.01 }, 'quantity'],
    ['an extra field', { ...validOrder, source: 'api' }, 'unknown field "source"'],
    ['an unknown symbol', { ...validOrder, symbol: 'DOGE-USD' }, 'symbol'],
    ['no payload object at all', 'buy everything', 'JSON object'],
  ])('refuses %s with INVALID_INPUT and never calls the engine', async (_what, payload, says) => {
    const result = await invoke('orders:submit', fromApp, payload)
    expect(result.ok).toBe(false)
    if (!result.ok) {
      expect(result.error.code).toBe('INVALID_INPUT')
      expect(result.error.message).toContain(says)
    }
    expect(fake.handle).not.toHaveBeenCalled()
  })

  it('journals a refused order through the engine, and still answers INVALID_INPUT', async () => {
    const payload = { ...validOrder, quantity: 'NaN' }
    const result = await invoke('orders:submit', fromApp, payload)
    expect(result.ok).toBe(false)
    if (!result.ok) expect(result.error.code).toBe('INVALID_INPUT')
    expect(fake.recordMalformedOrder).toHaveBeenCalledTimes(1)
    expect(fake.recordMalformedOrder).toHaveBeenCalledWith(
      payload,
      expect.stringContaining('quantity'),
      { source: 'ticket' },
    )
  })

  it('answers INVALID_INPUT even when journaling the refused order fails', async () => {
    fake.recordMalformedOrder.mockRejectedValueOnce(new Error('journal closed'))
    const result = await invoke('orders:submit', fromApp, { quantity: 1 })
    expect(result.ok).toBe(false)
    if (!result.ok) expect(result.error.code).toBe('INVALID_INPUT')
  })

  it('journals neither a bad payload of another command nor a message from a stranger', async () => {
    await invoke('orders:list', fromApp, { limit: 'lots' })
    await invoke('orders:submit', { senderFrame: null }, { quantity: 1 })
    expect(fake.recordMalformedOrder).not.toHaveBeenCalled()
  })

  it('hands a valid order to the engine as a ticket order and returns its Result', async () => {
    const result = await invoke('orders:submit', fromApp, validOrder)
    expect(result).toEqual({ ok: true, value: { received: 'orders:submit' } })
    expect(fake.handle).toHaveBeenCalledTimes(1)
    expect(fake.handle).toHaveBeenCalledWith(
      { name: 'orders:submit', payload: validOrder },
      { source: 'ticket' },
    )
  })

  it('passes the engine’s own failure through unchanged', async () => {
    const refusal = {
      ok: false as const,
      error: { code: 'GATE_REJECTED' as const, message: 'Insufficient balance' },
    }
    fake.handle.mockResolvedValueOnce(refusal)
    expect(await invoke('orders:submit', fromApp, validOrder)).toEqual(refusal)
  })

  it.each([
    [
      'throws',
      () => {
        throw new Error('disk on fire')
      },
    ],
    ['rejects', () => Promise.reject(new Error('disk on fire'))],
  ])(
    'turns an engine that %s into an INTERNAL Result, never a thrown error',
    async (_how, impl) => {
      fake.handle.mockImplementationOnce(impl)
      const result = await invoke('orders:list', fromApp, {})
      expect(result.ok).toBe(false)
      if (!result.ok) {
        expect(result.error.code).toBe('INTERNAL')
        expect(result.error.message).not.toContain('disk on fire')
        expect(result.error.message).toContain('"orders:list"')
      }
      expect(quietLogger.error).toHaveBeenCalled()
    },
  )

  it('treats a missing payload as an empty one', async () => {
    const result = await invoke('app:get-snapshot', fromApp, undefined)
    expect(result.ok).toBe(true)
    expect(fake.handle).toHaveBeenCalledWith(
      { name: 'app:get-snapshot', payload: {} },
      { source: 'ticket' },
    )
  })
})
