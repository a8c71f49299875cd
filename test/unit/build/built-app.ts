/**
 * Runs the built Electron main bundle (out/main/index.js) in plain Node against the stand-in
 * `electron` module (stand-in/electron.mjs, resolved by a module hook), and talks to it: the
 * stand-in reports on stdout and takes commands on stdin, one JSON line each.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import path from 'node:path'
import readline from 'node:readline'

/** The built entry the packaged app runs. */
export const BUILT_MAIN = path.resolve(import.meta.dirname, '../../../out/main/index.js')
const REGISTER = path.join(import.meta.dirname, 'stand-in/register.mjs')

type Message = { event?: string; id?: number; value?: unknown; error?: string } & Record<
  string,
  unknown
>

/** A running built app. */
export interface BuiltApp {
  /** Sends a command to the stand-in and resolves with its answer. */
  ask<T = unknown>(op: string, args?: Record<string, unknown>): Promise<T>
  /** Resolves with the first report (past or future) that matches. */
  waitFor(match: (message: Message) => boolean): Promise<Message>
  /** Resolves with the exit code once the process has ended. */
  readonly exited: Promise<number | null>
  /** What the app wrote besides the stand-in's reports (its own logs and errors). */
  output(): string
  kill(): void
}

/**
 * Starts the built app with HOME set to `home` (its data folder is $HOME/.config/Vigil/data);
 * `main` is out/main/index.js of this checkout unless another copy of the app is named.
 */
export function startBuiltApp(home: string, main: string = BUILT_MAIN): BuiltApp {
  const env: NodeJS.ProcessEnv = { ...process.env, HOME: home }
  // The built app from out/, never a dev server.
  delete env.ELECTRON_RENDERER_URL
  delete env.VIGIL_DATA_DIR
  const child: ChildProcess = spawn(process.execPath, ['--import', REGISTER, main], {
    // The app's own folder (out/main/index.js → its root), as in the package.
    cwd: path.resolve(path.dirname(main), '..', '..'),
    env,
    stdio: ['pipe', 'pipe', 'pipe'],
  })
  const messages: Message[] = []
  const waiters: Array<{ match: (m: Message) => boolean; resolve: (m: Message) => void }> = []
  let other = ''
  let nextId = 1
  let exitCode: number | null | undefined

  const exited = new Promise<number | null>((resolve) => {
    child.on('exit', (code) => {
      exitCode = code
      resolve(code)
    })
  })
  readline.createInterface({ input: child.stdout! }).on('line', (line) => {
    if (!line.startsWith('STAND-IN ')) {
      other += `${line}\n`
      return
    }
    const message = JSON.parse(line.slice('STAND-IN '.length)) as Message
    messages.push(message)
    for (const waiter of [...waiters]) {
      if (waiter.match(message)) {
        waiters.splice(waiters.indexOf(waiter), 1)
        waiter.resolve(message)
      }
    }
  })
  child.stderr!.on('data', (chunk: Buffer) => (other += chunk.toString()))

  const waitFor = (match: (m: Message) => boolean): Promise<Message> => {
    const seen = messages.find(match)
    if (seen) return Promise.resolve(seen)
    const found = new Promise<Message>((resolve) => waiters.push({ match, resolve }))
    const ended = exited.then((code) => {
      throw new Error(`The built app exited (code ${code}) before answering.\n${other}`)
    })
    return Promise.race([found, ended])
  }

  return {
    async ask<T>(op: string, args: Record<string, unknown> = {}): Promise<T> {
      if (exitCode !== undefined) throw new Error(`The built app has exited.\n${other}`)
      const id = nextId++
      child.stdin!.write(`${JSON.stringify({ id, op, ...args })}\n`)
      const answer = await waitFor((m) => m.id === id)
      if (answer.error) throw new Error(`The stand-in failed on ${op}: ${answer.error}`)
      return answer.value as T
    },
    waitFor,
    exited,
    output: () => other,
    kill: () => {
      if (exitCode === undefined) child.kill('SIGKILL')
    },
  }
}
