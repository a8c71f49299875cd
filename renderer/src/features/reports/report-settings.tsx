/**
 * When the daily report is made and what it judges the day against: the baseline period (by
 * default the first 30 days of trading) and the four validation targets. Fractions are edited
 * in percent; the engine checks the whole and its refusal is shown in its own words.
 */
import { useId, useState } from 'react'
import type { ReportSettings } from '../../../../shared/performance'
import { useConnectionStore } from '../../stores/connection-store'
import { useReportsStore, type ReportSettingsPatch } from '../../stores/reports-store'

interface Draft {
  readonly time: string
  readonly fixedBaseline: boolean
  readonly from: string
  readonly to: string
  readonly winRatePct: string
  readonly averageProfit: string
  readonly maxDrawdownPct: string
  readonly sharpe: string
}

const pct = (fraction: number): string => String(Number((fraction * 100).toFixed(6)))

function draftOf(settings: ReportSettings): Draft {
  return {
    time: settings.time,
    fixedBaseline: settings.baseline !== null,
    from: settings.baseline?.from ?? '',
    to: settings.baseline?.to ?? '',
    winRatePct: pct(settings.targets.winRate),
    averageProfit: String(settings.targets.averageProfit),
    maxDrawdownPct: pct(settings.targets.maxDrawdown),
    sharpe: String(settings.targets.sharpe),
  }
}

/** The settings a draft asks for, in the engine's units, or what is wrong with it. */
export function settingsPatch(
  draft: Draft,
): { readonly patch: ReportSettingsPatch } | { readonly error: string } {
  const numbers = {
    winRate: Number(draft.winRatePct),
    averageProfit: Number(draft.averageProfit),
    maxDrawdown: Number(draft.maxDrawdownPct),
    sharpe: Number(draft.sharpe),
  }
  const blank = [draft.winRatePct, draft.averageProfit, draft.maxDrawdownPct, draft.sharpe].some(
    (v) => v.trim() === '',
  )
  if (blank || Object.values(numbers).some((n) => !Number.isFinite(n)))
    return { error: 'Every target must be a number.' }
  if (draft.fixedBaseline && (draft.from === '' || draft.to === ''))
    return { error: 'Choose the first and the last day of the baseline period.' }
  return {
    patch: {
      time: draft.time,
      baseline: draft.fixedBaseline ? { from: draft.from, to: draft.to } : null,
      targets: {
        winRate: Number((numbers.winRate / 100).toFixed(10)),
        averageProfit: numbers.averageProfit,
        maxDrawdown: Number((numbers.maxDrawdown / 100).toFixed(10)),
        sharpe: numbers.sharpe,
      },
    },
  }
}

/** The report settings panel. */
export function ReportSettingsPanel() {
  const settings = useReportsStore((s) => s.settings)
  // A new key when the engine's settings change starts the form over from them.
  return <SettingsForm key={JSON.stringify(settings)} settings={settings} />
}

function SettingsForm({ settings }: { readonly settings: ReportSettings }) {
  const updateSettings = useReportsStore((s) => s.updateSettings)
  const online = useConnectionStore((s) => s.status === 'online')
  const [draft, setDraft] = useState<Draft>(() => draftOf(settings))
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const id = useId()
  const dirty = JSON.stringify(draft) !== JSON.stringify(draftOf(settings))

  const edit = (change: Partial<Draft>): void => {
    setDraft({ ...draft, ...change })
    setError(null)
  }

  const save = async (): Promise<void> => {
    const checked = settingsPatch(draft)
    if ('error' in checked) {
      setError(checked.error)
      return
    }
    setBusy(true)
    setError(null)
    const result = await updateSettings(checked.patch)
    setBusy(false)
    if (!result.ok) setError(result.error.message)
  }

  const field = (
    key: 'winRatePct' | 'averageProfit' | 'maxDrawdownPct' | 'sharpe',
    label: string,
    unit: string,
  ) => (
    <div className="report-field">
      <label htmlFor={`${id}-${key}`}>{label}</label>
      <span>
        <input
          id={`${id}-${key}`}
          type="number"
          step="any"
          className="report-number"
          data-testid={`report-target-${key}`}
          value={draft[key]}
          onChange={(event) => edit({ [key]: event.target.value })}
        />{' '}
        <span className="muted-inline">{unit}</span>
      </span>
    </div>
  )

  return (
    <section className="panel" aria-labelledby="report-settings-title">
      <h2 id="report-settings-title" className="panel-title">
        Report settings
      </h2>
      <form
        className="report-settings"
        onSubmit={(event) => {
          event.preventDefault()
          void save()
        }}
      >
        <div className="report-field">
          <label htmlFor={`${id}-time`}>Make the report for the day before at</label>
          <span>
            <input
              id={`${id}-time`}
              type="time"
              required
              data-testid="report-time"
              value={draft.time}
              onChange={(event) => edit({ time: event.target.value })}
            />{' '}
            <span className="muted-inline">local time</span>
          </span>
        </div>
        <fieldset className="report-baseline">
          <legend>Compare each day with</legend>
          <label className="check">
            <input
              type="radio"
              name={`${id}-baseline`}
              data-testid="report-baseline-default"
              checked={!draft.fixedBaseline}
              onChange={() => edit({ fixedBaseline: false })}
            />
            <span>The first 30 days of trading (default)</span>
          </label>
          <label className="check">
            <input
              type="radio"
              name={`${id}-baseline`}
              data-testid="report-baseline-fixed"
              checked={draft.fixedBaseline}
              onChange={() => edit({ fixedBaseline: true })}
            />
            <span>A period:</span>
          </label>
          <input
            type="date"
            aria-label="Baseline from"
            data-testid="report-baseline-from"
            disabled={!draft.fixedBaseline}
            value={draft.from}
            onChange={(event) => edit({ from: event.target.value })}
          />
          <span className="muted-inline">to</span>
          <input
            type="date"
            aria-label="Baseline to (included)"
            data-testid="report-baseline-to"
            disabled={!draft.fixedBaseline}
            value={draft.to}
            onChange={(event) => edit({ to: event.target.value })}
          />
        </fieldset>
        <fieldset className="report-targets">
          <legend>Validation targets</legend>
          {field('winRatePct', 'Win rate at least', '%')}
          {field('averageProfit', 'Average profit per trade at least', 'USD')}
          {field('maxDrawdownPct', 'Max drawdown at most', '%')}
          {field('sharpe', 'Sharpe ratio at least', '(annualised)')}
        </fieldset>
        <div className="form-actions">
          <button
            type="submit"
            className="primary"
            data-testid="report-settings-save"
            disabled={!dirty || busy || !online}
          >
            {busy ? 'Saving…' : 'Save settings'}
          </button>
          {dirty ? (
            <button type="button" onClick={() => setDraft(draftOf(settings))} disabled={busy}>
              Undo changes
            </button>
          ) : null}
          {error ? (
            <p className="negative" role="alert" data-testid="report-settings-error">
              {error}
            </p>
          ) : null}
        </div>
      </form>
    </section>
  )
}
