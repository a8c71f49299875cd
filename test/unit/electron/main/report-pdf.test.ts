/**
 * The Electron PDF exports of a daily report and of the validation audit: only the console's
 * page may ask, a report only for a day, the page's HTML is printed in a hidden window with
 * scripts off, and the PDF lands where the trader chose (nothing is written when they cancel).
 */
import { existsSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import {
  registerReportPdfHandler,
  registerValidationPdfHandler,
  type PrintWindow,
  type ReportPdfDeps,
} from '../../../../electron/main/report-pdf'
import { isTrustedFrame } from '../../../../electron/main/security'
import { err, ok, type Result } from '../../../../shared/result'
import {
  EXPORT_REPORT_PDF_CHANNEL,
  EXPORT_VALIDATION_PDF_CHANNEL,
  type ReportPdfSaved,
} from '../../../../shared/wire'
import { cleanup, tempDir } from '../../../kit/engine'
import { dialog, ipcMain, resetFakeElectron } from '../fake-electron'
import { createFakeEngine } from '../fake-engine'

vi.mock('electron', () => import('../fake-electron'))

const APP_PAGE = 'app://vigil/index.html'
const fromApp = { senderFrame: { url: APP_PAGE, parent: null } }
const HTML = '<h1>Daily report 2026-11-23</h1>'
const AUDIT = '<h1>Validation audit — plan started 2026-10-24</h1><p>50 % ≤ #1</p>'

let auditAnswer: Result<{ html: string; fileName: string }>

let dir: string
let printed: { url: string | null; destroyed: boolean }[]
beforeEach(() => {
  resetFakeElectron()
  dir = tempDir('vigil-report-pdf-')
  printed = []
  const fake = createFakeEngine()
  auditAnswer = ok({ html: AUDIT, fileName: 'vigil-validation-2026-12-02.html' })
  fake.handle.mockImplementation(async (command) =>
    command.name === 'validation:report'
      ? auditAnswer
      : command.name === 'reports:get' && command.payload.date === '2026-11-23'
        ? ok({ info: {}, html: HTML })
        : err('NOT_FOUND', 'No report for that day.'),
  )
  const deps: ReportPdfDeps = {
    ipcMain,
    dialog: dialog as never,
    engine: fake.engine,
    isTrustedSender: (frame) => isTrustedFrame(frame, ['app://vigil']),
    makeWindow: (): PrintWindow => {
      const record = { url: null as string | null, destroyed: false }
      printed.push(record)
      return {
        loadURL: async (url) => void (record.url = url),
        webContents: { printToPDF: async () => Buffer.from('%PDF-1.7 fake') },
        destroy: () => void (record.destroyed = true),
      }
    },
  }
  registerReportPdfHandler(deps)
  registerValidationPdfHandler(deps)
})
afterEach(() => cleanup(dir))

const exportPdf = (event: unknown, date: unknown) =>
  ipcMain.invoke(EXPORT_REPORT_PDF_CHANNEL, event, date) as Promise<Result<ReportPdfSaved>>

describe('report PDF export', () => {
  it('prints the report in a hidden window and saves it where the trader chose', async () => {
    const file = path.join(dir, 'report.pdf')
    dialog.showSaveDialog.mockResolvedValueOnce({ canceled: false, filePath: file })
    expect(await exportPdf(fromApp, '2026-11-23')).toEqual(ok({ path: file, bytes: 13 }))
    expect(readFileSync(file, 'utf8')).toBe('%PDF-1.7 fake')
    expect(decodeURIComponent(printed[0]?.url ?? '')).toBe(`data:text/html;charset=utf-8,${HTML}`)
    expect(printed[0]?.destroyed).toBe(true)
  })

  it('writes nothing when the trader cancels, and refuses strangers and bad days', async () => {
    expect(await exportPdf(fromApp, '2026-11-23')).toEqual(ok({ path: null, bytes: 0 }))
    expect(printed).toEqual([])
    const stranger = await exportPdf(
      { senderFrame: { url: 'https://evil.example', parent: null } },
      '2026-11-23',
    )
    expect(stranger.ok ? null : stranger.error.code).toBe('FORBIDDEN')
    const bad = await exportPdf(fromApp, '../../etc/passwd')
    expect(bad.ok ? null : bad.error.message).toBe(
      'The report day must be YYYY-MM-DD, such as 2026-11-23.',
    )
    const missing = await exportPdf(fromApp, '2020-01-01')
    expect(missing.ok ? null : missing.error.code).toBe('NOT_FOUND')
    expect(existsSync(path.join(dir, 'report.pdf'))).toBe(false)
  })
})

const exportAuditPdf = (event: unknown) =>
  ipcMain.invoke(EXPORT_VALIDATION_PDF_CHANNEL, event) as Promise<Result<ReportPdfSaved>>

describe('validation audit PDF export', () => {
  it("prints the engine's audit in a hidden window and saves it under the audit's name", async () => {
    const file = path.join(dir, 'audit.pdf')
    dialog.showSaveDialog.mockResolvedValueOnce({ canceled: false, filePath: file })
    expect(await exportAuditPdf(fromApp)).toEqual(ok({ path: file, bytes: 13 }))
    expect(readFileSync(file, 'utf8')).toBe('%PDF-1.7 fake')
    expect(dialog.showSaveDialog).toHaveBeenCalledWith(
      expect.objectContaining({
        title: 'Export the validation audit',
        defaultPath: 'vigil-validation-2026-12-02.pdf',
      }),
    )
    expect(decodeURIComponent(printed[0]?.url ?? '')).toBe(`data:text/html;charset=utf-8,${AUDIT}`)
    expect(printed[0]?.destroyed).toBe(true)
  })

  it('writes nothing when canceled, for a stranger, or when the engine has no audit', async () => {
    expect(await exportAuditPdf(fromApp)).toEqual(ok({ path: null, bytes: 0 }))
    const stranger = await exportAuditPdf({
      senderFrame: { url: 'https://evil.example', parent: null },
    })
    expect(stranger.ok ? null : stranger.error.code).toBe('FORBIDDEN')
    auditAnswer = err('NOT_FOUND', 'No plan has been started: there is nothing to audit.')
    const none = await exportAuditPdf(fromApp)
    expect(none.ok ? null : none.error.message).toBe(
      'No plan has been started: there is nothing to audit.',
    )
    expect(dialog.showSaveDialog).toHaveBeenCalledTimes(1)
    expect(printed).toEqual([])
  })
})
