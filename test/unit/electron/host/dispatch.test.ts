/**
 * The host dispatch every door uses (IPC, WebSocket, REST): bad input is refused with a reason
 * before the engine runs anything, a malformed order is journaled, and a failure inside the
 * engine comes back as a Result, never as a throw.
 */
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { COMMAND_NAMES } from '../../../../shared/contract'
import { createDispatch, type HostDispatch } from '../../../../electron/host'
import { createFakeEngine, type FakeEngine } from '../fake-engine'

const validOrder = { symbol: 'BTC-USD', side: 'buy', type: 'market', quantity: '0.01' }

let fake: FakeEngine
let log: ReturnType<typeof vi.fn<(message: string, error: unknown) => void>>
let dispatch: HostDispatch

beforeEach(() => {
  fake = createFakeEngine()
  log = vi.fn()
  dispatch = createDispatch(fake.engine, { source: 'api', log })
})

describe('the host dispatch', () => {
  it('runs a valid command with the door’s source and returns the engine’s Result', async () => {
    expect(await dispatch.run('orders:submit', validOrder)).toEqual({
      ok: true,
      value: { received: 'orders:submit' },
    })
    expect(fake.handle).toHaveBeenCalledWith(
      { name: 'orders:submit', payload: validOrder },
      { source: 'api' },
    )
  })

  it('refuses an unknown command, naming the commands there are', async () => {
    const result = await dispatch.run('orders:cancel-everything', {})
    expect(result).toMatchObject({ ok: false, error: { code: 'UNKNOWN_COMMAND' } })
    if (!result.ok) {
      expect(result.error.message).toContain('"orders:cancel-everything"')
      expect(result.error.message).toContain(COMMAND_NAMES.join(', '))
    }
    expect(fake.handle).not.toHaveBeenCalled()
    expect(fake.recordMalformedOrder).not.toHaveBeenCalled()
  })

  it('refuses a malformed order with what was wrong, journals it, and runs nothing', async () => {
    const payload = { ...validOrder, quantity: 5, apiSecret: 'sk-live' }
    const result = await dispatch.run('orders:submit', payload)
    expect(result).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } })
    if (!result.ok) {
      expect(result.error.message).toContain('quantity')
      expect(result.error.message).toContain('unknown field "apiSecret"')
    }
    expect(fake.handle).not.toHaveBeenCalled()
    expect(fake.recordMalformedOrder).toHaveBeenCalledTimes(1)
    expect(fake.recordMalformedOrder).toHaveBeenCalledWith(
      payload,
      result.ok ? '' : result.error.message,
      { source: 'api' },
    )
  })

  it('journals what arrived on the wire when the door passes it', async () => {
    const body = '{"symbol":"BTC-USD","quantity":1}'
    await dispatch.run('orders:submit', JSON.parse(body), body)
    expect(fake.recordMalformedOrder).toHaveBeenCalledWith(body, expect.any(String), {
      source: 'api',
    })
  })

  it('journals a malformed payload of no other command', async () => {
    const result = await dispatch.run('orders:list', { limit: 'lots' })
    expect(result).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } })
    expect(fake.recordMalformedOrder).not.toHaveBeenCalled()
  })

  it('answers the same refusal when the journal cannot take the malformed order', async () => {
    fake.recordMalformedOrder.mockRejectedValueOnce(new Error('journal closed'))
    const result = await dispatch.run('orders:submit', { quantity: 1 })
    expect(result).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } })
    expect(log).toHaveBeenCalledWith(expect.stringContaining('malformed order'), expect.any(Error))
  })

  it('journals an order refused before validation, and never throws doing it', async () => {
    fake.recordMalformedOrder.mockRejectedValueOnce(new Error('journal closed'))
    await expect(dispatch.refuseOrder('{"symbol":', 'not valid JSON')).resolves.toBeUndefined()
    expect(fake.recordMalformedOrder).toHaveBeenCalledWith('{"symbol":', 'not valid JSON', {
      source: 'api',
    })
  })

  it('turns an engine that throws into an INTERNAL Result that hides the detail', async () => {
    fake.handle.mockRejectedValueOnce(new Error('disk on fire'))
    const result = await dispatch.run('orders:list', {})
    expect(result).toMatchObject({ ok: false, error: { code: 'INTERNAL' } })
    if (!result.ok) {
      expect(result.error.message).toContain('"orders:list"')
      expect(result.error.message).not.toContain('disk on fire')
    }
    expect(log).toHaveBeenCalledWith(expect.stringContaining('orders:list'), expect.any(Error))
  })
})
