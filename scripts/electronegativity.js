#!/usr/bin/env node
/**
 * Electronegativity on the Electron app, failing on any finding of medium severity or above.
 *
 *   node scripts/electronegativity.js              the sources and the built output (out/)
 *   node scripts/electronegativity.js --sources    the sources only
 *   node scripts/electronegativity.js --built DIR  DIR as built output (default out/)
 *   node scripts/electronegativity.js DIR          DIR as it is
 *
 * The tool's own CLI always exits 0, so its programmatic runner is used and the findings are
 * counted here. A parse error fails too: a file the tool cannot read is a file it did not check.
 *
 * Sources are scanned together (electron/, renderer/ and package.json copied into one folder)
 * because the tool's global checks look for a handler anywhere in the scanned tree: scanning
 * the renderer alone reports a missing navigation guard that lives in electron/main.
 *
 * The bundler drops comments, so `eng-disable` comments do not reach out/. A finding in the
 * built output counts as suppressed only when the module it was bundled from (the bundler's
 * `// electron/main/x.ts` marker above it) has an `eng-disable` comment for the same check on a
 * line with the same code (each such comment excuses one finding), or on its first line, which
 * the tool reads as covering the whole file.
 *
 * The tool is CommonJS and loaded through `require`, so that its `got` can be replaced in the
 * module cache by one that always fails: a scan never reaches the network. The tool would fetch
 * translations and Electron's release list on every run, and wait on them when offline. The release list feeds AVAILABLE_SECURITY_FIXES_GLOBAL_CHECK only,
 * which is therefore off: it can only be informational here (Electron is a devDependency) and
 * Electron's version is kept current by the dependency updates, not by this scan.
 */
import fs from 'node:fs'
import { createRequire } from 'node:module'
import os from 'node:os'
import path from 'node:path'

const require = createRequire(import.meta.url)
const ROOT = path.resolve(import.meta.dirname, '..')
const TOOL = path.dirname(require.resolve('@doyensec/electronegativity/package.json'))

const gotPath = require.resolve('got', { paths: [TOOL] })
const offline = () => Promise.reject(new Error('Electronegativity runs offline in Vigil.'))
offline.head = offline
require.cache[gotPath] = { id: gotPath, filename: gotPath, loaded: true, exports: offline }
const run = require('@doyensec/electronegativity')

/** Medium and above fail the check (the tool's severities: 0 informational … 3 high). */
const FAIL_AT = 2
const EXCLUDED = ['AvailableSecurityFixesGlobalCheck']
const DISABLE = /(?:\/\*|\/\/)[ \t]*eng-disable[ \t]+([\w \t]+)/i
const ELECTRON_VERSION = JSON.parse(
  fs.readFileSync(require.resolve('electron/package.json', { paths: [ROOT] }), 'utf8'),
).version

/** Copies the named repo paths into a fresh temporary folder and returns it. */
function stage(name, entries) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `vigil-eng-${name}-`))
  for (const [from, to] of entries) fs.cpSync(from, path.join(dir, to), { recursive: true })
  return dir
}

/** Runs the tool on a folder; returns its findings at medium or above and its parse errors. */
async function scan(input) {
  // Quiets the tool's note that the translations it was not allowed to fetch are missing.
  const log = console.log
  console.log = (...args) => {
    if (!/Could not retrieve updated translations/.test(String(args[0]))) log(...args)
  }
  let result
  try {
    result = await run({
      input,
      isRelative: true,
      electronVersionOverride: ELECTRON_VERSION,
      excludeFromScan: EXCLUDED,
      customScan: [],
    })
  } finally {
    console.log = log
  }
  const findings = result.issues
    .filter((issue) => issue.severity.value >= FAIL_AT)
    .map((issue) => ({
      id: issue.id,
      check: issue.constructorName ?? '',
      file: issue.file,
      line: issue.location.line,
      sample: issue.sample ?? '',
      severity: issue.severity.name,
      confidence: issue.confidence.name,
      description: issue.description,
    }))
  const errors = result.errors.filter((e) => !e.tolerable)
  return { findings, errors }
}

