/**
 * The engine's boundaries and the project's import graph, as ESLint holds them
 * (eslint.config.js): outside a domain of electron/engine/ only its index.ts is imported, the
 * composition root's files are imported only by the engine's own index.ts and by each other,
 * and no two modules import each other, not even for types. Boundary probes are linted as if
 * they were files at that path; cycle probes are real files, since a cycle runs through other
 * files on disk.
 */
import {
  existsSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs'
import path from 'node:path'
import { ESLint } from 'eslint'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

const eslint = new ESLint()
const ROOT = path.resolve(import.meta.dirname, '../../..')
const DOMAINS = readdirSync(path.join(ROOT, 'electron/engine'), { withFileTypes: true })
  .filter((d) => d.isDirectory())
  .map((d) => d.name)

async function problems(file: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: path.join(ROOT, file) })
  return (result?.messages ?? []).map((m) => `${m.ruleId}: ${m.message}`)
}

/** A probe at `file` that imports `specifier` and uses what it gets. */
const importing = (specifier: string): string => `import * as mod from '${specifier}'
export const used = mod
`
const DEEP =
  /^import-x\/no-restricted-paths: .*Outside electron\/engine\/(\w+)\/, import its index\.ts/
const ROOT_FILE = /^import-x\/no-restricted-paths: .*composition root's files are the engine's own/

describe('engine boundaries', () => {
  it('knows the domains', () => {
    expect(DOMAINS).toEqual(expect.arrayContaining(['core', 'execution', 'journal', 'market']))
  })

  it.each(DOMAINS)("refuses an import of %s's internals from another domain", async (domain) => {
    const other = domain === 'core' ? 'ledger' : 'core'
    // A module of the domain other than its index.ts, in a subfolder when it has no other file.
    const internal = readdirSync(path.join(ROOT, 'electron/engine', domain), { recursive: true })
      .map((f) => String(f).split(path.sep).join('/'))
      .sort((a, b) => a.split('/').length - b.split('/').length || a.localeCompare(b))
      .find((f) => f.endsWith('.ts') && f !== 'index.ts' && !f.endsWith('.d.ts'))
      ?.replace(/\.ts$/, '')
    expect(internal).toBeDefined()
    const probe = `electron/engine/${other}/probe.ts`
    expect(await problems(probe, importing(`../${domain}/${internal}`))).toEqual([
      expect.stringMatching(DEEP),
    ])
    expect(await problems(probe, importing(`../${domain}`))).toEqual([])
    expect(
      await problems(`electron/engine/${domain}/probe.ts`, importing(`./${internal}`)),
    ).toEqual([])
  })

  it('refuses a deep import from the root, a host, the CLI, a test kit and another test', async () => {
    const cases: [string, string][] = [
      ['electron/engine/probe.ts', './ledger/ledger'],
      ['electron/server/probe.ts', '../engine/market/live-feed'],
      ['electron/main/probe.ts', '../engine/brokers/credentials'],
      ['electron/host/probe.ts', '../engine/core/clock'],
      ['electron/cli/probe.ts', '../engine/journal/verify'],
      ['test/kit/probe.ts', '../../electron/engine/execution/gate'],
      ['test/integration/server/probe.test.ts', '../../../electron/engine/journal/journal'],
      ['test/unit/engine/market/probe.test.ts', '../../../../electron/engine/ledger/ledger'],
      ['test/unit/engine/root/probe.test.ts', '../../../../electron/engine/execution/gate'],
    ]
    for (const [file, specifier] of cases)
      expect({ file, found: await problems(file, importing(specifier)) }).toEqual({
        file,
        found: [expect.stringMatching(DEEP)],
      })
  })

  it("lets a domain's own tests import its modules, and everyone its index.ts", async () => {
    expect(
      await problems(
        'test/unit/engine/execution/probe.test.ts',
        importing('../../../../electron/engine/execution/gate'),
      ),
    ).toEqual([])
    expect(
      await problems(
        'test/integration/server/probe.test.ts',
        importing('../../../electron/engine/execution'),
      ),
    ).toEqual([])
    expect(await problems('electron/server/probe.ts', importing('../engine'))).toEqual([])
    // An integration test of one domain, like the ccxt adapter's against mock exchanges.
    const brokersTest = 'test/integration/brokers/probe.test.ts'
    expect(
      await problems(brokersTest, importing('../../../electron/engine/brokers/ccxt-broker')),
    ).toEqual([])
    expect(
      await problems(brokersTest, importing('../../../electron/engine/market/live-feed')),
    ).toEqual([expect.stringMatching(DEEP)])
  })

  it("keeps the composition root's files inside the engine", async () => {
    expect(await problems('electron/server/probe.ts', importing('../engine/root'))).toEqual([
      expect.stringMatching(ROOT_FILE),
    ])
    expect(await problems('electron/engine/market/probe.ts', importing('../api'))).toEqual([
      expect.stringMatching(ROOT_FILE),
    ])
    expect(
      await problems(
        'test/integration/server/probe.test.ts',
        importing('../../../electron/engine/api'),
      ),
    ).toEqual([expect.stringMatching(ROOT_FILE)])
    // The root's files among themselves, and the engine's tests, may.
    expect(await problems('electron/engine/probe.ts', importing('./api'))).toEqual([])
    for (const folder of ['root', 'resilience'])
      expect(
        await problems(
          `test/unit/engine/${folder}/probe.test.ts`,
          importing('../../../../electron/engine/folds'),
        ),
      ).toEqual([])
  })
})

