/**
 * Wires the desk to the stores: every (re)connect resets them from the snapshot, then event
 * deltas apply on top, and the connection status follows the desk's.
 */
import type { EngineEvent } from '../../../shared/contract'
import type { Alert } from '../../../shared/types'
import { connectionStatus, onEvents, onSnapshot } from '../lib/desk'
import { notifyAlert } from '../lib/notifications'
import { useAccountsStore } from './accounts-store'
import { useAlarmSoundStore } from './alarm-sound-store'
import { useAlertsStore } from './alerts-store'
import { useAuditStore } from './audit-store'
import { useChannelsStore } from './channels-store'
import { useConnectionStore } from './connection-store'
import { useDrillsStore } from './drills-store'
import { useHealthStore } from './health-store'
import { useLedgerStore } from './ledger-store'
import { useMarketStore } from './market-store'
import { useOrdersStore } from './orders-store'
import { useReconcileStore } from './reconcile-store'
import { useBotsStore } from './bots-store'
import { useCostsStore } from './costs-store'
import { useValidationStore } from './validation-store'
import { useReportsStore } from './reports-store'
import { useRiskStore } from './risk-store'

/** Notifies a raised alert with the settings and account names the console has now. */
function notifyRaised(alert: Alert): boolean {
  const accountName =
    alert.accountId === null
      ? undefined
      : (useLedgerStore.getState().accounts.find((a) => a.id === alert.accountId)?.name ??
        alert.accountId)
  return notifyAlert(alert, useAlertsStore.getState().notifications, accountName)
}

/** Applies one event to the store of its domain. */
export function applyEvent(event: EngineEvent): void {
  switch (event.type) {
    case 'market:quote':
      useMarketStore.getState().applyQuote(event.payload)
      break
    case 'market:candle':
      useMarketStore.getState().applyCandle(event.payload)
      break
    case 'orders:updated':
      useOrdersStore.getState().applyOrder(event.payload)
      break
    case 'fills:created':
      useOrdersStore.getState().applyFill(event.payload)
      break
    case 'ledger:position':
      useLedgerStore.getState().applyPosition(event.payload)
      break
    case 'ledger:balance':
      useLedgerStore.getState().applyBalance(event.payload)
      break
    case 'audit:row':
      useAuditStore.getState().applyRow(event.payload)
      break
    case 'audit:verify-progress':
      useAuditStore.getState().applyVerifyProgress(event.payload)
      break
    case 'limits:updated':
      useRiskStore.getState().applyLimits(event.payload.accountId, event.payload.limits)
      break
    case 'trading:state':
      useRiskStore
        .getState()
        .applyTradingState(
          event.payload.accountId,
          event.payload.state,
          event.payload.global,
          event.payload,
        )
      break
    case 'accounts:added':
      useLedgerStore.getState().applyAccount(event.payload)
      break
    case 'accounts:status':
      useAccountsStore.getState().applyStatus(event.payload)
      break
    case 'market:status':
      useMarketStore.getState().applyStatus(event.payload)
      break
    case 'health:report':
      useHealthStore.getState().applyReport(event.payload)
      break
    case 'reconcile:status':
      useReconcileStore.getState().applyStatus(event.payload)
      break
    case 'drills:status':
      useDrillsStore.getState().applyStatus(event.payload)
      break
    case 'alerts:raised':
      useAlertsStore.getState().applyRaised(event.payload)
      notifyRaised(event.payload)
      void useAlarmSoundStore.getState().alarm(event.payload)
      break
    case 'alerts:updated':
      useAlertsStore.getState().applyUpdated(event.payload)
      break
    case 'alerts:rules':
      useAlertsStore.getState().applyRules(event.payload)
      break
    case 'reports:created':
      useReportsStore.getState().applyCreated(event.payload)
      break
    case 'alerts:channel':
      useChannelsStore.getState().applyChannel(event.payload)
      break
    case 'alerts:delivery':
      useChannelsStore.getState().applyDelivery(event.payload)
      break
    case 'bots:status':
      useBotsStore.getState().applyStatus(event.payload)
      break
    case 'costs:alarm':
      useCostsStore.getState().applyAlarm(event.payload)
      break
    case 'validation:changed':
      useValidationStore.getState().refresh()
      break
    case 'validation:rehearsal':
      useValidationStore.getState().applyRehearsal(event.payload)
      break
  }
}

/** Starts feeding the stores from the desk; returns the function that stops it. */
export function startSync(): () => void {
  const stops = [
    onSnapshot((snapshot) => {
      useMarketStore.getState().resetFromSnapshot(snapshot)
      useLedgerStore.getState().resetFromSnapshot(snapshot)
      useOrdersStore.getState().resetFromSnapshot(snapshot)
      useRiskStore.getState().resetFromSnapshot(snapshot)
      useAccountsStore.getState().resetFromSnapshot(snapshot)
      useHealthStore.getState().resetFromSnapshot(snapshot)
      void useHealthStore.getState().loadHistory()
      useReconcileStore.getState().resetFromSnapshot(snapshot)
      useDrillsStore.getState().resetFromSnapshot(snapshot)
      useAlertsStore.getState().resetFromSnapshot(snapshot)
      useReportsStore.getState().resetFromSnapshot(snapshot)
      useBotsStore.getState().resetFromSnapshot(snapshot)
      // Decisions made while the link was down never arrived as events.
      useAuditStore.getState().refresh()
      useValidationStore.getState().refresh()
      useConnectionStore.getState().markSnapshot(snapshot.serverTime)
    }),
    onEvents((events) => {
      for (const event of events) applyEvent(event)
      // One read per batch: the kill switch changes every account at once.
    }),
    connectionStatus.subscribe((status) =>
      useConnectionStore.getState().setStatus(status, connectionStatus.reason()),
    ),
  ]
  useConnectionStore.getState().setStatus(connectionStatus.get(), connectionStatus.reason())
  return () => {
    for (const stop of stops) stop()
  }
}
