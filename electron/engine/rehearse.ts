/**
 * A rehearsal on the engine this module builds: what the bench, the CLI and the tests run
 * (the root passes its createEngine to the rehearsal domain itself).
 */
import { createEngine } from './root'
import { rehearseOn, type RehearsalOptions, type RehearsalReport } from './rehearsal'

/** Runs a rehearsal to the end (or until stopped); see rehearseOn. */
export function rehearse(options: RehearsalOptions): Promise<RehearsalReport> {
  return rehearseOn(createEngine, options)
}
