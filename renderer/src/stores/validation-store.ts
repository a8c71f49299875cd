/**
 * The 90-day validation plan as the Roadmap screen shows it: the engine's view
 * ('validation:get'), asked again whenever 'validation:changed' says something it measures
 * moved (once the screen has asked for it), and the rehearsal's progress from
 * 'validation:rehearsal'. Each change the trader makes answers with the whole view, which
 * replaces the one on screen; a refusal comes back as a Result for the form that sent it.
 */
import { create } from 'zustand'
import type { CommandPayload } from '../../../shared/contract'
import type { Result } from '../../../shared/result'
import type { RehearsalProgress, ValidationView } from '../../../shared/validation'
import { invoke } from '../lib/desk'

/** The commands whose answer is the whole view. */
type ViewCommand =
  | 'validation:set-plan'
  | 'validation:set-target'
  | 'validation:add-item'
  | 'validation:check-item'
  | 'validation:sign-off'

/** State and actions of the validation store. */
export interface ValidationState {
  readonly view: ValidationView | null
  readonly loading: boolean
  /** When the view on screen was received, epoch ms. */
  readonly loadedAt: number | null
  /** Why the last fetch failed, or null. */
  readonly error: string | null
  /** The latest rehearsal progress: from the command's answer or its events. */
  readonly rehearsal: RehearsalProgress | null
  /** Asks for the view; an answer to an older ask is dropped. */
  load(): Promise<void>
  /**
   * Something the plan measures changed ('validation:changed'), or the console reconnected:
   * asks again if the view was asked for at all.
   */
  refresh(): void
  applyRehearsal(progress: RehearsalProgress): void
  /** Runs one change; on success the answer replaces the view. */
  change<C extends ViewCommand>(
    name: C,
    payload: CommandPayload<C>,
  ): Promise<Result<ValidationView>>
  rehearse(payload: CommandPayload<'validation:rehearse'>): Promise<Result<RehearsalProgress>>
  stopRehearsal(): Promise<Result<RehearsalProgress>>
}

let latestRequest = 0

/** The validation store. */
export const useValidationStore = create<ValidationState>()((set, get) => ({
  view: null,
  loading: false,
  loadedAt: null,
  error: null,
  rehearsal: null,

  async load() {
    const request = ++latestRequest
    set({ loading: true })
    const result = await invoke('validation:get', {})
    if (request !== latestRequest) return
    if (result.ok) set({ view: result.value, loading: false, loadedAt: Date.now(), error: null })
    else set({ loading: false, error: result.error.message })
  },

  refresh() {
    const { view, loading, error } = get()
    if (view !== null || loading || error !== null) void get().load()
  },

  applyRehearsal(progress) {
    set({ rehearsal: progress })
  },

  async change(name, payload) {
    const result = (await invoke(name, payload)) as Result<ValidationView>
    if (result.ok) {
      // A fetch still in flight asked before this change: its answer is older.
      latestRequest += 1
      set({ view: result.value, loading: false, loadedAt: Date.now(), error: null })
    }
    return result
  },

  async rehearse(payload) {
    const result = await invoke('validation:rehearse', payload)
    if (result.ok) set({ rehearsal: result.value })
    return result
  },

  async stopRehearsal() {
    const result = await invoke('validation:rehearse-stop', {})
    if (result.ok) set({ rehearsal: result.value })
    return result
  },
}))
