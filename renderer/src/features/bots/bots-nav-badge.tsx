/**
 * The count of bots that are quiet or halted, on the navigation item, so a dead bot shows on
 * every screen. Nothing is shown while every bot is alive.
 */
import { useBotsStore } from '../../stores/bots-store'
import './bots.css'

/** A count badge, with words for screen readers. */
export function BotsNavBadge() {
  const count = useBotsStore(
    (s) => s.status.bots.filter((b) => b.quietSince !== null || b.halted !== null).length,
  )
  if (count === 0) return null
  const words = `${count === 1 ? '1 bot' : `${count} bots`} quiet or halted`
  return (
    <span className="nav-badge" data-testid="nav-bots-count" title={words}>
      {count}
      <span className="sr-only"> {words}</span>
    </span>
  )
}
