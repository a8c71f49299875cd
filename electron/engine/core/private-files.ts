/**
 * The data folder is private: its folders 0700, its files 0600, whatever the umask. New files
 * and folders are created with these modes; on start, what an older build left readable by
 * every local user is made private.
 */
import { promises as fsp } from 'node:fs'
import path from 'node:path'
import { isDataFolderEntry } from './data-folder'

/** A folder of the data folder: only its owner may list or enter it. */
export const PRIVATE_DIR_MODE = 0o700
/** A file of the data folder: only its owner may read or write it. */
export const PRIVATE_FILE_MODE = 0o600

/** Creates `dir` (and missing parents) as a private folder, or makes an existing one private. */
export async function makePrivateDir(dir: string): Promise<void> {
  await fsp.mkdir(dir, { recursive: true, mode: PRIVATE_DIR_MODE })
  // The umask may have narrowed the mode, and an existing folder keeps its own: set it.
  await fsp.chmod(dir, PRIVATE_DIR_MODE)
}

async function setMode(file: string, mode: number, current: number): Promise<void> {
  if ((current & 0o777) === mode) return
  try {
    await fsp.chmod(file, mode)
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return
    throw new Error(
      `Vigil could not make ${file} private (${(error as Error).message}). Give it to your user (chown) or remove it, then start again.`,
    )
  }
}

/** A folder 0700 with everything in it, or a file 0600. Never through a link. */
async function privatize(full: string): Promise<void> {
  const stat = await fsp.lstat(full).catch(() => null)
  if (!stat) return
  if (stat.isDirectory()) {
    await setMode(full, PRIVATE_DIR_MODE, stat.mode)
    for (const entry of await fsp.readdir(full, { withFileTypes: true }))
      // A link's target is not the data folder's.
      if (!entry.isSymbolicLink()) await privatize(path.join(full, entry.name))
  } else if (stat.isFile()) await setMode(full, PRIVATE_FILE_MODE, stat.mode)
}

/**
 * Makes a data folder private, including what an older build created readable by others:
 * the folder itself 0700; Vigil's folders in it 0700 with every file in them 0600; Vigil's
 * files 0600 (Vigil's: the entries of the data folder's layout, see DATA_FOLDER_LAYOUT).
 * Anything else was put there by someone else and is left as it is. Links are not followed.
 */
export async function privatizeDataDir(dataDir: string): Promise<void> {
  await makePrivateDir(dataDir)
  // Windows keeps access in ACLs (a user's profile folder is private already), not modes.
  if (process.platform === 'win32') return
  for (const entry of await fsp.readdir(dataDir, { withFileTypes: true }))
    if (!entry.isSymbolicLink() && isDataFolderEntry(entry.name, entry.isDirectory()))
      await privatize(path.join(dataDir, entry.name))
}
