/**
 * The lists a bot reads (orders, positions, balances) are about the default paper account
 * unless the request names another account, or `all` for every account, as the README says.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { api, startHarness, type Harness } from './server-harness'

let h: Harness
let second: string
beforeAll(async () => {
  h = await startHarness()
  const added = await h.engine.handle(
    {
      name: 'accounts:add',
      payload: { name: 'Second paper', kind: 'paper', initialBalance: '5000' },
    },
    { source: 'api' },
  )
  if (!added.ok) throw new Error(added.error.message)
  second = added.value.id
  for (const [accountId, clientOrderId] of [
    [undefined, 'default-1'],
    [second, 'second-1'],
  ] as const) {
    const placed = await api(h, 'POST', '/orders', {
      clientOrderId,
      symbol: 'BTC-USD',
      side: 'buy',
      type: 'market',
      quantity: '0.001',
      ...(accountId ? { accountId } : {}),
    })
    expect(placed.status).toBe(201)
  }
})
afterAll(async () => {
  await h?.stop()
})

const accountsOf = (rows: readonly { accountId: string }[]): string[] =>
  [...new Set(rows.map((r) => r.accountId))].sort()

describe('listing orders, positions and balances over REST', () => {
  it('lists the default paper account when no account is named', async () => {
    const orders = (await api(h, 'GET', '/orders')).json.orders
    expect(orders.map((o: { clientOrderId: string }) => o.clientOrderId)).toEqual(['default-1'])
    expect(accountsOf((await api(h, 'GET', '/positions')).json.positions)).toEqual(['paper-1'])
    expect(accountsOf((await api(h, 'GET', '/balances')).json.balances)).toEqual(['paper-1'])
  })

  it('lists the account a request names', async () => {
    const orders = (await api(h, 'GET', `/orders?accountId=${second}`)).json.orders
    expect(orders.map((o: { clientOrderId: string }) => o.clientOrderId)).toEqual(['second-1'])
    expect(
      accountsOf((await api(h, 'GET', `/positions?accountId=${second}`)).json.positions),
    ).toEqual([second])
    expect(
      accountsOf((await api(h, 'GET', `/balances?accountId=${second}`)).json.balances),
    ).toEqual([second])
  })

  it('lists every account for accountId=all', async () => {
    const every = ['paper-1', second].sort()
    expect(accountsOf((await api(h, 'GET', '/orders?accountId=all')).json.orders)).toEqual(every)
    expect(accountsOf((await api(h, 'GET', '/positions?accountId=all')).json.positions)).toEqual(
      every,
    )
    expect(accountsOf((await api(h, 'GET', '/balances?accountId=all')).json.balances)).toEqual(
      every,
    )
  })

  it('answers 404 naming the accounts for an unknown one', async () => {
    for (const route of ['/orders', '/positions', '/balances']) {
      const res = await api(h, 'GET', `${route}?accountId=nope`)
      expect(res.status, route).toBe(404)
      expect(res.json.error.message, route).toBe(
        `There is no account "nope". Accounts: paper-1, ${second} (or "all" for every account).`,
      )
    }
  })
})
