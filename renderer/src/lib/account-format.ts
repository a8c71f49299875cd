/**
 * How accounts are described to the trader: connection states, where prices come from, the fee
 * tier in force, and what kind of money an account holds. Shared by the header, the Accounts
 * screen and Overview, so an account reads the same everywhere.
 */
import Decimal from 'decimal.js'
import type { Account, AccountStatus, FeeTier } from '../../../shared/types'
import { formatDecimal, formatUsd } from './format'

/** The connection state in capitals, as the badge shows it. */
export const CONNECTION_LABEL: Record<AccountStatus['connection'], string> = {
  connected: 'CONNECTED',
  connecting: 'CONNECTING',
  disconnected: 'DISCONNECTED',
  error: 'ERROR',
}

/** What kind of money an account holds, in one or two words. */
export function moneyKind(account: Account): { readonly label: string; readonly tone: string } {
  if (account.kind === 'paper') return { label: 'PAPER', tone: 'paper' }
  return account.sandbox
    ? { label: 'SANDBOX', tone: 'sandbox' }
    : { label: 'REAL MONEY', tone: 'real' }
}

/** "Paper" or "Exchange (coinbase)". */
export function kindLabel(account: Account): string {
  return account.kind === 'paper' ? 'Paper' : `Exchange (${account.exchangeId ?? 'unknown'})`
}

/** Where an account's prices come from now, and whether that is what it asked for. */
export function describePrices(
  account: Account,
  status: AccountStatus | undefined,
): { readonly text: string; readonly offline: boolean; readonly message: string | null } {
  const wantsLive = account.kind === 'exchange' || account.priceSource === 'live'
  const exchange = account.exchangeId ?? 'its exchange'
  if (!status) {
    return {
      text: wantsLive ? `Live from ${exchange}` : 'Simulated market',
      offline: false,
      message: null,
    }
  }
  if (account.kind === 'exchange' && status.connection !== 'connected') {
    return { text: `Live from ${exchange}, once connected`, offline: false, message: null }
  }
  if (wantsLive && !status.prices.online) {
    return {
      text: `Offline — on the simulator (live prices from ${exchange} are not reachable)`,
      offline: true,
      message: status.prices.message,
    }
  }
  return {
    text: status.prices.source === 'live' ? `Live from ${exchange}` : 'Simulated market',
    offline: false,
    message: status.prices.message,
  }
}

/** A fee rate such as "0.004" as "0.40%". */
export function formatRate(rate: string): string {
  try {
    return `${formatDecimal(new Decimal(rate).times(100).toFixed(), 2)}%`
  } catch {
    return '—'
  }
}

/** The fee tier in words: schedule, maker and taker rates, 30-day volume and the tier's floor. */
export function describeFeeTier(tier: FeeTier): {
  readonly schedule: string
  readonly rates: string
  readonly volume: string
} {
  return {
    schedule: tier.schedule,
    rates: `maker ${formatRate(tier.makerRate)} · taker ${formatRate(tier.takerRate)}`,
    volume: `30-day volume ${formatUsd(tier.volume30d)} (tier from ${formatUsd(tier.tierFrom, 0)})`,
  }
}
