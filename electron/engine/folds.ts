/**
 * The engine's fold registry: everything the engine keeps is one of these folds of the journal,
 * in this order (a fold may read the ones before it). The snapshot is their state; recovery
 * replays the journal into them. Adding a fold is its own file and one line here.
 */
import { peakEquityFold } from './accounts'
import { alertsFold, channelsFold } from './alerts'
import { botsFold } from './bots'
import { costBookFold } from './costs'
import { feeTiersFold } from './costs'
import { limitsFold } from './execution'
import { auditFold, type FoldRegistry, type FoldsOf, type JournalIndex } from './journal'
import { journalArchive, ledgerFold } from './ledger'
import { dayClosesFold, tradesFold } from './performance'
import { reportSettingsFold } from './reports'
import { drillsFold, reconcileFold, tradingFold, uptimeFold } from './resilience'
import { planFold } from './validation'

/**
 * Every fold, by the key of its state in the snapshot; `history` is the journal's index, and
 * `keepRecent` the ended orders and fills the ledger keeps per account, and `dataDir` the folder
 * whose derived files a fold keeps (none: kept in memory).
 */
export function engineFolds(
  history: JournalIndex | null,
  keepRecent?: number,
  dataDir: string | null = null,
) {
  const archive = history && journalArchive(history)
  const ledger = { archive, ...(keepRecent === undefined ? {} : { keep: keepRecent }) }
  return {
    ledger: ledgerFold(ledger),
    audit: auditFold(history),
    trading: tradingFold,
    reconcile: reconcileFold,
    drills: drillsFold,
    uptime: uptimeFold,
    alerts: alertsFold,
    alertChannels: channelsFold,
    equityCloses: dayClosesFold,
    trades: tradesFold(dataDir),
    reportSettings: reportSettingsFold,
    limits: limitsFold,
    peakEquity: peakEquityFold,
    bots: botsFold,
    costs: costBookFold,
    feeTiers: feeTiersFold,
    validation: planFold,
  } satisfies FoldRegistry
}

/** The engine's fold registry. */
export type EngineRegistry = ReturnType<typeof engineFolds>

/** The engine's live folds. */
export type EngineFolds = FoldsOf<EngineRegistry>
