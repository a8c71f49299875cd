/**
 * The IPC bridge: one handler per command of the contract. Each handler checks who sent the
 * message, validates the payload with the contract's schema and only then hands the command to
 * the engine. Whatever happens, the renderer gets a Result back; nothing is thrown across IPC.
 */
import type { IpcMain, IpcMainInvokeEvent } from 'electron'
import { COMMAND_NAMES, parseCommand, type CommandName } from '../../shared/contract'
import { err, type Result } from '../../shared/result'
import type { Engine } from '../engine/api'
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
  const handle = async (
    name: CommandName,
    event: Pick<IpcMainInvokeEvent, 'senderFrame'>,
    payload: unknown,
  ): Promise<Result<unknown>> => {
    try {
      if (!isTrustedSender(event.senderFrame)) {
        return err('FORBIDDEN', `Vigil refused "${name}": it did not come from the Vigil console.`)
      }
      const command = parseCommand(name, payload)
      if (!command.ok) {
        if (name === 'orders:submit') await recordMalformed(payload, command.error.message)
        return command
      }
      return await engine.handle(command.value, { source: 'ticket' })
    } catch (error) {
      logger.error(`The "${name}" command failed unexpectedly:`, error)
      return err(
        'INTERNAL',
        `Vigil hit an unexpected problem while running "${name}". The details are in the log.`,
      )
    }
  }

  // A bad order always leaves a trace in the journal; the renderer's answer is the same either way.
  const recordMalformed = async (payload: unknown, reason: string): Promise<void> => {
    try {
      await engine.recordMalformedOrder(payload, reason, { source: 'ticket' })
    } catch (error) {
      logger.error('Vigil could not journal a malformed order:', error)
    }
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
