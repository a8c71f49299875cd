/**
 * `npm run security:electron` (scripts/electronegativity.js): Electronegativity fails on an
 * insecure window, passes on the app's own sources, and in the built output accepts a finding
 * only where the source module it was bundled from suppresses that check.
 */
import { spawnSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

const ROOT = path.resolve(import.meta.dirname, '../../..')
const SCRIPT = path.join(ROOT, 'scripts/electronegativity.js')
// A ceiling for a scan that parses the app, not a timing under test.
const SCAN = 60_000

function check(...args: string[]): { status: number | null; output: string } {
  const result = spawnSync(process.execPath, [SCRIPT, ...args], { cwd: ROOT, encoding: 'utf8' })
  return { status: result.status, output: `${result.stdout}${result.stderr}` }
}

/**
 * The main window as the bundler prints it, under a given source module marker, with the
 * guards the tool's global checks look for (navigation, permissions, a CSP) so that only the
 * window's own findings remain. Line 3 is `new BrowserWindow`, line 6 its preload.
 */
const bundle = (module: string, contextIsolation: boolean): Record<string, string> => ({
  'main/index.js': `// ${module}
function createMainWindow(locations) {
\tconst window = new BrowserWindow({
\t\tshow: false,
\t\twebPreferences: {
\t\t\tpreload: locations.preloadPath,
\t\t\tcontextIsolation: ${contextIsolation},
\t\t\tsandbox: true,
\t\t\tnodeIntegration: false
\t\t}
\t});
\twindow.webContents.setWindowOpenHandler(() => ({ action: "deny" }));
\twindow.webContents.on("will-navigate", (event) => event.preventDefault());
\twindow.webContents.session.setPermissionRequestHandler((_c, _p, callback) => callback(false));
\treturn window;
}
`,
  'renderer/index.html': `<!doctype html>
<html><head>
<meta http-equiv="Content-Security-Policy" content="default-src 'self'; script-src 'self'; object-src 'none'" />
</head><body></body></html>
`,
})

let probes: string

function probe(name: string, files: Record<string, string>): string {
  const dir = path.join(probes, name)
  for (const [file, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, file)), { recursive: true })
    writeFileSync(path.join(dir, file), text)
  }
  return dir
}

beforeAll(() => {
  probes = mkdtempSync(path.join(tmpdir(), 'vigil-eng-probe-'))
})
afterAll(() => rmSync(probes, { recursive: true, force: true }))

describe('the Electronegativity check', () => {
  it(
    'fails on a window whose page gets Node, naming the checks and the file',
    () => {
      const dir = probe('node-window', {
        'main.js': `const { BrowserWindow } = require('electron')
const window = new BrowserWindow({
  webPreferences: { nodeIntegration: true, contextIsolation: false },
})
window.loadURL('https://example.com/')
`,
      })
      const { status, output } = check(dir)
      expect(status).toBe(1)
      // The tool rates an explicit nodeIntegration: true informational on its own; what makes
      // the page dangerous, no isolation and no sandbox, is rated high and medium.
      expect(output).toMatch(/HIGH \w+ CONTEXT_ISOLATION_JS_CHECK\s+main\.js:3/)
      expect(output).toMatch(/MEDIUM \w+ SANDBOX_JS_CHECK\s+main\.js:2/)
    },
    SCAN,
  )

  it(
    "passes on the app's sources: electron/, renderer/ and package.json",
    () => {
      const { status, output } = check('--sources')
      expect(output).toContain('no finding at medium or above')
      expect(status).toBe(0)
    },
    SCAN,
  )

  it(
    "accepts a bundled finding that its source module's eng-disable comment covers",
    () => {
      const dir = probe('built-covered', bundle('electron/main/window.ts', true))
      const { status, output } = check('--built', dir)
      expect(output).toContain('no finding at medium or above')
      expect(status).toBe(0)
    },
    SCAN,
  )

  it(
    'fails on the same bundled window when it came from a module that suppresses nothing',
    () => {
      const dir = probe('built-other-module', bundle('electron/main/paths.ts', true))
      const { status, output } = check('--built', dir)
      expect(status).toBe(1)
      expect(output).toMatch(/PRELOAD_JS_CHECK\s+main\/index\.js:6/)
      expect(output).toMatch(/AUXCLICK_JS_CHECK\s+main\/index\.js:3/)
    },
    SCAN,
  )

  it(
    'fails on a bundled finding the source module does not name, even beside suppressed ones',
    () => {
      const dir = probe('built-unisolated', bundle('electron/main/window.ts', false))
      const { status, output } = check('--built', dir)
      expect(status).toBe(1)
      expect(output).toMatch(/CONTEXT_ISOLATION_JS_CHECK\s+main\/index\.js:7/)
      expect(output).not.toContain('PRELOAD_JS_CHECK')
      expect(output).not.toContain('AUXCLICK_JS_CHECK')
    },
    SCAN,
  )
})
