/**
 * The renderer's view of `window.vigil`: the one bridge type of shared/bridge.ts, present only
 * inside the Electron window. Only lib/desk.ts reads it (a lint rule holds that).
 */
import type { VigilBridge } from '../../shared/bridge'

declare global {
  interface Window {
    /** Present only inside the Electron window. */
    vigil?: VigilBridge
  }
}
