/**
 * The Electron PDF export of a daily report: only the console's page may ask, only for a day,
 * the report's HTML is printed in a hidden window with scripts off, and the PDF lands where the
 * trader chose (nothing is written when they cancel).
 */
import { existsSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { registerReportPdfHandler, type PrintWindow } from '../../../../electron/main/report-pdf'
import { isTrustedFrame } from '../../../../electron/main/security'
import { err, ok, type Result } from '../../../../shared/result'
import { EXPORT_REPORT_PDF_CHANNEL, type ReportPdfSaved } from '../../../../shared/wire'
import { cleanup, tempDir } from '../../../kit/engine'
import { dialog, ipcMain, resetFakeElectron } from '../fake-electron'
import { createFakeEngine } from '../fake-engine'

vi.mock('electron', () => import('../fake-electron'))

const APP_PAGE = 'app://vigil/index.html'
const fromApp = { senderFrame: { url: APP_PAGE, parent: null } }
const HTML = '<h1>Daily report 2026-11-23</h1>'

let dir: string
let printed: { url: string | null; destroyed: boolean }[]
beforeEach(() => {
  resetFakeElectron()
  dir = tempDir('vigil-report-pdf-')
  printed = []
  const fake = createFakeEngine()
  fake.handle.mockImplementation(async (command) =>
    command.name === 'reports:get' && command.payload.date === '2026-11-23'
      ? ok({ info: {}, html: HTML })
      : err('NOT_FOUND', 'No report for that day.'),
  )
  registerReportPdfHandler({
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
  })
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
