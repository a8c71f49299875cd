import { describe, expect, it } from 'vitest'
import {
  formatClockTime,
  formatQuantity,
  formatSignedUsd,
  formatUsd,
} from '../../../renderer/src/lib/format'

describe('formatting', () => {
  it('writes money with a dollar sign, thousands separators and cents', () => {
    expect(formatUsd('65012.345')).toBe('$65,012.35')
    expect(formatUsd('1234567')).toBe('$1,234,567.00')
    expect(formatUsd(-12.5)).toBe('-$12.50')
    expect(formatUsd('-0.001')).toBe('$0.00')
    expect(formatUsd('not a number')).toBe('—')
  })

  it('signs profit and loss', () => {
    expect(formatSignedUsd(9.88)).toBe('+$9.88')
    expect(formatSignedUsd(-0.1234)).toBe('-$0.12')
    expect(formatSignedUsd(0)).toBe('$0.00')
  })

  it('writes quantities without trailing zeros and with their unit', () => {
    expect(formatQuantity('0.0100', 'BTC')).toBe('0.01 BTC')
    expect(formatQuantity('1500', 'SOL')).toBe('1,500 SOL')
  })

  it('writes a time of day with its zone, for a sentence that stands on its own', () => {
    const local = new Date(2026, 10, 24, 14, 3, 7).getTime()
    // The short name ("UTC", "GMT+1", "PST") follows the wall-clock time.
    expect(formatClockTime(local)).toMatch(/^14:03:07 (UTC|GMT[+-]\d{1,2}(:\d{2})?|[A-Z]{2,5})$/)
  })
})
