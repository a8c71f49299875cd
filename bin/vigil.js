#!/usr/bin/env node
/**
 * The `vigil` command as npm installs it. It runs the built CLI (out/main/cli.js); on the first
 * run after `npm install` nothing is built yet, so it builds once with electron-vite first.
 */
import { spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const cli = path.join(root, 'out', 'main', 'cli.js')

if (!existsSync(cli)) {
  process.stderr.write('Building Vigil (first run)…\n')
  // Build output goes to stderr so stdout keeps only what the command itself prints.
  const build = spawnSync('npx', ['electron-vite', 'build'], {
    cwd: root,
    stdio: ['inherit', process.stderr, 'inherit'],
    shell: process.platform === 'win32',
  })
  if (build.status !== 0 || !existsSync(cli)) {
    process.stderr.write(
      `The build failed${build.error ? `: ${build.error.message}` : ''}. Run "npm run build" in ${root} to see why.\n`,
    )
    process.exit(1)
  }
}

// The CLI reads process.argv itself; importing it keeps one process, so signals reach it directly.
await import(pathToFileURL(cli).href)
