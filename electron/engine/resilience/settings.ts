/**
 * Settings on disk: risk limits per account, kept with lowdb through the atomic adapter and
 * validated on read and on write. The journal records every change (old and new values) and
 * is the source of truth; this file is the readable copy a trader can back up.
 */
import { Low } from 'lowdb'
import { riskLimitsSchema } from '../../../shared/contract'
import { settingsFile } from '../core'
import type { RiskLimits } from '../../../shared/types'
import { AtomicJsonFile } from './snapshot'

/** What settings.json holds. */
export interface SettingsData {
  readonly version: 1
  readonly limits: Record<string, RiskLimits>
}

/** The settings file of a data folder. */
export class SettingsStore {
  private readonly db: Low<SettingsData | null>

  constructor(dataDir: string) {
    this.db = new Low<SettingsData | null>(
      new AtomicJsonFile<SettingsData | null>(settingsFile(dataDir)),
      null,
    )
  }

  /** Reads and validates the file; returns what is valid and a warning for what is not. */
  async load(): Promise<{ limits: Record<string, RiskLimits>; warning: string | null }> {
    try {
      await this.db.read()
    } catch (error) {
      return {
        limits: {},
        warning: `settings.json could not be read (${(error as Error).message}); using the journal's record of the settings.`,
      }
    }
    const limits: Record<string, RiskLimits> = {}
    let warning: string | null = null
    for (const [accountId, value] of Object.entries(this.db.data?.limits ?? {})) {
      const parsed = riskLimitsSchema.safeParse(value)
      if (parsed.success) limits[accountId] = parsed.data
      else
        warning = `settings.json holds invalid limits for ${accountId}; using the journal's record of them.`
    }
    return { limits, warning }
  }

  /** Validates and writes every account's limits. */
  async save(limits: Record<string, RiskLimits>): Promise<void> {
    for (const value of Object.values(limits)) riskLimitsSchema.parse(value)
    this.db.data = { version: 1, limits }
    await this.db.write()
  }
}
