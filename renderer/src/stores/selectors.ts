/**
 * Views that combine stores: the default account's cash, positions valued at the last price,
 * equity and unrealized profit and loss. Arithmetic here is in numbers because it is only
 * displayed; the ledger's own figures stay decimal strings.
 */
import { useMemo } from 'react'
import type { DecimalString, MarketSymbol } from '../../../shared/types'
import { toNumber } from '../lib/format'
import { balanceKey, selectDefaultAccount, useLedgerStore } from './ledger-store'
import { useMarketStore } from './market-store'

/** One row of the positions table. */
export interface PositionView {
  readonly symbol: MarketSymbol
  readonly quantity: DecimalString
  readonly averagePrice: DecimalString
  /** Last traded price, or null before the first quote. */
  readonly lastPrice: DecimalString | null
  readonly marketValue: number
  readonly unrealizedPnl: number
}

/** The figures of the account the console is looking at. */
export interface AccountSummary {
  readonly accountId: string | null
  readonly accountName: string | null
  readonly quoteAsset: string
  /** Cash total as the ledger states it, or null before the snapshot. */
  readonly cash: DecimalString | null
  readonly equity: number
  readonly unrealizedPnl: number
  readonly positions: readonly PositionView[]
}

/** The default account's cash, positions, equity and unrealized PnL, kept live. */
export function useAccountSummary(): AccountSummary {
  const account = useLedgerStore(selectDefaultAccount)
  const defaultAccountId = useLedgerStore((s) => s.defaultAccountId)
  const balances = useLedgerStore((s) => s.balances)
  const positions = useLedgerStore((s) => s.positions)
  const quotes = useMarketStore((s) => s.quotes)

  return useMemo(() => {
    const accountId = account?.id ?? defaultAccountId
    const quoteAsset = account?.quoteAsset ?? 'USD'
    const cash = accountId ? (balances[balanceKey(accountId, quoteAsset)]?.total ?? null) : null
    const views: PositionView[] = []
    for (const p of Object.values(positions)) {
      if (p.accountId !== accountId || toNumber(p.quantity) === 0) continue
      const lastPrice = quotes[p.symbol]?.last ?? null
      const qty = toNumber(p.quantity)
      // Before the first quote, value the holding at cost rather than at zero.
      const mark = lastPrice === null ? toNumber(p.averagePrice) : toNumber(lastPrice)
      views.push({
        symbol: p.symbol,
        quantity: p.quantity,
        averagePrice: p.averagePrice,
        lastPrice,
        marketValue: qty * mark,
        unrealizedPnl: qty * (mark - toNumber(p.averagePrice)),
      })
    }
    views.sort((a, b) => a.symbol.localeCompare(b.symbol))
    const marketValue = views.reduce((sum, v) => sum + v.marketValue, 0)
    return {
      accountId,
      accountName: account?.name ?? null,
      quoteAsset,
      cash,
      equity: toNumber(cash) + marketValue,
      unrealizedPnl: views.reduce((sum, v) => sum + v.unrealizedPnl, 0),
      positions: views,
    }
  }, [account, defaultAccountId, balances, positions, quotes])
}
