/**
 * The ticket's live estimate: asked for when the inputs settle, kept fresh while they stay put
 * (prices move), and never shown next to inputs it was not asked for.
 */
import { useEffect, useRef, useState } from 'react'
import type { MarketSymbol, Side } from '../../../../shared/types'
import { useOrdersStore } from '../../stores/orders-store'
import type { EstimateState } from './ticket-estimate'

/** How often an estimate is refreshed while the inputs stay the same: prices move. */
export const ESTIMATE_REFRESH_MS = 1_000
const ESTIMATE_DEBOUNCE_MS = 200

/** The order an estimate is asked for. */
export interface EstimateInputs {
  readonly accountId: string
  readonly symbol: MarketSymbol
  readonly side: Side
  readonly quantity: string
}

/** An answer to an estimate request, tagged with the inputs it was for. */
type EstimateAnswer = { readonly key: string; readonly state: EstimateState }

/**
 * The estimate to show for `inputs` (null: none can be asked for); `active` says whether the
 * estimate area shows anything at all (a valid size, online) or stays idle. `onFeeRate` hears
 * the fee rate of every estimate that arrives (sizing by dollars needs it before the next one).
 */
export function useTicketEstimate(
  inputs: EstimateInputs | null,
  active: boolean,
  onFeeRate: (rate: string) => void,
): EstimateState {
  const estimateOrder = useOrdersStore((s) => s.estimateOrder)
  const [answer, setAnswer] = useState<EstimateAnswer | null>(null)
  const requestSeq = useRef(0)
  const accountId = inputs?.accountId ?? null
  const symbol = inputs?.symbol ?? null
  const side = inputs?.side ?? null
  const quantity = inputs?.quantity ?? null
  const key = inputs ? `${accountId}|${symbol}|${side}|${quantity}` : null

  useEffect(() => {
    if (accountId === null || symbol === null || side === null || quantity === null) return
    if (key === null) return
    let cancelled = false
    const run = async (): Promise<void> => {
      const seq = ++requestSeq.current
      const result = await estimateOrder({ accountId, symbol, side, quantity })
      if (cancelled || seq !== requestSeq.current) return
      if (result.ok) onFeeRate(result.value.feeRate)
      setAnswer({
        key,
        state: result.ok
          ? { kind: 'ready', estimate: result.value }
          : { kind: 'error', message: result.error.message },
      })
    }
    const first = setTimeout(() => void run(), ESTIMATE_DEBOUNCE_MS)
    const refresh = setInterval(() => void run(), ESTIMATE_REFRESH_MS)
    return () => {
      cancelled = true
      clearTimeout(first)
      clearInterval(refresh)
    }
  }, [accountId, symbol, side, quantity, key, estimateOrder, onFeeRate])

  if (!active) return { kind: 'idle' }
  return answer !== null && answer.key === key ? answer.state : { kind: 'loading' }
}
