/**
 * What the journal keeps of a malformed order request: its outline, never its values. A bad
 * request can carry anything a caller pasted by mistake (an API key in a wrong field, a whole
 * config file), and the journal is kept forever; the reason says what was wrong (cut to a
 * bounded size), the outline says what arrived (kind, size, which order fields with which
 * kinds of value).
 */
import { submitOrderSchema } from '../../shared/contract'
import type { ReceivedField, ReceivedKind, ReceivedOutline } from './journal'

const ORDER_FIELDS: ReadonlySet<string> = new Set(Object.keys(submitOrderSchema.shape))

function kindOf(value: unknown): ReceivedKind {
  if (value === null) return 'null'
  if (Array.isArray(value)) return 'array'
  const kind = typeof value
  return kind === 'object' || kind === 'string' || kind === 'number' || kind === 'boolean'
    ? kind
    : 'other'
}

function jsonLength(value: unknown): number {
  try {
    return JSON.stringify(value)?.length ?? 0
  } catch {
    // Too deep or cyclic: its size is not worth a second failure.
    return 0
  }
}

function sizeOf(value: unknown): number {
  if (typeof value === 'string') return value.length
  if (Array.isArray(value)) return value.length
  if (typeof value === 'object' && value !== null) return Object.keys(value).length
  return jsonLength(value)
}

/** The outline of a request body (text as received) or payload (a value) that failed validation. */
export function outlineMalformed(raw: unknown): ReceivedOutline {
  let value: unknown = raw
  let size: number
  if (typeof raw === 'string') {
    size = raw.length
    try {
      value = JSON.parse(raw)
    } catch {
      return { kind: 'text', size, fields: [], otherFields: 0 }
    }
  } else {
    size = jsonLength(raw)
  }
  const kind = kindOf(value)
  if (kind !== 'object') return { kind, size, fields: [], otherFields: 0 }
  const fields: ReceivedField[] = []
  let otherFields = 0
  for (const [name, field] of Object.entries(value as Record<string, unknown>)) {
    if (ORDER_FIELDS.has(name)) fields.push({ name, kind: kindOf(field), size: sizeOf(field) })
    else otherFields += 1
  }
  return { kind, size, fields, otherFields }
}

/**
 * Cuts text so that its JSON encoding takes at most `maxBytes` bytes: escaping can make a
 * string of control characters six times longer than it looks, so the cut is by encoded size.
 */
export function cutToJsonBytes(
  text: string,
  maxBytes: number,
): { text: string; truncated: boolean } {
  const utf8 = new TextEncoder()
  const size = (t: string): number => utf8.encode(JSON.stringify(t)).length
  if (size(text) <= maxBytes) return { text, truncated: false }
  let lo = 0
  let hi = Math.min(text.length, maxBytes)
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1
    if (size(text.slice(0, mid)) <= maxBytes) lo = mid
    else hi = mid - 1
  }
  // Never split a surrogate pair.
  const code = text.charCodeAt(lo - 1)
  if (code >= 0xd800 && code <= 0xdbff) lo -= 1
  return { text: text.slice(0, lo), truncated: true }
}