/**
 * The project files `entry` loads when it is loaded: its imports that are not `import type`,
 * followed through the project (packages are not followed, only named).
 */
function loadedWith(entry: string): { files: Set<string>; packages: Set<string> } {
  const files = new Set<string>()
  const packages = new Set<string>()
  const resolve = (from: string, spec: string): string | undefined =>
    [`${spec}.ts`, `${spec}/index.ts`, spec]
      .map((c) => path.resolve(path.dirname(from), c))
      .find((c) => existsSync(c) && statSync(c).isFile())
  const queue = [entry]
  while (queue.length > 0) {
    const file = queue.pop() as string
    if (files.has(file)) continue
    files.add(file)
    const text = readFileSync(file, 'utf8')
    for (const m of text.matchAll(/^(?:import|export)\s+(?!type\b)[^;]*?from\s+'([^']+)'/gms)) {
      const spec = m[1] as string
      if (!spec.startsWith('.')) packages.add(spec)
      else {
        const next = resolve(file, spec)
        if (next) queue.push(next)
      }
    }
  }
  return { files, packages }
}

describe('what an index loads', () => {
  it('loads ccxt only when an exchange account connects, not with the engine', () => {
    // ccxt takes about a second to load; a domain index that re-exported the ccxt adapter
    // would load it with every engine, paper-only ones included.
    const engine = loadedWith(path.join(ROOT, 'electron/engine/index.ts'))
    expect(engine.files.size).toBeGreaterThan(50)
    expect(engine.packages).toContain('decimal.js')
    expect(engine.packages).not.toContain('ccxt')
  })
})

describe('import cycles', () => {
  let dir: string
  const write = (name: string, code: string): string => {
    const file = path.join(dir, name)
    writeFileSync(file, code)
    return file
  }
  const lint = async (file: string): Promise<string[]> => {
    const [result] = await eslint.lintFiles([file])
    return (result?.messages ?? []).map((m) => `${m.ruleId}: ${m.message}`)
  }

  beforeAll(() => {
    // Inside the project, so that its config applies; removed after.
    dir = mkdtempSync(path.join(ROOT, 'test/unit/lint/cycle-probe-'))
  })
  afterAll(() => rmSync(dir, { recursive: true, force: true }))

  it('refuses two modules that import each other, even for types only', async () => {
    const a = write(
      'types-a.ts',
      `import type { B } from './types-b'
export interface A { b?: B }
`,
    )
    const b = write(
      'types-b.ts',
      `import type { A } from './types-a'
export interface B { a?: A }
`,
    )
    expect(await lint(a)).toEqual([
      expect.stringMatching(
        /^vigil\/no-import-cycle: Import cycle: .*types-a\.ts → .*types-b\.ts → .*types-a\.ts/,
      ),
    ])
    expect(await lint(b)).toEqual([expect.stringMatching(/^vigil\/no-import-cycle: Import cycle/)])
  })

  it('refuses a cycle through an index and a third module', async () => {
    write('index.ts', `export { one } from './one'\n`)
    const one = write('one.ts', `import { two } from './two'\nexport const one = () => two()\n`)
    write('two.ts', `import { one } from '.'\nexport const two = (): unknown => one\n`)
    expect(await lint(one)).toEqual([
      expect.stringMatching(/one\.ts → .*two\.ts → .*index\.ts → .*one\.ts/),
    ])
  })

  it('lets modules import one another in one direction', async () => {
    const top = write('top.ts', `import { low } from './low'\nexport const top = low\n`)
    write('low.ts', `export const low = 1\n`)
    expect(await lint(top)).toEqual([])
  })
})
