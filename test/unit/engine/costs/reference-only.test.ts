/**
 * The ATR reference implementation is a test-only dependency: the app never imports it, so the
 * figures Vigil shows are its own and the packaged app does not depend on it.
 */
import { readFileSync, readdirSync } from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'

const ROOT = path.resolve(import.meta.dirname, '../../../..')

function sources(dir: string): string[] {
  return readdirSync(path.join(ROOT, dir), { recursive: true })
    .map((f) => path.join(dir, String(f)))
    .filter((f) => /\.(ts|tsx|js|mjs)$/.test(f))
}

describe('technicalindicators', () => {
  it('is a devDependency only, imported by no source of the app', () => {
    const pkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8'))
    expect(pkg.devDependencies.technicalindicators).toBe('3.1.0')
    expect(pkg.dependencies?.technicalindicators).toBeUndefined()
    const importers = ['electron', 'shared', 'renderer', 'scripts']
      .flatMap(sources)
      .filter((f) => /['"]technicalindicators['"/]/.test(readFileSync(path.join(ROOT, f), 'utf8')))
    expect(importers).toEqual([])
  })
})
