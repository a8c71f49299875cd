import { describe, expect, it } from 'vitest'
import { extend } from '../../../../electron/engine/core'

describe('extend: a spread without the spread-literal cost', () => {
  it('writes the same JSON as the spread it replaces (journal bytes depend on key order)', () => {
    const base = {
      orderId: 'o-1',
      accountId: 'paper-1',
      fills: [1],
      closed: undefined as string | undefined,
    }
    const spread = { ...base, closed: 'filled', reason: 'done' }
    const extended = extend(base, { closed: 'filled', reason: 'done' })
    expect(JSON.stringify(extended)).toBe(JSON.stringify(spread))
    expect(Object.keys(extended)).toEqual(['orderId', 'accountId', 'fills', 'closed', 'reason'])
    // The base is left as it was.
    expect(base.closed).toBeUndefined()
    expect('reason' in base).toBe(false)
  })
})
