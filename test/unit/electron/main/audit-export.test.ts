/**
 * The Electron export, with electron mocked: the console asks on the export channel, the
 * trader picks a file in the save dialog, and the main process writes the raw journal with its
 * manifest, or the audit CSV, from a real journal. Only the console's own page may ask.
 */
import { createHash } from 'node:crypto'
import { existsSync, mkdirSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest'
import type { Result } from '../../../../shared/result'
import { EXPORT_AUDIT_CHANNEL, type AuditExportSaved } from '../../../../shared/wire'
import { AUDIT_CSV_HEADER } from '../../../../electron/engine/journal'
import { registerAuditExportHandler } from '../../../../electron/main/audit-export'
import { isTrustedFrame } from '../../../../electron/main/security'
import { cleanup, tempDir } from '../../../kit/engine'
import { buildTradedDataDir, type TradedDataDir } from '../../../kit/traded-data-dir'
import { dialog, ipcMain, resetFakeElectron } from '../fake-electron'

vi.mock('electron', () => import('../fake-electron'))

const APP_PAGE = 'app://vigil/index.html'
const fromApp = { senderFrame: { url: APP_PAGE, parent: null } }
const window = { id: 1 } as never

let root: string
let built: TradedDataDir
let dispose: () => void
const logger = { error: vi.fn() }

beforeAll(async () => {
  root = tempDir('vigil-electron-export-')
  const dataDir = path.join(root, 'data')
  mkdirSync(dataDir)
  built = await buildTradedDataDir(dataDir)
}, 30_000)
afterAll(() => cleanup(root))

beforeEach(() => {
  resetFakeElectron()
  dispose = registerAuditExportHandler({
    ipcMain,
    dialog: dialog as never,
    journalDir: built.journalDir,
    isTrustedSender: (frame) => isTrustedFrame(frame, ['app://vigil']),
    getWindow: () => window,
    now: () => new Date(Date.UTC(2026, 10, 25, 9)),
    logger,
  })
})

async function exportAudit(event: unknown, format: unknown): Promise<Result<AuditExportSaved>> {
  return (await ipcMain.invoke(EXPORT_AUDIT_CHANNEL, event, format)) as Result<AuditExportSaved>
}

function journalBytes(): Buffer {
  return Buffer.concat(built.segments.map((s) => readFileSync(path.join(built.journalDir, s))))
}

describe('the Electron audit export', () => {
  it('writes the raw journal and its manifest where the trader chose', async () => {
    const file = path.join(root, 'chosen.jsonl')
    dialog.showSaveDialog.mockResolvedValueOnce({ canceled: false, filePath: file })
    const result = await exportAudit(fromApp, 'jsonl')

    expect(dialog.showSaveDialog).toHaveBeenCalledWith(
      window,
      expect.objectContaining({ defaultPath: 'vigil-journal-20261125.jsonl' }),
    )
    const bytes = readFileSync(file)
    expect(bytes.equals(journalBytes())).toBe(true)
    const sha = createHash('sha256').update(bytes).digest('hex')
    expect(result).toEqual({
      ok: true,
      value: {
        files: [file, `${file}.manifest.json`],
        path: file,
        manifestPath: `${file}.manifest.json`,
        records: built.records,
        sha256: sha,
      },
    })
    const manifest = JSON.parse(readFileSync(`${file}.manifest.json`, 'utf8'))
    expect(manifest).toMatchObject({
      records: built.records,
      head: { seq: built.records },
      verified: true,
      sha256: sha,
      file: 'chosen.jsonl',
    })
  })

  it('writes the audit records as CSV, one row per decision', async () => {
    const file = path.join(root, 'chosen.csv')
    dialog.showSaveDialog.mockResolvedValueOnce({ canceled: false, filePath: file })
    const result = await exportAudit(fromApp, 'csv')
    expect(result.ok && result.value.records).toBe(built.decisions)
    expect(result.ok && result.value.files).toEqual([file])
    const lines = readFileSync(file, 'utf8').trimEnd().split('\n')
    expect(lines[0]).toBe(AUDIT_CSV_HEADER)
    expect(lines).toHaveLength(1 + built.decisions)
  })

  it('writes nothing when the trader cancels the dialog', async () => {
    const result = await exportAudit(fromApp, 'jsonl')
    expect(result).toEqual({
      ok: true,
      value: { files: [], path: null, manifestPath: null, records: 0, sha256: null },
    })
  })

  it('refuses a stranger and a bad format without opening a dialog', async () => {
    for (const event of [
      { senderFrame: { url: 'https://evil.example/', parent: null } },
      { senderFrame: null },
    ]) {
      const result = await exportAudit(event, 'jsonl')
      expect(result.ok).toBe(false)
      if (!result.ok) expect(result.error.code).toBe('FORBIDDEN')
    }
    for (const format of ['xml', { path: '/etc/passwd' }, undefined]) {
      const result = await exportAudit(fromApp, format)
      expect(result.ok).toBe(false)
      if (!result.ok) expect(result.error.code).toBe('INVALID_INPUT')
    }
    expect(dialog.showSaveDialog).not.toHaveBeenCalled()
  })

  it('answers a clear error when the file cannot be written, and leaves nothing behind', async () => {
    const file = path.join(root, 'no-such-folder', 'x.jsonl')
    dialog.showSaveDialog.mockResolvedValueOnce({ canceled: false, filePath: file })
    const result = await exportAudit(fromApp, 'jsonl')
    expect(result.ok).toBe(false)
    if (!result.ok) {
      expect(result.error.code).toBe('INTERNAL')
      expect(result.error.message).toContain(`could not write the export to ${file}`)
    }
    expect(existsSync(file)).toBe(false)
    expect(logger.error).toHaveBeenCalled()
  })

  it('removes its handler when disposed', () => {
    dispose()
    dispose()
    expect(ipcMain.handlers.has(EXPORT_AUDIT_CHANNEL)).toBe(false)
  })
})
