/**
 * A starter for the data-folder lock tests: its own process running the real lock code.
 * It prints "ready", then answers each line on stdin: "lock <dir>" tries to lock the folder
 * and prints "won <pid>", "refused <message>" or "error <message>"; "release" releases what
 * it holds and prints "released". When stdin closes it releases and exits.
 */
import readline from 'node:readline'
import { lockDataDir } from '../../electron/engine/resilience'

let release: (() => void) | null = null
const lines = readline.createInterface({ input: process.stdin })
lines.on('line', (line) => {
  if (line.startsWith('lock ')) {
    try {
      release = lockDataDir(line.slice('lock '.length))
      process.stdout.write(`won ${process.pid}\n`)
    } catch (error) {
      const { name, message } = error as Error
      const kind = name === 'DataDirLockedError' ? 'refused' : 'error'
      process.stdout.write(`${kind} ${message.replace(/\n/g, ' ')}\n`)
    }
  } else if (line === 'release') {
    release?.()
    release = null
    process.stdout.write('released\n')
  }
})
lines.on('close', () => {
  release?.()
  process.exit(0)
})
process.stdout.write('ready\n')
