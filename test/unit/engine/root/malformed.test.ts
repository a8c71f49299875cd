/**
 * What the journal keeps of a malformed order stays small whatever arrived: the reason is cut
 * by its encoded size, never in the middle of a character.
 */
import { describe, expect, it } from 'vitest'
import { cutToJsonBytes } from '../../../../electron/engine/malformed'

const encoded = (text: string): number => Buffer.byteLength(JSON.stringify(text))

describe('cutting a reason to a journal-sized text', () => {
  it('cuts by encoded size, so control characters cannot inflate a record', () => {
    const cut = cutToJsonBytes('\u0001'.repeat(5_000), 1_024)
    expect(cut.truncated).toBe(true)
    expect(encoded(cut.text)).toBeLessThanOrEqual(1_024)
    // Each \u0001 takes 6 bytes encoded: the cut keeps as many as fit, not a sixth of them.
    expect(encoded(cut.text)).toBeGreaterThan(1_000)
  })

  it('never splits a character made of two UTF-16 units', () => {
    const emoji = cutToJsonBytes('😀'.repeat(1_000), 101)
    expect(emoji.truncated).toBe(true)
    expect(emoji.text).toBe('😀'.repeat(emoji.text.length / 2))
    expect(encoded(emoji.text)).toBeLessThanOrEqual(101)
  })

  it('keeps a short text as it is', () => {
    expect(cutToJsonBytes('short', 1_024)).toEqual({ text: 'short', truncated: false })
  })
})
