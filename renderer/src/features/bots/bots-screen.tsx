/**
 * Bots: the trader's own programs trading through the REST API, each naming itself with the
 * X-Vigil-Bot header. One row per bot, like FreqUI's bot list: its state with the reason
 * (alive, quiet since …, halted, no heartbeat), last activity, heartbeat interval, orders,
 * fills, refusals, open orders and realized PnL; what going quiet does to it (asks before
 * halting); and Resume for a halted bot (asks, with a reason for the journal). Without any bot
 * yet, it shows how a bot names itself and sends its heartbeat.
 */
import { useState } from 'react'
import { BOT_HEADER, type BotOnQuiet, type BotView } from '../../../../shared/bots'
import { ConfirmDialog } from '../../components/dialog'
import { CopyCommand } from '../../components/copy-command'
import { formatClockTime, formatSignedUsd, formatTime, formatUsd, toNumber } from '../../lib/format'
import { describeAge } from '../../lib/health-format'
import { serverOrigin } from '../../lib/offline-text'
import { useNow } from '../../lib/use-now'
import { useBotsStore } from '../../stores/bots-store'
import { useConnectionStore } from '../../stores/connection-store'
import { botCurls, botState, intervalText, PNL_DEFINITION } from './bots-format'
import { ResumeBotButton } from './resume-bot'
import './bots.css'

/** The Bots screen. */
export function BotsScreen() {
  const status = useBotsStore((s) => s.status)
  const now = useNow(1_000)
  const { bots, graceSeconds } = status
  const halted = bots.filter((b) => b.halted).length
  const quiet = bots.filter((b) => b.quietSince !== null && !b.halted).length
  return (
    <div className="screen bots">
      <h1 className="screen-title">
        Bots{' '}
        <span className="count" data-testid="bots-count">
          {bots.length === 1 ? '1 bot' : `${bots.length} bots`}
          {halted ? ` · ${halted} halted` : ''}
          {quiet ? ` · ${quiet} quiet` : ''}
        </span>
      </h1>
      <p className="muted screen-intro">
        A bot names itself with the <code>{BOT_HEADER}</code> header on each REST call. One that
        sends heartbeats is called quiet when none arrives within its interval plus {graceSeconds} s
        (the grace is the &quot;Bot went quiet&quot; rule&apos;s, on the Alerts screen).
      </p>
      {bots.length === 0 ? <NoBots /> : <BotsTable bots={bots} now={now} />}
    </div>
  )
}

function NoBots() {
  const curls = botCurls(serverOrigin())
  return (
    <section className="panel bots-empty" data-testid="bots-empty">
      <h2 className="panel-title">No bot has named itself yet</h2>
      <p>
        Add the header <code>{BOT_HEADER}: NAME</code> to every call your bot makes (1 to 40
        letters, digits, <code>_ . -</code>, starting with a letter or digit). Its orders then carry
        its name, and it is listed here with its fills, refusals and PnL. The token is the file{' '}
        <code>api-token</code> in Vigil&apos;s data folder.
      </p>
      <CopyCommand command={curls.order} testId="bots-curl-order" block />
      <p>
        Then let it send a heartbeat at least as often as it promises (5 s to 86400 s). If none
        arrives in time, Vigil raises the &quot;Bot went quiet&quot; alert and, if you set it to,
        halts the bot.
      </p>
      <CopyCommand command={curls.heartbeat} testId="bots-curl-heartbeat" block />
    </section>
  )
}

function BotsTable({ bots, now }: { readonly bots: readonly BotView[]; readonly now: number }) {
  return (
    <section className="panel" aria-label="Bots">
      <div className="table-wrap">
        <table className="table bots-table" data-testid="bots-table">
          <thead>
            <tr>
              <th scope="col">Bot</th>
              <th scope="col">State</th>
              <th scope="col">Last activity</th>
              <th scope="col" className="right">
                Heartbeat
              </th>
              <th scope="col" className="right" title="Orders placed, and how many still work">
                Orders · open
              </th>
              <th scope="col" className="right">
                Fills
              </th>
              <th scope="col" className="right" title="Orders the pre-execution gate refused">
                Refused
              </th>
              <th scope="col" className="right" title={PNL_DEFINITION}>
                Realized PnL
              </th>
              <th scope="col">When quiet</th>
            </tr>
          </thead>
          <tbody>
            {bots.map((bot) => (
              <BotRow key={bot.name} bot={bot} now={now} />
            ))}
          </tbody>
        </table>
      </div>
    </section>
  )
}

