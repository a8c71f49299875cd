/**
 * The architecture page stays a true map: the README links to it inside the repository, every
 * link and file it names exists, every source folder has its row in the folder table, and the
 * functions the life of an order walks through are in the files it names. A move or a rename
 * that leaves the page behind fails here, not in a newcomer's first hour.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'

const root = path.resolve(__dirname, '..', '..', '..')
const read = (file: string): string => readFileSync(path.join(root, file), 'utf8')
const PAGE = 'docs/architecture.md'

/** Every file of the repository's source, documentation and tests, relative to its root. */
function repositoryFiles(): string[] {
  const skip = new Set(['node_modules', 'out', 'dist', '.git', 'test-results', 'bench-results'])
  const walk = (dir: string): string[] =>
    readdirSync(path.join(root, dir), { withFileTypes: true }).flatMap((entry) => {
      if (skip.has(entry.name)) return []
      const rel = dir ? `${dir}/${entry.name}` : entry.name
      return entry.isDirectory() ? [`${rel}/`, ...walk(rel)] : [rel]
    })
  return walk('')
}

/** Relative markdown links of a page, resolved from the page's folder. */
function links(file: string): string[] {
  return [...read(file).matchAll(/\]\(([^)#\s]+)(#[^)]*)?\)/g)]
    .map((m) => m[1] as string)
    .filter((target) => !/^[a-z]+:/.test(target))
    .map((target) => path.normalize(path.join(path.dirname(file), target)))
}

/** Subfolders of a folder of the repository. */
const folders = (dir: string): string[] =>
  readdirSync(path.join(root, dir), { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)

describe('the architecture page', () => {
  it('is linked from the README, and every link of both stays inside the repository', () => {
    expect(links('README.md')).toContain(PAGE)
    for (const file of ['README.md', PAGE])
      for (const target of links(file)) {
        expect(target, `${file} links outside the repository`).not.toMatch(/^\.\./)
        expect(existsSync(path.join(root, target)), `${file} links to ${target}`).toBe(true)
      }
  })

  it('names only files and folders that exist', () => {
    const files = repositoryFiles()
    // Code spans that look like a path: a source file, or a folder written with its slash.
    const named = [...read(PAGE).matchAll(/`([\w.-]+(?:\/[\w.-]+)*(?:\.tsx?|\.md|\/))`/g)]
      .map((m) => m[1] as string)
      .filter((name) => !name.includes('<'))
    expect(named.length).toBeGreaterThan(40)
    const missing = named.filter(
      (name) => !files.some((file) => file === name || file.endsWith(`/${name}`)),
    )
    expect(missing).toEqual([])
  })

  it('has a row for every folder of the engine, the hosts and the renderer', () => {
    const page = read(PAGE)
    // A row names the folder whole (`engine/core/`) or, beside its parent, by its own name.
    const rows = (parent: string, prefix: string): string[] =>
      folders(parent).filter(
        (d) => !page.includes(`\`${prefix}${d}/\``) && !page.includes(`\`${d}/\``),
      )
    expect(rows('electron/engine', 'engine/')).toEqual([])
    expect(rows('electron', 'electron/')).toEqual([])
    expect(rows('renderer/src', 'renderer/src/')).toEqual([])
  })

  it("names every file of the engine's root, where the domains are wired", () => {
    const page = read(PAGE)
    const files = readdirSync(path.join(root, 'electron/engine')).filter((f) => f.endsWith('.ts'))
    expect(files).toContain('root.ts')
    expect(files.filter((file) => !page.includes(`\`${file}\``))).toEqual([])
  })

  it('walks the life of an order through functions that are where it says', () => {
    const page = read(PAGE)
    const steps: [string, string][] = [
      ['createDispatch', 'electron/host/dispatch.ts'],
      ['parseCommand', 'shared/contract.ts'],
      ['handle(command', 'electron/engine/running.ts'],
      ["'orders:submit'", 'electron/engine/execution/order-handlers.ts'],
      ['submit(', 'electron/engine/execution/order-service.ts'],
      ['evaluateGate', 'electron/engine/execution/gate/index.ts'],
      ["commit('order.placed'", 'electron/engine/execution/order-service.ts'],
      ["commit('order.answered'", 'electron/engine/execution/order-service.ts'],
      ['export function expandRecord', 'electron/engine/journal/stored.ts'],
      ['class CommitPipeline', 'electron/engine/journal/commit.ts'],
      ['class FoldSet', 'electron/engine/journal/folds.ts'],
      ['placeOrder(', 'electron/engine/brokers/paper.ts'],
      ['fetchOrder(', 'electron/engine/execution/order-service.ts'],
      ['verifyExecution', 'electron/engine/execution/verifier.ts'],
      ["commit('order.verified'", 'electron/engine/execution/order-service.ts'],
      ['onBrokerUpdate(', 'electron/engine/execution/order-service.ts'],
      ['forwardEngineEvents', 'electron/main/events.ts'],
      ['combineHandlers', 'electron/engine/commands.ts'],
      ['export function engineFolds', 'electron/engine/folds.ts'],
      ["'snapshot.written'", 'electron/engine/resilience/snapshot-writer.ts'],
      ['DATA_FOLDER_LAYOUT', 'electron/engine/core/data-folder.ts'],
    ]
    for (const [code, file] of steps) expect(read(file), `${code} in ${file}`).toContain(code)
    for (const name of [
      'createDispatch',
      'parseCommand',
      'Engine.handle',
      'OrderService.submit',
      'evaluateGate',
      'order.placed',
      'order.answered',
      'expandRecord',
      'placeOrder',
      'verifyExecution',
      'order.verified',
      'CommitPipeline',
      'FoldSet',
      'combineHandlers',
      'engineFolds',
      'snapshot.written',
      'DATA_FOLDER_LAYOUT',
    ])
      expect(page, `the page names ${name}`).toContain(name)
  })

  it('lists every fold of the registry', () => {
    const registry = read('electron/engine/folds.ts')
    const block =
      /export function engineFolds[^{]*\{[\s\S]*?return \{([^}]*)\}/.exec(registry)?.[1] ?? ''
    const keys = [...block.matchAll(/^\s*(\w+):/gm)].map((m) => m[1] as string)
    expect(keys.length).toBeGreaterThan(5)
    const page = read(PAGE)
    expect(keys.filter((key) => !page.includes(`\`${key}\``))).toEqual([])
  })
})
