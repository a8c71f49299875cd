/**
 * An ESLint rule: no import cycles between the project's own modules, `import type` included.
 *
 * import-x/no-cycle skips type-only imports by design (they vanish at run time), but a cycle of
 * types is still two modules that cannot be understood, moved or tested apart: the domains'
 * layering is only real if it holds for types too. The graph is read from the files on disk
 * with TypeScript's import scanner (no parse, no type check) and cached by modification time
 * (looked at again after two seconds), so a whole-project run reads each file once.
 */
import fs from 'node:fs'
import path from 'node:path'
import { performance } from 'node:perf_hooks'
import ts from 'typescript'

const EXTENSIONS = ['.ts', '.tsx', '.mts', '.cts', '.js', '.mjs']

/** The project file a relative specifier names, or undefined (a package, a missing file). */
function resolve(from, specifier) {
  if (!specifier.startsWith('.')) return undefined
  const base = path.resolve(path.dirname(from), specifier)
  const candidates = [
    base,
    ...EXTENSIONS.map((e) => base + e),
    ...EXTENSIONS.map((e) => path.join(base, `index${e}`)),
  ]
  for (const c of candidates) {
    try {
      if (fs.statSync(c).isFile()) return c
    } catch {
      // Not this candidate.
    }
  }
  return undefined
}

const cache = new Map()
/** How long a file's imports are trusted without looking at the file again. */
const TRUSTED_MS = 2000

/** The project files `file` imports, as on disk now (or a moment ago). */
function importsOf(file) {
  const hit = cache.get(file)
  const now = performance.now()
  if (hit && now - hit.checked < TRUSTED_MS) return hit.targets
  let mtime
  try {
    mtime = fs.statSync(file).mtimeMs
  } catch {
    return []
  }
  if (hit && hit.mtime === mtime) {
    hit.checked = now
    return hit.targets
  }
  const text = fs.readFileSync(file, 'utf8')
  const targets = ts
    .preProcessFile(text, true, true)
    .importedFiles.map((f) => resolve(file, f.fileName))
    .filter((t) => t !== undefined)
  cache.set(file, { mtime, targets, checked: now })
  return targets
}

/** The import chain from `start` back to `file`, or undefined; `dead` holds files known not to lead back. */
function chainBack(start, file, dead) {
  const parent = new Map([[start, null]])
  const queue = [start]
  while (queue.length > 0) {
    const at = queue.shift()
    if (at === file) {
      const chain = []
      for (let f = at; f !== null; f = parent.get(f)) chain.unshift(f)
      return chain
    }
    for (const next of importsOf(at)) {
      if (parent.has(next) || dead.has(next)) continue
      parent.set(next, at)
      queue.push(next)
    }
  }
  for (const f of parent.keys()) dead.add(f)
  return undefined
}

/** @type {import('eslint').Rule.RuleModule} */
export default {
  meta: {
    type: 'problem',
    docs: { description: 'Forbid import cycles between project modules, type-only imports too.' },
    schema: [],
    messages: {
      cycle: 'Import cycle: {{chain}}. Move what both need into a module below them.',
    },
  },
  create(context) {
    const file = context.physicalFilename
    if (!path.isAbsolute(file)) return {}
    const root = context.cwd
    const name = (f) => path.relative(root, f).split(path.sep).join('/')
    const dead = new Set()
    const check = (node, source) => {
      if (!source || typeof source.value !== 'string') return
      const target = resolve(file, source.value)
      if (!target || target === file) return
      const chain = chainBack(target, file, dead)
      if (chain) {
        context.report({
          node,
          messageId: 'cycle',
          data: { chain: [file, ...chain].map(name).join(' → ') },
        })
      }
    }
    return {
      ImportDeclaration: (node) => check(node, node.source),
      ExportNamedDeclaration: (node) => check(node, node.source),
      ExportAllDeclaration: (node) => check(node, node.source),
      ImportExpression: (node) => check(node, node.source),
      TSImportType: (node) => check(node, node.argument?.literal ?? node.argument),
    }
  },
}
