/**
 * Packages the app for Linux with electron-builder, as a trader's `npm run dist:linux` does,
 * against a stand-in Electron distribution (the real one cannot be downloaded here), and checks
 * what would ship: the archive's contents, the fuses flipped in the executable, and the desktop
 * entry and icon the AppImage and deb targets install. Needs `npx electron-vite build` first
 * (`npm test` runs it). Runs offline: the `dir` target only; AppImage and deb need tools
 * electron-builder downloads, so those are built on a connected machine (see the README).
 */
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { execFile } from 'node:child_process'
import { promisify } from 'node:util'
import { extractAll, extractFile, listPackage } from '@electron/asar'
import type { LinuxPackager } from 'app-builder-lib'
import FpmTarget from 'app-builder-lib/out/targets/FpmTarget'
import { LinuxTargetHelper } from 'app-builder-lib/out/targets/LinuxTargetHelper'
import { Arch, build, Platform } from 'electron-builder'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startBuiltApp } from './built-app'
import { readFuses, writeStandInElectron } from './stand-in-electron'

const ROOT = path.resolve(import.meta.dirname, '../../..')
const ELECTRON_VERSION = (
  JSON.parse(readFileSync(path.join(ROOT, 'node_modules/electron/package.json'), 'utf8')) as {
    version: string
  }
).version

let work: string
let appDir: string
let archive: string[]
let desktopEntry = ''
let icons: { file: string; size: number }[] = []
let debMetadata: { name: string; maintainer: string; url: string } | Error | null = null

beforeAll(async () => {
  if (!existsSync(path.join(ROOT, 'out/main/index.js'))) {
    throw new Error('Build the app first: npx electron-vite build (npm test does it).')
  }
  work = mkdtempSync(path.join(os.tmpdir(), 'vigil-packaging-'))
  writeStandInElectron(path.join(work, 'electron-dist'), ELECTRON_VERSION)
  const arch = process.arch === 'arm64' ? Arch.arm64 : Arch.x64
  await build({
    projectDir: ROOT,
    targets: Platform.LINUX.createTarget('dir', arch),
    config: {
      electronDist: path.join(work, 'electron-dist'),
      directories: { output: path.join(work, 'dist') },
      // Rebuilding native modules writes into node_modules; the one addon is N-API anyway.
      npmRebuild: false,
      // What the AppImage and deb targets write, by the same helper, before their tools run.
      afterPack: async (context) => {
        const packager = context.packager as LinuxPackager
        const helper = new LinuxTargetHelper(packager)
        desktopEntry = await helper.computeDesktopEntry(packager.platformSpecificBuildOptions)
        icons = await helper.icons
        // The deb's own checks, which run before fpm is downloaded.
        debMetadata = await new FpmTarget('deb', packager, helper, work)
          .checkOptions()
          .catch((error: Error) => error)
      },
    },
  })
  appDir = path.join(work, 'dist', arch === Arch.arm64 ? 'linux-arm64-unpacked' : 'linux-unpacked')
  archive = listPackage(path.join(appDir, 'resources/app.asar'), { isPack: false }).map((entry) =>
    entry.split(path.sep).join('/'),
  )
}, 120_000)

afterAll(() => {
  if (work) rmSync(work, { recursive: true, force: true })
})

/** The packages a production install holds (package-lock.json without dev-only ones). */
function productionPackages(): Set<string> {
  const lock = JSON.parse(readFileSync(path.join(ROOT, 'package-lock.json'), 'utf8')) as {
    packages: Record<string, { version?: string; dev?: boolean; devOptional?: boolean }>
  }
  const names = new Set<string>()
  for (const [key, entry] of Object.entries(lock.packages)) {
    if (!key.startsWith('node_modules/') || entry.dev || entry.devOptional) continue
    names.add(`${key.slice(key.lastIndexOf('node_modules/') + 13)}@${entry.version}`)
  }
  return names
}

/** Every file under a folder, as /-separated paths relative to it. */
function filesUnder(dir: string, prefix = ''): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory()
      ? filesUnder(path.join(dir, entry.name), `${prefix}${entry.name}/`)
      : [`${prefix}${entry.name}`],
  )
}

