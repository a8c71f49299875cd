/**
 * The packaged app's Electron fuses, as electron-builder is told to flip them: no running as
 * plain Node, no NODE_OPTIONS or --inspect from outside, only the app's own archive, checked
 * for integrity, encrypted cookies, and no extra privileges for file:// pages (the console is
 * served from app://). packaging.test.ts flips them in a packaged stand-in binary.
 */
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'

const ROOT = path.resolve(import.meta.dirname, '../../..')

/** The `electronFuses` block of electron-builder.yml, key by key. */
function fuses(): Record<string, string> {
  const text = readFileSync(path.join(ROOT, 'electron-builder.yml'), 'utf8')
  const block = /^electronFuses:\n((?: {2}\w+: \w+\n)+)/m.exec(text)?.[1] ?? ''
  return Object.fromEntries(
    block
      .trim()
      .split('\n')
      .map((line) => line.trim().split(': ') as [string, string]),
  )
}

describe('electron-builder fuses', () => {
  it('switches off running as Node, NODE_OPTIONS, the inspector and file:// privileges, and loads only the checked archive', () => {
    expect(fuses()).toEqual({
      runAsNode: 'false',
      enableNodeOptionsEnvironmentVariable: 'false',
      enableNodeCliInspectArguments: 'false',
      enableEmbeddedAsarIntegrityValidation: 'true',
      onlyLoadAppFromAsar: 'true',
      enableCookieEncryption: 'true',
      grantFileProtocolExtraPrivileges: 'false',
    })
  })
})
