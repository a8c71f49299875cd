/**
 * The plan settings form as data: what the trader typed (a draft), checked before anything is
 * sent (amounts in USD of 0 or more, a band's min not above its max, at least one account), the
 * changes it makes in words (now → new), what they mean for orders from now on (a narrower band
 * in the current phase, an account joining the plan), and the 'validation:set-plan' payload
 * that carries only what changed.
 */
import type { CommandPayload } from '../../../../shared/contract'
import {
  PHASES,
  type PhaseNumber,
  type PlanSettings,
  type SizeBand,
} from '../../../../shared/validation'
import { formatUsd } from '../../lib/format'

/** A band as typed: two texts, USD per order; an empty max means the account's own limits. */
export interface BandDraft {
  readonly min: string
  readonly max: string
}

/** What the form holds. */
export interface SettingsDraft {
  readonly bands: Readonly<Record<PhaseNumber, BandDraft>>
  readonly accounts: readonly string[]
  readonly rollBack: boolean
}

/** One change, as the summary shows it. */
export interface PlanChange {
  readonly key: string
  readonly label: string
  readonly from: string
  readonly to: string
}

/** The checked draft. */
export interface PlanEdit {
  /** What 'validation:set-plan' is sent, without the reason; only what changed. */
  readonly payload: Omit<CommandPayload<'validation:set-plan'>, 'reason'>
  readonly changes: readonly PlanChange[]
  /** What stops the change being sent, each in full words. */
  readonly problems: readonly string[]
  /** What the change means for orders from now on. */
  readonly warnings: readonly string[]
  /** Each phase's problems, shown under its fields. */
  readonly bandProblems: Readonly<Record<PhaseNumber, readonly string[]>>
}

/** The form's starting point: the settings as they are. */
export function draftOf(settings: PlanSettings): SettingsDraft {
  const band = (b: SizeBand): BandDraft => ({ min: b.min, max: b.max ?? '' })
  return {
    bands: { 1: band(settings.bands[1]), 2: band(settings.bands[2]), 3: band(settings.bands[3]) },
    accounts: settings.accounts,
    rollBack: settings.rollBackOnCritical,
  }
}

/** An amount with its cents only when it has them: "$50", "$12.50". */
export function usd(amount: string): string {
  return formatUsd(amount, amount.includes('.') ? 2 : 0)
}

/** A band in words, exact to the cent. */
export function bandWords(band: SizeBand): string {
  if (band.max === null)
    return Number(band.min) > 0
      ? `from ${usd(band.min)} per order up to the account's own limits`
      : "the account's own limits"
  return `${usd(band.min)} to ${usd(band.max)} per order`
}

type Amount = { readonly ok: true; readonly value: string } | { readonly ok: false; reason: string }

/** A typed USD amount as the engine takes it ("060" → "60", "$1,200" → "1200"), or why not. */
export function parseAmount(text: string, label: string): Amount {
  const t = text
    .trim()
    .replace(/^\$\s*/, '')
    .replace(/,/g, '')
  if (t === '') return { ok: false, reason: `${label}: type an amount in USD, e.g. 50.` }
  if (/^-\d*(\.\d+)?$/.test(t))
    return { ok: false, reason: `${label}: an amount cannot be negative; type 0 or more (USD).` }
  if (!/^\d+(\.\d+)?$/.test(t) || t.length > 40)
    return {
      ok: false,
      reason: `${label}: “${text.trim()}” is not an amount; type digits such as 50 or 12.5 (USD).`,
    }
  return { ok: true, value: t.replace(/^0+(?=\d)/, '') }
}

function checkBand(
  phase: PhaseNumber,
  draft: BandDraft,
): { band: SizeBand | null; problems: string[] } {
  const min = parseAmount(draft.min, `Phase ${phase} minimum`)
  const problems: string[] = []
  if (!min.ok) problems.push(min.reason)
  let max: string | null = null
  if (draft.max.trim() === '') {
    if (phase !== 3)
      problems.push(
        `Phase ${phase} maximum: type an amount in USD; only phase 3 may be left to the account's own limits.`,
      )
  } else {
    const parsed = parseAmount(draft.max, `Phase ${phase} maximum`)
    if (parsed.ok) max = parsed.value
    else problems.push(parsed.reason)
  }
  if (min.ok && max !== null && Number(min.value) > Number(max))
    problems.push(
      `Phase ${phase}: the minimum ${usd(min.value)} is above the maximum ${usd(max)}, so no order could fit the band.`,
    )
  return { band: problems.length === 0 && min.ok ? { min: min.value, max } : null, problems }
}

