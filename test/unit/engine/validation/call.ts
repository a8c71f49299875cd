/** Runs one of the plan's commands on its service as a host would: validated, then answered. */
import { parseCommand, type CommandName, type CommandResponses } from '../../../../shared/contract'
import type { ValidationService } from '../../../../electron/engine/validation'

type PlanCommand = Exclude<
  Extract<CommandName, `validation:${string}`>,
  'validation:rehearse' | 'validation:rehearse-stop'
>

/** The answer of a plan command, or a thrown error with its message. */
export async function call<C extends PlanCommand>(
  service: ValidationService,
  name: C,
  payload: unknown,
): Promise<CommandResponses[C]> {
  const result = await attempt(service, name, payload)
  if (!result.ok) throw new Error(`${result.error.code}: ${result.error.message}`)
  return result.value
}

/** The Result of a plan command. */
export async function attempt<C extends PlanCommand>(
  service: ValidationService,
  name: C,
  payload: unknown,
) {
  const command = parseCommand(name, payload)
  if (!command.ok) return command
  const handler = service.handlers()[name] as (p: unknown, c: unknown) => unknown
  return (await handler(command.value.payload, { source: 'api' })) as
    | { ok: true; value: CommandResponses[C] }
    | { ok: false; error: { code: string; message: string } }
}
