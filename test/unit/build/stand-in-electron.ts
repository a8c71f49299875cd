/**
 * A stand-in Electron distribution for electron-builder (the real one cannot be downloaded on
 * the build machine): the file layout of an unpacked Electron for Linux, and an `electron`
 * executable that holds Electron's fuse wire, so electron-builder's fuse flipping runs on it
 * exactly as on the real binary.
 */
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import path from 'node:path'

/** The marker @electron/fuses looks for; the wire follows it: version, length, one byte each. */
export const FUSE_SENTINEL = 'dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX'

/** The eight V1 fuses, in their order on the wire. */
export const FUSE_NAMES = [
  'runAsNode',
  'enableCookieEncryption',
  'enableNodeOptionsEnvironmentVariable',
  'enableNodeCliInspectArguments',
  'enableEmbeddedAsarIntegrityValidation',
  'onlyLoadAppFromAsar',
  'loadBrowserProcessSpecificV8Snapshot',
  'grantFileProtocolExtraPrivileges',
] as const

/** A fuse's name and whether it is on. */
export type FuseWire = Record<(typeof FUSE_NAMES)[number], boolean>

/** How Electron ships: Node mode, NODE_OPTIONS, --inspect and file:// privileges on; the rest off. */
export const ELECTRON_DEFAULT_FUSES: FuseWire = {
  runAsNode: true,
  enableCookieEncryption: false,
  enableNodeOptionsEnvironmentVariable: true,
  enableNodeCliInspectArguments: true,
  enableEmbeddedAsarIntegrityValidation: false,
  onlyLoadAppFromAsar: false,
  loadBrowserProcessSpecificV8Snapshot: false,
  grantFileProtocolExtraPrivileges: true,
}

/** Writes the stand-in distribution into `dir`. */
export function writeStandInElectron(dir: string, version: string): void {
  mkdirSync(path.join(dir, 'locales'), { recursive: true })
  mkdirSync(path.join(dir, 'resources'), { recursive: true })
  const wire = FUSE_NAMES.map((name) => (ELECTRON_DEFAULT_FUSES[name] ? '1' : '0')).join('')
  const executable = path.join(dir, 'electron')
  writeFileSync(
    executable,
    Buffer.concat([
      Buffer.from(
        '#!/bin/sh\necho "A stand-in for Electron: it cannot run the app." >&2\nexit 1\n#',
      ),
      Buffer.from(FUSE_SENTINEL),
      Buffer.from([1, FUSE_NAMES.length]),
      Buffer.from(`${wire}\n`),
    ]),
  )
  chmodSync(executable, 0o755)
  writeFileSync(path.join(dir, 'version'), version)
  writeFileSync(path.join(dir, 'LICENSE'), 'Electron MIT license (stand-in)\n')
  writeFileSync(path.join(dir, 'LICENSES.chromium.html'), '<p>Chromium licenses (stand-in)</p>\n')
  writeFileSync(path.join(dir, 'locales', 'en-US.pak'), 'stand-in')
}

/** Reads the fuse wire of a binary as Electron does at start-up. */
export function readFuses(binary: string): FuseWire {
  const bytes = readFileSync(binary)
  const at = bytes.indexOf(FUSE_SENTINEL)
  if (at < 0) throw new Error(`No fuse wire in ${binary}`)
  const wire = at + FUSE_SENTINEL.length
  if (bytes[wire] !== 1) throw new Error(`Unknown fuse wire version ${bytes[wire]}`)
  const length = bytes[wire + 1]!
  return Object.fromEntries(
    FUSE_NAMES.slice(0, length).map((name, i) => {
      const state = String.fromCharCode(bytes[wire + 2 + i]!)
      if (state !== '0' && state !== '1') throw new Error(`Fuse ${name} is in state ${state}`)
      return [name, state === '1']
    }),
  ) as FuseWire
}
