/**
 * The gate's dry run while the ticket is filled in: once the inputs settle, the engine checks
 * the would-be order exactly as it would check a real one (nothing is journaled), and again
 * every second while they stay put, because the market, the cash and the trading state move.
 */
import { useEffect, useRef, useState } from 'react'
import type { CommandPayload } from '../../../../shared/contract'
import type { GateCheck, OrderCheck } from '../../../../shared/types'
import { useOrdersStore } from '../../stores/orders-store'

/** Quiet time after the last keystroke before the gate is asked. */
export const GATE_CHECK_DEBOUNCE_MS = 250
/** How often the answer is refreshed while the inputs stay the same. */
export const GATE_CHECK_REFRESH_MS = 1_000

/** What the ticket knows of the gate's word on the order as it stands. */
export type GateCheckState =
  | { readonly kind: 'idle' }
  | { readonly kind: 'checking' }
  | { readonly kind: 'answered'; readonly check: OrderCheck; readonly failed: readonly GateCheck[] }
  | { readonly kind: 'error'; readonly message: string }

/** Asks the gate about `order` (null: nothing to ask yet); answers only for the order asked. */
export function useGateCheck(order: CommandPayload<'orders:check'> | null): GateCheckState {
  const checkOrder = useOrdersStore((s) => s.checkOrder)
  const key = order === null ? null : JSON.stringify(order)
  const [answer, setAnswer] = useState<{ key: string; state: GateCheckState } | null>(null)
  const seq = useRef(0)
  useEffect(() => {
    if (key === null) return
    const payload = JSON.parse(key) as CommandPayload<'orders:check'>
    let cancelled = false
    const run = async (): Promise<void> => {
      const mine = ++seq.current
      const result = await checkOrder(payload)
      if (cancelled || mine !== seq.current) return
      setAnswer({
        key,
        state: result.ok
          ? {
              kind: 'answered',
              check: result.value,
              failed: result.value.checks.filter((c) => !c.passed),
            }
          : { kind: 'error', message: result.error.message },
      })
    }
    const first = setTimeout(() => void run(), GATE_CHECK_DEBOUNCE_MS)
    const refresh = setInterval(() => void run(), GATE_CHECK_REFRESH_MS)
    return () => {
      cancelled = true
      clearTimeout(first)
      clearInterval(refresh)
    }
  }, [key, checkOrder])
  if (key === null) return { kind: 'idle' }
  // An answer about other inputs must never be shown next to new ones.
  return answer?.key === key ? answer.state : { kind: 'checking' }
}

/** Where on the ticket a failing check is shown: by the field it concerns, or for the account. */
export type CheckPlace = 'size' | 'limit' | 'account'

const SIZE_CHECKS = new Set([
  'quantity',
  'order_notional',
  'position_limit',
  'open_positions',
  'balance',
  'exposure',
])

/** The field a check concerns, so its warning sits next to what the trader can change. */
export function placeOfCheck(check: GateCheck, limitOrder: boolean): CheckPlace {
  if (SIZE_CHECKS.has(check.name)) return 'size'
  if (check.code === 'RECOVERY_SIZE_CAP') return 'size'
  if (limitOrder && (check.name === 'entry_price' || check.name === 'price_band')) return 'limit'
  return 'account'
}