/** Code without spacing, quote style or a trailing separator, to compare a source and a bundle. */
const normalize = (code) =>
  code
    .replace(/\s+/g, '')
    .replace(/'/g, '"')
    .replace(/[,;]+$/, '')

/** The source module a bundled line came from: the nearest `// path.ts` marker above it. */
function sourceModuleOf(bundleLines, line) {
  for (let i = line - 1; i >= 0; i--) {
    const marker = /^\/\/ ((?:electron|shared|renderer)\/[\w./-]+\.tsx?)$/.exec(bundleLines[i])
    if (marker) return marker[1]
  }
  return null
}

/**
 * The `eng-disable` comments of a source file: per line, the checks named and the code. One on
 * the first line covers the whole file, as the tool reads it (code '', never used up).
 */
function suppressionsIn(file) {
  if (!fs.existsSync(file)) return []
  return fs
    .readFileSync(file, 'utf8')
    .split('\n')
    .map((text, index) => {
      const match = DISABLE.exec(text)
      if (!match) return null
      const checks = match[1].trim().split(/[\s,]+/)
      if (index === 0) return { checks, code: '', wholeFile: true, used: false }
      const code = normalize(text.slice(0, match.index))
      return code ? { checks, code, wholeFile: false, used: false } : null
    })
    .filter(Boolean)
}

/** Drops the built-output findings their source module suppresses (see the header). */
function applySourceSuppressions(findings, builtDir, sourceRoot) {
  const bySource = new Map()
  return findings.filter((finding) => {
    const bundle = path.join(builtDir, finding.file)
    if (!fs.existsSync(bundle)) return true
    const module = sourceModuleOf(fs.readFileSync(bundle, 'utf8').split('\n'), finding.line)
    if (!module) return true
    if (!bySource.has(module)) bySource.set(module, suppressionsIn(path.join(sourceRoot, module)))
    const names = [finding.id.toUpperCase(), finding.check.toUpperCase()]
    const sample = normalize(finding.sample)
    const excuse = bySource
      .get(module)
      .find(
        (s) =>
          !s.used &&
          s.checks.some((c) => names.includes(c.toUpperCase())) &&
          sample.includes(s.code),
      )
    if (!excuse) return true
    if (!excuse.wholeFile) excuse.used = true
    return false
  })
}

function report(label, { findings, errors }) {
  for (const f of findings)
    console.log(`  ${f.severity} ${f.confidence} ${f.id}  ${f.file}:${f.line}  ${f.description}`)
  for (const e of errors) console.log(`  could not parse ${e.file}: ${e.message}`)
  const ok = findings.length === 0 && errors.length === 0
  console.log(
    ok
      ? `${label}: no finding at medium or above`
      : `${label}: ${findings.length} finding(s) at medium or above, ${errors.length} file(s) not parsed`,
  )
  return ok
}

async function main(args) {
  const targets = []
  const sources = () => ({
    label: 'sources (electron/, renderer/, package.json)',
    dir: stage('sources', [
      [path.join(ROOT, 'electron'), 'electron'],
      [path.join(ROOT, 'renderer'), 'renderer'],
      [path.join(ROOT, 'package.json'), 'package.json'],
    ]),
    temporary: true,
  })
  const built = (dir) => {
    if (!fs.existsSync(path.join(dir, 'main'))) {
      throw new Error(`There is no built app in ${dir}: run \`npx electron-vite build\` first.`)
    }
    return {
      label: `built output (${path.relative(ROOT, dir) || dir})`,
      dir: stage('built', [
        [dir, '.'],
        [path.join(ROOT, 'package.json'), 'package.json'],
      ]),
      temporary: true,
      sourceRoot: ROOT,
    }
  }
  if (args.length === 0) targets.push(sources(), built(path.join(ROOT, 'out')))
  else if (args[0] === '--sources') targets.push(sources())
  else if (args[0] === '--built') targets.push(built(path.resolve(args[1] ?? 'out')))
  else targets.push({ label: args[0], dir: path.resolve(args[0]), temporary: false })

  let ok = true
  for (const target of targets) {
    try {
      const result = await scan(target.dir)
      if (target.sourceRoot) {
        result.findings = applySourceSuppressions(result.findings, target.dir, target.sourceRoot)
      }
      ok = report(target.label, result) && ok
    } finally {
      if (target.temporary) fs.rmSync(target.dir, { recursive: true, force: true })
    }
  }
  return ok
}

main(process.argv.slice(2)).then(
  (ok) => process.exit(ok ? 0 : 1),
  (error) => {
    console.error(error instanceof Error ? error.message : error)
    process.exit(1)
  },
)
