/**
 * The checks the account forms make before anything is sent, in the words the engine would use,
 * so a typo is explained next to its field instead of after a round trip.
 */
import Decimal from 'decimal.js'
import { formatUsd } from '../../lib/format'

const MONEY_PATTERN = /^\d+(\.\d{1,2})?$/
const EXCHANGE_ID_PATTERN = /^[a-z0-9]+$/

/** Exchange ids ccxt knows that traders often use; any ccxt id is accepted. */
export const COMMON_EXCHANGES = [
  'coinbase',
  'kraken',
  'binance',
  'bitstamp',
  'bitfinex',
  'gemini',
  'okx',
  'bybit',
] as const

/** Why an account name cannot be used, or null. */
export function validateName(text: string): string | null {
  const name = text.trim()
  if (name === '') return 'Enter a name, such as "Rehearsal" or "Coinbase main".'
  if (name.length > 80) return 'The name must be at most 80 characters.'
  return null
}

/** Why a starting cash amount cannot be used, or null. */
export function validateCash(text: string): string | null {
  const value = text.trim().replace(/,/g, '')
  if (value === '') return 'Enter the starting cash in US dollars, such as 10000.'
  if (!MONEY_PATTERN.test(value)) return 'Starting cash must be dollars and cents, such as 2500.00.'
  const amount = new Decimal(value)
  if (amount.lte(0)) return 'Starting cash must be more than $0.00.'
  if (amount.gt(1_000_000_000)) return `Starting cash must be at most ${formatUsd(1_000_000_000)}.`
  return null
}

/** The cash as the engine takes it: digits, no separators. */
export function normalizeCash(text: string): string {
  return text.trim().replace(/,/g, '')
}

/** Why a ccxt exchange id cannot be used, or null. */
export function validateExchangeId(text: string): string | null {
  const id = text.trim()
  if (id === '') return 'Enter a ccxt exchange id, such as coinbase or kraken.'
  if (!EXCHANGE_ID_PATTERN.test(id) || id.length < 2 || id.length > 32)
    return 'An exchange id is lower-case letters and digits, as ccxt names it: coinbase, kraken, binance.'
  return null
}

/** Why an API key, secret or passphrase cannot be stored, or null. */
export function validateSecret(label: string, text: string, required: boolean): string | null {
  if (text === '') return required ? `Enter the ${label}.` : null
  if (text.length > 512) return `The ${label} must be at most 512 characters.`
  if (text.trim() !== text)
    return `The ${label} starts or ends with a space; copy it again without the spaces.`
  return null
}
