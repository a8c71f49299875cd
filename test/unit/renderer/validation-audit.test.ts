/**
 * The validation audit's PDF from the console: inside Electron the main process saves it; in a
 * browser the audit opens in a tab of its own at a one-time address bought with the tab's
 * session, for the browser's own print to PDF; a refusal comes back with its reason.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { VigilBridge } from '../../../shared/bridge'
import { ok } from '../../../shared/result'
import {
  exportValidationPdf,
  validationPdfMessage,
} from '../../../renderer/src/lib/validation-audit'

let asked: { body: unknown; authorization: string | null }[]
let refusal: string | null

beforeEach(() => {
  asked = []
  refusal = null
  localStorage.setItem('vigil.session', 'tab-session')
  vi.stubGlobal(
    'fetch',
    vi.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
      if (String(input) !== '/session/report') throw new Error(`unexpected fetch ${String(input)}`)
      asked.push({
        body: JSON.parse(String(init?.body)),
        authorization: new Headers(init?.headers).get('authorization'),
      })
      if (refusal !== null)
        return new Response(JSON.stringify({ error: { code: 'UNAUTHORIZED', message: refusal } }), {
          status: 401,
        })
      return new Response(JSON.stringify({ url: '/reports/validation.html?ticket=t1' }), {
        status: 201,
      })
    }),
  )
})

afterEach(() => {
  delete window.vigil
  vi.unstubAllGlobals()
  localStorage.clear()
})

describe('validation audit PDF', () => {
  it('is saved by the desktop app where the trader chose', async () => {
    const save = vi.fn(async () => ok({ path: '/home/t/vigil-validation.pdf', bytes: 52_000 }))
    window.vigil = { exportValidationPdf: save } as unknown as VigilBridge
    const opened = vi.fn()
    const result = await exportValidationPdf(opened)
    expect(result).toEqual(
      ok({ kind: 'saved', path: '/home/t/vigil-validation.pdf', bytes: 52_000 }),
    )
    expect(result.ok && validationPdfMessage(result.value)).toBe(
      'Saved the audit as a PDF to /home/t/vigil-validation.pdf.',
    )
    expect(opened).not.toHaveBeenCalled()
    expect(asked).toEqual([])
  })

  it('says a window from before the export cannot do it', async () => {
    window.vigil = {} as unknown as VigilBridge
    const result = await exportValidationPdf(vi.fn())
    expect(result.ok ? null : result.error.message).toBe(
      'This window cannot export the audit: restart Vigil to update it.',
    )
  })

  it('opens the audit in a new tab of a browser, for its own print to PDF', async () => {
    const opened = vi.fn()
    const result = await exportValidationPdf(opened)
    expect(asked).toEqual([{ body: { date: 'validation' }, authorization: 'Session tab-session' }])
    expect(opened).toHaveBeenCalledWith('/reports/validation.html?ticket=t1')
    expect(result).toEqual(ok({ kind: 'opened', url: '/reports/validation.html?ticket=t1' }))
    expect(result.ok && validationPdfMessage(result.value)).toContain(
      'use the browser’s Print (Ctrl+P or ⌘P) and choose “Save as PDF”',
    )
  })

  it('opens nothing when the server refuses, and says why', async () => {
    refusal = 'This tab is not signed in.'
    const opened = vi.fn()
    const result = await exportValidationPdf(opened)
    expect(opened).not.toHaveBeenCalled()
    expect(result.ok ? null : result.error).toEqual({
      code: 'UNAVAILABLE',
      message: expect.stringContaining('This tab is not signed in.'),
    })
  })
})
