/**
 * `npm start`: builds, then opens the Electron app; where the Electron binary is missing (it
 * cannot be downloaded on some machines), it runs the browser console (`vigil serve`) instead.
 * Arguments after `npm start --` go to the app or to `vigil serve`.
 */
import { spawn, spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const args = process.argv.slice(2)

if (process.env.VIGIL_START_SKIP_BUILD !== '1') {
  const build = spawnSync('npx', ['electron-vite', 'build'], {
    cwd: root,
    stdio: 'inherit',
    shell: process.platform === 'win32',
  })
  if (build.status !== 0) {
    process.stderr.write(`The build failed${build.error ? `: ${build.error.message}` : ''}.\n`)
    process.exit(build.status ?? 1)
  }
}

/** The Electron binary's path, or null when it is not installed and cannot be downloaded. */
function findElectron() {
  if (process.env.VIGIL_NO_ELECTRON === '1') return null
  // The electron package's main export is the path of its binary; since Electron 42 it downloads
  // the binary the first time it is asked (not at npm install) and throws when that fails. Ask in
  // a child process, so a failed download is told in one line below rather than a stack trace.
  if (!existsSync(path.join(root, 'node_modules', 'electron', 'path.txt')))
    process.stdout.write('Fetching the Electron binary (once, at the first start)…\n')
  const lookup = spawnSync(
    process.execPath,
    ['-e', "process.stdout.write('\\n' + require('electron'))"],
    { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] },
  )
  if (lookup.status !== 0) return null
  const binary = lookup.stdout.split('\n').pop().trim()
  return binary && existsSync(binary) ? binary : null
}

const electron = findElectron()
let child
if (electron) {
  child = spawn(electron, [root, ...args], { cwd: root, stdio: 'inherit' })
} else {
  process.stdout.write(
    'Electron is not available on this machine (its binary could not be downloaded); starting the browser console instead.\n',
  )
  child = spawn(process.execPath, [path.join(root, 'out', 'main', 'cli.js'), 'serve', ...args], {
    cwd: root,
    stdio: 'inherit',
  })
}

// The child may get a Ctrl-C from the terminal as well; the CLI treats near-simultaneous
// copies of one signal as one.
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    if (child.exitCode === null && child.signalCode === null) child.kill(signal)
  })
}

child.on('error', (error) => {
  process.stderr.write(
    `Could not start ${electron ? 'Electron' : 'the server host'}: ${error.message}\n`,
  )
  process.exit(1)
})
child.on('exit', (code, signal) => {
  if (signal) {
    // Die of the same signal, so whoever started npm start sees what happened.
    process.removeAllListeners(signal)
    process.kill(process.pid, signal)
    return
  }
  process.exit(code ?? 1)
})
