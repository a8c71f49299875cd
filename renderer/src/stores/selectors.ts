/**
 * Views that combine stores: an account's cash, positions valued at the last price of the
 * prices it trades on, equity and unrealized profit and loss; and the same summed over every
 * account. Arithmetic here is in numbers because it is only displayed; the ledger's own figures
 * stay decimal strings (cash totals are summed exactly).
 */
import Decimal from 'decimal.js'
import { useMemo } from 'react'
import type {
  Account,
  AccountStatus,
  Balance,
  DecimalString,
  MarketSymbol,
  Position,
  Quote,
} from '../../../shared/types'
import { toNumber } from '../lib/format'
import { useAccountsStore } from './accounts-store'
import { balanceKey, selectAccountInView, useLedgerStore } from './ledger-store'
import { useMarketStore } from './market-store'

type Quotes = Partial<Record<MarketSymbol, Quote>>

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

/** The figures of one account. */
export interface AccountSummary {
  readonly accountId: string | null
  readonly accountName: string | null
  readonly account: Account | null
  readonly quoteAsset: string
  /** Cash total as the ledger states it, or null before the snapshot. */
  readonly cash: DecimalString | null
  readonly positionsValue: number
  readonly equity: number
  readonly unrealizedPnl: number
  readonly positions: readonly PositionView[]
}

/** Every account's figures and their sum. */
export interface AggregateSummary {
  readonly accounts: readonly AccountSummary[]
  /** Sum of the cash of every account, exact, or null before the snapshot. */
  readonly cash: DecimalString | null
  readonly positionsValue: number
  readonly equity: number
  readonly unrealizedPnl: number
  /** Positions summed by symbol over every account. */
  readonly positions: readonly PositionView[]
}

/**
 * The quotes an account's positions are valued at: live prices of its exchange when it trades
 * on them, else the simulated market's.
 */
export function quotesForAccount(
  account: Account | undefined,
  status: AccountStatus | undefined,
  quotes: Quotes,
  liveQuotes: Readonly<Record<string, Quotes>>,
): Quotes {
  const live = account?.exchangeId ? liveQuotes[account.exchangeId] : undefined
  const onLive = account?.kind === 'exchange' || status?.prices.source === 'live'
  return onLive && live ? { ...quotes, ...live } : quotes
}

/** One account's cash, positions, equity and unrealized PnL. */
export function summarizeAccount(
  accountId: string | null,
  account: Account | undefined,
  balances: Readonly<Record<string, Balance>>,
  positions: Readonly<Record<string, Position>>,
  quotes: Quotes,
): AccountSummary {
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
  const positionsValue = views.reduce((sum, v) => sum + v.marketValue, 0)
  return {
    accountId,
    accountName: account?.name ?? null,
    account: account ?? null,
    quoteAsset,
    cash,
    positionsValue,
    equity: toNumber(cash) + positionsValue,
    unrealizedPnl: views.reduce((sum, v) => sum + v.unrealizedPnl, 0),
    positions: views,
  }
}

/** Sums account summaries: cash exactly, positions by symbol (cost-weighted average price). */
export function aggregate(summaries: readonly AccountSummary[]): AggregateSummary {
  const known = summaries.filter((s) => s.cash !== null)
  const cash =
    known.length === 0
      ? null
      : known.reduce((sum, s) => sum.plus(s.cash ?? '0'), new Decimal(0)).toFixed()
  const bySymbol = new Map<
    MarketSymbol,
    { qty: Decimal; cost: Decimal; value: number; pnl: number }
  >()
  for (const s of summaries) {
    for (const p of s.positions) {
      const entry = bySymbol.get(p.symbol) ?? {
        qty: new Decimal(0),
        cost: new Decimal(0),
        value: 0,
        pnl: 0,
      }
      entry.qty = entry.qty.plus(p.quantity)
      entry.cost = entry.cost.plus(new Decimal(p.quantity).times(p.averagePrice))
      entry.value += p.marketValue
      entry.pnl += p.unrealizedPnl
      bySymbol.set(p.symbol, entry)
    }
  }
  const positions: PositionView[] = [...bySymbol.entries()]
    .map(([symbol, e]) => ({
      symbol,
      quantity: e.qty.toFixed(),
      averagePrice: e.qty.isZero() ? '0' : e.cost.div(e.qty).toFixed(2),
      // Accounts may value a symbol at different prices (simulated or live): show the blend.
      lastPrice: e.qty.isZero() ? null : (e.value / e.qty.toNumber()).toFixed(2),
      marketValue: e.value,
      unrealizedPnl: e.pnl,
    }))
    .sort((a, b) => a.symbol.localeCompare(b.symbol))
  const positionsValue = summaries.reduce((sum, s) => sum + s.positionsValue, 0)
  return {
    accounts: summaries,
    cash,
    positionsValue,
    equity: toNumber(cash) + positionsValue,
    unrealizedPnl: summaries.reduce((sum, s) => sum + s.unrealizedPnl, 0),
    positions,
  }
}

/** The account in view's cash, positions, equity and unrealized PnL, kept live. */
export function useAccountSummary(): AccountSummary {
  const account = useLedgerStore(selectAccountInView)
  const defaultAccountId = useLedgerStore((s) => s.defaultAccountId)
  const balances = useLedgerStore((s) => s.balances)
  const positions = useLedgerStore((s) => s.positions)
  const quotes = useMarketStore((s) => s.quotes)
  const liveQuotes = useMarketStore((s) => s.liveQuotes)
  const status = useAccountsStore((s) => (account ? s.statuses[account.id] : undefined))

  return useMemo(
    () =>
      summarizeAccount(
        account?.id ?? defaultAccountId,
        account,
        balances,
        positions,
        quotesForAccount(account, status, quotes, liveQuotes),
      ),
    [account, defaultAccountId, balances, positions, quotes, liveQuotes, status],
  )
}

/** Every account's figures and their sum, kept live. */
export function useAggregateSummary(): AggregateSummary {
  const accounts = useLedgerStore((s) => s.accounts)
  const balances = useLedgerStore((s) => s.balances)
  const positions = useLedgerStore((s) => s.positions)
  const quotes = useMarketStore((s) => s.quotes)
  const liveQuotes = useMarketStore((s) => s.liveQuotes)
  const statuses = useAccountsStore((s) => s.statuses)

  return useMemo(
    () =>
      aggregate(
        accounts.map((a) =>
          summarizeAccount(
            a.id,
            a,
            balances,
            positions,
            quotesForAccount(a, statuses[a.id], quotes, liveQuotes),
          ),
        ),
      ),
    [accounts, balances, positions, quotes, liveQuotes, statuses],
  )
}

/**
 * Realized profit and loss as the ledger keeps it (every fee paid included), summed exactly over
 * an account's symbols, or every account's with null; two decimals.
 */
export function realizedOf(
  positions: Readonly<Record<string, Position>>,
  accountId: string | null,
): DecimalString {
  return Object.values(positions)
    .filter((p) => accountId === null || p.accountId === accountId)
    .reduce((sum, p) => sum.plus(p.realizedPnl), new Decimal(0))
    .toFixed(2)
}
