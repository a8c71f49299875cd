/**
 * The header's reminder that the simulated market is not running as usual: faster than real
 * time (a rehearsal) or with a fault injected (a drill). Nothing shows in real time with no fault.
 */
import { SYMBOLS, type MarketSymbol } from '../../../shared/types'
import { useMarketStore } from '../stores/market-store'

/** Shows the simulator's speed and faults when they are not the everyday ones. */
export function MarketChip() {
  const status = useMarketStore((s) => s.status)
  const faulty = SYMBOLS.filter((symbol: MarketSymbol) => status.faults[symbol] !== undefined)
  if (status.speed === 1 && faulty.length === 0) return null
  const parts: string[] = []
  if (status.speed !== 1) parts.push(`Simulator ${status.speed.toLocaleString('en-US')}×`)
  if (faulty.length > 0) parts.push(`Fault: ${faulty.join(', ')}`)
  return (
    <span
      className={`market-chip${faulty.length > 0 ? ' market-chip-fault' : ''}`}
      data-testid="header-market"
      role="status"
      title="The simulated market is running a rehearsal or a drill; see the Market screen."
    >
      {parts.join(' · ')}
    </span>
  )
}
