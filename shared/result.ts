/** Error codes that cross a host boundary. Every failed command carries one. */
export type ErrorCode =
  | 'INVALID_INPUT'
  | 'UNKNOWN_COMMAND'
  | 'UNAUTHORIZED'
  | 'FORBIDDEN'
  | 'NOT_FOUND'
  | 'CONFLICT'
  | 'GATE_REJECTED'
  | 'BROKER_ERROR'
  | 'UNAVAILABLE'
  | 'INTERNAL'

/** A failure explained in words a trader understands. */
export interface AppError {
  readonly code: ErrorCode
  readonly message: string
  /** Optional structured detail, e.g. the order a gate rejected. */
  readonly details?: unknown
}

/** What every command returns: never a thrown exception across a boundary. */
export type Result<T> =
  { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: AppError }

/** A successful Result. */
export function ok<T>(value: T): Result<T> {
  return { ok: true, value }
}

/** A failed Result. */
export function err<T = never>(code: ErrorCode, message: string, details?: unknown): Result<T> {
  return details === undefined
    ? { ok: false, error: { code, message } }
    : { ok: false, error: { code, message, details } }
}
