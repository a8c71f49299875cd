/**
 * The data folder's layout is named once, and the walk that makes the folder private on start
 * reads that list: every entry of the layout (with its previous copy and a crash's temp file)
 * is made private, every path the module hands out is one of them, and nothing else in the
 * folder is touched.
 */
import { chmodSync, lstatSync, mkdirSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import {
  DATA_FOLDER_LAYOUT,
  credentialsFile,
  drillCopyPrefix,
  equityMinutesFile,
  isDataFolderEntry,
  journalDir,
  lockFile,
  marketFile,
  paperExchangeFile,
  previousOf,
  reportsDir,
  serverFile,
  settingsFile,
  snapshotFile,
  snapshotFiles,
  privatizeDataDir,
} from '../../../../electron/engine/core'
import { cleanup, tempDir } from '../../../kit/engine'

const dirs: string[] = []
afterEach(() => {
  for (const dir of dirs.splice(0)) cleanup(dir)
})

function folder(): string {
  const dir = tempDir('vigil-layout-')
  dirs.push(dir)
  return path.join(dir, 'data')
}

const mode = (file: string): string => (lstatSync(file).mode & 0o777).toString(8)

/** Creates `name` in `dataDir` as an older build would have left it: readable by everyone. */
function createOpen(dataDir: string, name: string, kind: 'file' | 'folder'): string[] {
  const full = path.join(dataDir, name)
  if (kind === 'file') {
    writeFileSync(full, '{}')
    chmodSync(full, 0o644)
    return [name]
  }
  mkdirSync(full)
  writeFileSync(path.join(full, 'inside.txt'), 'x')
  chmodSync(path.join(full, 'inside.txt'), 0o644)
  chmodSync(full, 0o755)
  return [name, path.join(name, 'inside.txt')]
}

describe('the data folder layout', () => {
  it('makes every entry of the layout private on start, with its copies, and nothing else', async () => {
    const dataDir = folder()
    mkdirSync(dataDir, { recursive: true })
    const vigils: string[] = []
    const strangers: string[] = []
    for (const entry of DATA_FOLDER_LAYOUT) {
      vigils.push(...createOpen(dataDir, entry.name, entry.kind))
      if (entry.kind === 'file') {
        // The previous version a state file keeps, and the temp file a crash left mid-write.
        vigils.push(...createOpen(dataDir, path.basename(previousOf(entry.name)), 'file'))
        vigils.push(...createOpen(dataDir, `.${entry.name}.4242.a1b2c3.tmp`, 'file'))
      }
      // A name that only resembles the entry's is someone else's.
      strangers.push(...createOpen(dataDir, `my-${entry.name}`, entry.kind))
    }

    await privatizeDataDir(dataDir)

    const open = vigils.filter((name) => {
      const isFolder = lstatSync(path.join(dataDir, name)).isDirectory()
      return mode(path.join(dataDir, name)) !== (isFolder ? '700' : '600')
    })
    expect(open).toEqual([])
    const touched = strangers.filter((name) => {
      const isFolder = lstatSync(path.join(dataDir, name)).isDirectory()
      return mode(path.join(dataDir, name)) !== (isFolder ? '755' : '644')
    })
    expect(touched).toEqual([])
  })

  it('hands out only paths that belong to the layout', () => {
    const dataDir = '/home/trader/.vigil'
    const paths = [
      journalDir(dataDir),
      reportsDir(dataDir),
      snapshotFile(dataDir),
      ...snapshotFiles(dataDir),
      settingsFile(dataDir),
      previousOf(settingsFile(dataDir)),
      marketFile(dataDir),
      paperExchangeFile(dataDir, null),
      paperExchangeFile(dataDir, 'coinbase'),
      paperExchangeFile(dataDir, 'odd/exchange id'),
      equityMinutesFile(dataDir),
      credentialsFile(dataDir),
      serverFile(dataDir),
      lockFile(dataDir),
    ]
    for (const file of paths) {
      expect(path.dirname(file), file).toBe(dataDir)
      const isFolder = file === journalDir(dataDir) || file === reportsDir(dataDir)
      expect(isDataFolderEntry(path.basename(file), isFolder), file).toBe(true)
    }
    // A drill's copy: mkdtemp appends six characters to the prefix.
    expect(isDataFolderEntry(path.basename(drillCopyPrefix(dataDir)) + 'Xy12Ab', true)).toBe(true)
    // An exchange id cannot lead a venue's file out of the data folder.
    expect(paperExchangeFile(dataDir, '../../etc/passwd')).toBe(
      path.join(dataDir, 'paper-exchange-______etc_passwd.json'),
    )
  })
})