describe('the packaged Linux app', () => {
  it('is the vigil executable beside the archive and Electron’s licence', () => {
    expect(existsSync(path.join(appDir, 'vigil'))).toBe(true)
    expect(existsSync(path.join(appDir, 'LICENSE.electron.txt'))).toBe(true)
    expect(existsSync(path.join(appDir, 'resources/app.asar'))).toBe(true)
  })

  it('archives the built main, preload and renderer, the tray icon and package.json, nothing else of the project', () => {
    const top = new Set(archive.map((entry) => entry.split('/')[1]))
    expect([...top].sort()).toEqual(['node_modules', 'out', 'package.json', 'resources'])
    expect(archive.filter((e) => e.startsWith('/resources/'))).toEqual(['/resources/icon.png'])
    // Exactly the files `electron-vite build` wrote: no sources, tests, data or results.
    const built = filesUnder(path.join(ROOT, 'out')).map((file) => `/out/${file}`)
    const archived = archive.filter((e) => e.startsWith('/out/') && path.extname(e) !== '')
    expect(archived.sort()).toEqual(built.filter((file) => !file.endsWith('.map')).sort())
    for (const entry of [
      '/out/main/index.js',
      '/out/preload/index.cjs',
      '/out/renderer/index.html',
    ]) {
      expect(archive).toContain(entry)
    }
    const manifest = JSON.parse(
      extractFile(path.join(appDir, 'resources/app.asar'), 'package.json').toString(),
    ) as { main: string }
    expect(archive).toContain(`/${manifest.main}`)
  })

  it('holds every production dependency and no development one', () => {
    const asarPath = path.join(appDir, 'resources/app.asar')
    const archived = new Set(
      archive
        .filter((entry) => /\/node_modules\/(@[^/]+\/)?[^/@]+\/package\.json$/.test(entry))
        .map((entry) => {
          const { name, version } = JSON.parse(
            extractFile(asarPath, entry.slice(1)).toString(),
          ) as { name?: string; version?: string }
          return `${name}@${version}`
        })
        // Nested package.json files that only mark a folder's module type carry no name.
        .filter((id) => !id.startsWith('undefined@')),
    )
    expect([...archived].sort()).toEqual([...productionPackages()].sort())
  })

  it('ships no TypeScript sources, source maps, tests or data', () => {
    expect(archive.filter((e) => /\.(ts|mts|cts|map)$/.test(e))).toEqual([])
    expect(archive.filter((e) => /^\/(test|electron|renderer|shared|data|dist)\//.test(e))).toEqual(
      [],
    )
    expect(archive.filter((e) => /(bench-results|test-results)/.test(e))).toEqual([])
  })

  it('boots from the archive’s own files: its dependencies are enough to trade and to load ccxt', async () => {
    // Extracted under the temp folder, so no package can come from this checkout's node_modules.
    const extracted = path.join(work, 'app')
    extractAll(path.join(appDir, 'resources/app.asar'), extracted)
    const app = startBuiltApp(path.join(work, 'home'), path.join(extracted, 'out/main/index.js'))
    try {
      const booted = await app.waitFor((m) => m.event === 'loaded' || m.event === 'error-box')
      expect(booted).toMatchObject({ event: 'loaded', url: 'app://vigil/index.html' })
      const placed = await app.ask('invoke', {
        channel: 'orders:submit',
        frameUrl: 'app://vigil/index.html',
        args: [{ symbol: 'BTC-USD', side: 'buy', type: 'market', quantity: '0.01' }],
      })
      expect(placed).toMatchObject({ ok: true, value: { status: 'filled' } })
      await app.ask('quit')
      expect(await app.exited).toBe(0)
    } finally {
      app.kill()
    }
    // Live venues load ccxt on demand; it and what it needs must be in the archive too.
    const ccxt = await promisify(execFile)(
      process.execPath,
      ['--input-type=module', '-e', 'const m = await import("ccxt"); console.log(typeof m.kraken)'],
      { cwd: extracted },
    )
    expect(ccxt.stdout.trim()).toBe('function')
  }, 60_000)

  it('keeps the data-folder lock’s native addon outside the archive, where it can be loaded', () => {
    const unpacked = path.join(appDir, 'resources/app.asar.unpacked')
    const addons = filesUnder(unpacked).filter((file) => file.endsWith('.node'))
    expect(addons).toContain(
      `node_modules/fs-native-extensions/prebuilds/linux-${process.arch}/fs-native-extensions.node`,
    )
  })

  it('flips the fuses in the executable: no Node mode, options or inspector, only the checked archive', () => {
    expect(readFuses(path.join(appDir, 'vigil'))).toEqual({
      runAsNode: false,
      enableCookieEncryption: true,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
      loadBrowserProcessSpecificV8Snapshot: false,
      grantFileProtocolExtraPrivileges: false,
    })
  })

  it('has the desktop entry and icon the AppImage and deb install', () => {
    const entry = Object.fromEntries(
      desktopEntry
        .split('\n')
        .filter((line) => line.includes('='))
        .map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]),
    )
    expect(desktopEntry.startsWith('[Desktop Entry]\n')).toBe(true)
    expect(entry).toMatchObject({
      Name: 'Vigil',
      Exec: '/opt/Vigil/vigil %U',
      Type: 'Application',
      Terminal: 'false',
      Icon: 'vigil',
      Categories: 'Finance;',
    })
    expect(icons.length).toBeGreaterThan(0)
    const largest = icons[icons.length - 1]!
    expect(largest.size).toBe(512)
    const png = readFileSync(largest.file)
    expect(png.subarray(1, 4).toString()).toBe('PNG')
  })

  it('has what the deb package requires: a name, a maintainer and a homepage', () => {
    expect(debMetadata).not.toBeInstanceOf(Error)
    expect(debMetadata).toMatchObject({ name: 'vigil', maintainer: 'Vigil <vigil@localhost>' })
    expect((debMetadata as { url: string }).url).toMatch(/^https:\/\//)
  })
})