function BotRow({ bot, now }: { readonly bot: BotView; readonly now: number }) {
  const state = botState(bot, now)
  const pnl = toNumber(bot.realizedPnl)
  return (
    <tr data-testid="bot-row" data-bot={bot.name} data-state={state.key}>
      <th scope="row" className="bot-name" title={`First seen ${formatTime(bot.firstSeen)}`}>
        {bot.name}
      </th>
      <td className="bot-state">
        <span className={`badge bot-badge-${state.key}`} data-testid="bot-state">
          {state.label}
        </span>
        <span className="bot-reason" data-testid="bot-reason">
          {state.reason}
        </span>
        {bot.halted ? <ResumeBotButton bot={bot} /> : null}
      </td>
      <td className="bot-when">
        {describeAge(now - bot.lastActivity)}
        <span className="bot-reason" title={formatTime(bot.lastActivity)}>
          {sameDay(bot.lastActivity, now)
            ? formatClockTime(bot.lastActivity)
            : formatTime(bot.lastActivity)}
        </span>
      </td>
      <td className="right">
        {bot.heartbeatSeconds === null ? '—' : `every ${intervalText(bot.heartbeatSeconds)}`}
      </td>
      <td className="right">
        {bot.ordersPlaced} · {bot.openOrders}
      </td>
      <td className="right">{bot.fills}</td>
      <td className="right">{bot.rejections}</td>
      <td
        className={`right ${pnl > 0 ? 'gain' : pnl < 0 ? 'loss' : ''}`}
        title={`${PNL_DEFINITION} Fees: ${formatUsd(bot.fees)}.`}
        data-testid="bot-pnl"
      >
        {formatSignedUsd(bot.realizedPnl)}
      </td>
      <td>
        <OnQuietControl bot={bot} />
      </td>
    </tr>
  )
}

/** Whether two times fall on the same local day. */
function sameDay(a: number, b: number): boolean {
  return formatTime(a).slice(0, 10) === formatTime(b).slice(0, 10)
}

const ON_QUIET_LABEL: Readonly<Record<BotOnQuiet, string>> = {
  alert: 'Alert',
  halt: 'Alert + halt',
}

/** What going quiet does to the bot; switching to halt asks first. */
function OnQuietControl({ bot }: { readonly bot: BotView }) {
  const setOnQuiet = useBotsStore((s) => s.setOnQuiet)
  const online = useConnectionStore((s) => s.status === 'online')
  const [asking, setAsking] = useState(false)
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const apply = async (onQuiet: BotOnQuiet): Promise<void> => {
    setBusy(true)
    setError(null)
    const result = await setOnQuiet(bot.name, onQuiet)
    setBusy(false)
    if (result.ok) setAsking(false)
    else setError(result.error.message)
  }
  const quietNow = bot.quietSince !== null
  return (
    <>
      <select
        className="bot-on-quiet"
        aria-label={`When ${bot.name} goes quiet`}
        data-testid="bot-on-quiet"
        value={bot.onQuiet}
        disabled={!online || busy}
        title={online ? undefined : 'The console is not connected to Vigil.'}
        onChange={(e) => {
          const next = e.target.value as BotOnQuiet
          if (next === 'halt') setAsking(true)
          else void apply(next)
        }}
      >
        {(['alert', 'halt'] as const).map((v) => (
          <option key={v} value={v}>
            {ON_QUIET_LABEL[v]}
          </option>
        ))}
      </select>
      {error && !asking ? (
        <span className="negative bot-reason" role="alert">
          {error}
        </span>
      ) : null}
      {asking ? (
        <ConfirmDialog
          title={`Halt ${bot.name} when it goes quiet?`}
          confirmLabel="Halt when quiet"
          danger
          busy={busy}
          error={error}
          onConfirm={() => void apply('halt')}
          onCancel={() => {
            setAsking(false)
            setError(null)
          }}
          testId="bot-halt-confirm"
        >
          <p>
            {quietNow
              ? `${bot.name} is quiet now: it is halted at once. `
              : `When ${bot.name} misses its heartbeat, `}
            Vigil cancels its{' '}
            {bot.openOrders === 1 ? '1 resting order' : `${bot.openOrders} resting orders`}
            {quietNow ? '' : ' (as they are then)'} and refuses every new order naming it until you
            resume it here. A heartbeat alone does not lift the halt.
          </p>
        </ConfirmDialog>
      ) : null}
    </>
  )
}
