/**
 * The trader's clock as React state, so "3 min ago" moves on while nothing else changes.
 */
import { useEffect, useState } from 'react'

/** The time now (epoch ms), refreshed every `everyMs` while the component is shown. */
export function useNow(everyMs: number): number {
  const [now, setNow] = useState(() => Date.now())
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), everyMs)
    return () => clearInterval(timer)
  }, [everyMs])
  return now
}
