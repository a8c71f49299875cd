/**
 * The IPC bridge: one handler per command of the contract. Each handler checks who sent the
 * message, then hands it to the host dispatch (validate, journal a malformed order, run).
 * Whatever happens, the renderer gets a Result back; nothing is thrown across IPC.
 */
import type { IpcMain, IpcMainInvokeEvent } from 'electron'
import { COMMAND_NAMES, type CommandName } from '../../shared/contract'
import { err, type Result } from '../../shared/result'
import type { Engine } from '../engine'
import { createDispatch } from '../host'
import type { FrameLike } from './security'

/** The part of ipcMain the bridge uses. */
export type IpcMainLike = Pick<IpcMain, 'handle' | 'removeHandler'>

/** Decides whether the frame that sent a message is the app's own page. */
export type TrustedSenderCheck = (frame: FrameLike | null | undefined) => boolean

/** Where unexpected failures are written; the trader sees a plain message instead. */
export interface IpcLogger {
  error(message: string, error: unknown): void
}

/**
 * Registers one `ipcMain.handle` per command name and returns the function that removes them
 * again (on quit, before the engine closes).
 */
export function registerIpcHandlers(
  ipcMain: IpcMainLike,
  engine: Pick<Engine, 'handle' | 'recordMalformedOrder'>,
  isTrustedSender: TrustedSenderCheck,
  logger: IpcLogger = console,
): () => void {
  const dispatch = createDispatch(engine, {
    source: 'ticket',
    log: (message, error) => logger.error(message, error),
  })
  const handle = async (
    name: CommandName,
    event: Pick<IpcMainInvokeEvent, 'senderFrame'>,
    payload: unknown,
  ): Promise<Result<unknown>> => {
    try {
      if (!isTrustedSender(event.senderFrame)) {
        return err('FORBIDDEN', `Vigil refused "${name}": it did not come from the Vigil console.`)
      }
    } catch (error) {
      // Electron throws when the sending frame is already gone.
      logger.error(`Vigil could not check who sent "${name}":`, error)
      return err(
        'INTERNAL',
        `Vigil hit an unexpected problem while running "${name}". The details are in its log.`,
      )
    }
    return dispatch.run(name, payload)
  }

  for (const name of COMMAND_NAMES) {
    ipcMain.handle(name, (event, payload: unknown) => handle(name, event, payload))
  }
  let registered = true
  return () => {
    if (!registered) return
    registered = false
    for (const name of COMMAND_NAMES) ipcMain.removeHandler(name)
  }
}