function sameBand(a: SizeBand, b: SizeBand): boolean {
  if (Number(a.min) !== Number(b.min)) return false
  return a.max === null || b.max === null ? a.max === b.max : Number(a.max) === Number(b.max)
}

/** What orders the new band refuses that the old one allowed, in words; null when none. */
function narrowing(old: SizeBand, next: SizeBand): string | null {
  const parts: string[] = []
  if (Number(next.min) > Number(old.min)) parts.push(`below ${usd(next.min)}`)
  if (next.max !== null && (old.max === null || Number(next.max) < Number(old.max)))
    parts.push(`above ${usd(next.max)}`)
  return parts.length === 0 ? null : parts.join(' or ')
}

function listWords(names: readonly string[]): string {
  if (names.length === 0) return 'none'
  if (names.length === 1) return names[0] ?? ''
  return `${names.slice(0, -1).join(', ')} and ${names[names.length - 1] ?? ''}`
}

/** Checks the draft against the settings as they are. */
export function planEdit(
  settings: PlanSettings,
  draft: SettingsDraft,
  currentPhase: PhaseNumber | null,
  nameOf: (accountId: string) => string,
): PlanEdit {
  const payload: { -readonly [K in keyof PlanEdit['payload']]: PlanEdit['payload'][K] } = {}
  const changes: PlanChange[] = []
  const problems: string[] = []
  const warnings: string[] = []
  const bandProblems: Record<PhaseNumber, string[]> = { 1: [], 2: [], 3: [] }
  const accounts = draft.accounts
  const names = (ids: readonly string[]): string => listWords(ids.map(nameOf))

  const bands: { 1?: SizeBand; 2?: SizeBand; 3?: SizeBand } = {}
  for (const phase of PHASES) {
    const checked = checkBand(phase, draft.bands[phase])
    bandProblems[phase] = checked.problems
    problems.push(...checked.problems)
    const old = settings.bands[phase]
    if (checked.band === null || sameBand(old, checked.band)) continue
    bands[phase] = checked.band
    changes.push({
      key: `band-${phase}`,
      label: `Phase ${phase} size band`,
      from: bandWords(old),
      to: bandWords(checked.band),
    })
    const refused = phase === currentPhase ? narrowing(old, checked.band) : null
    if (refused !== null)
      warnings.push(
        `Phase ${phase} is the current phase: from now on the gate refuses orders ${refused} on ${accounts.length === 0 ? 'the enrolled accounts' : names(accounts)} (until now it allowed ${bandWords(old)}).`,
      )
  }
  if (Object.keys(bands).length > 0) payload.bands = bands

  if (accounts.length === 0)
    problems.push('Accounts: enrol at least one account; the plan holds only the accounts in it.')
  const was = new Set(settings.accounts)
  const now = new Set(accounts)
  const joining = accounts.filter((a) => !was.has(a))
  const leaving = settings.accounts.filter((a) => !now.has(a))
  if (joining.length > 0 || leaving.length > 0) {
    payload.accounts = [...accounts]
    changes.push({
      key: 'accounts',
      label: 'Accounts in the plan',
      from: names(settings.accounts),
      to: names(accounts),
    })
    if (joining.length > 0 && currentPhase !== null) {
      const band = bands[currentPhase] ?? settings.bands[currentPhase]
      warnings.push(
        `${names(joining)} ${joining.length === 1 ? 'joins' : 'join'} the plan: from now on ${joining.length === 1 ? 'its' : 'their'} orders must fit the phase ${currentPhase} band, ${bandWords(band)}.`,
      )
    }
    if (leaving.length > 0)
      warnings.push(
        `${names(leaving)} ${leaving.length === 1 ? 'leaves' : 'leave'} the plan: the gate stops holding ${leaving.length === 1 ? 'it' : 'them'} to the size bands; ${leaving.length === 1 ? 'its' : 'their'} own limits still apply.`,
      )
  }

  if (draft.rollBack !== settings.rollBackOnCritical) {
    payload.rollBackOnCritical = draft.rollBack
    const words = (on: boolean): string =>
      on ? 'sends the plan back a phase' : 'does not move the plan back'
    changes.push({
      key: 'rollback',
      label: 'A critical failure',
      from: words(settings.rollBackOnCritical),
      to: words(draft.rollBack),
    })
  }
  return { payload, changes, problems, warnings, bandProblems }
}
