/**
 * The name of every command in the contract, without the schemas. The sandboxed preload imports
 * this list alone, so its bundle stays free of zod; contract.ts is the owner of the meaning.
 */

/** Every command name of the contract, in the order contract.ts declares them. */
export const COMMAND_NAMES = [
  'app:get-snapshot',
  'orders:submit',
  'orders:estimate',
  'orders:check',
  'costs:estimate',
  'costs:summary',
  'orders:get',
  'orders:list',
  'fills:list',
  'market:get-candles',
  'limits:get',
  'limits:update',
  'audit:query',
  'audit:get',
  'audit:verify',
  'audit:list',
  'orders:cancel',
  'accounts:add',
  'accounts:update',
  'accounts:connect',
  'accounts:disconnect',
  'accounts:set-credentials',
  'accounts:delete-credentials',
  'strategies:start',
  'strategies:stop',
  'market:set-speed',
  'market:set-fault',
  'health:check',
  'health:history',
  'trading:set-state',
  'trading:kill-switch',
  'reconcile:run',
  'reconcile:status',
  'reconcile:resolve',
  'drills:run',
  'drills:status',
  'performance:get',
  'alerts:status',
  'costs:fees',
  'alerts:update-rule',
  'alerts:acknowledge',
  'alerts:snooze',
  'alerts:set-notifications',
  'alerts:channels',
  'alerts:set-channel',
  'alerts:set-channel-secret',
  'alerts:test-channel',
  'reports:list',
  'reports:generate',
  'reports:get',
  'reports:update-settings',
  'bots:list',
  'bots:heartbeat',
  'bots:set',
  'bots:resume',
  'validation:get',
  'validation:set-plan',
  'validation:set-target',
  'validation:add-item',
  'validation:check-item',
  'validation:sign-off',
  'validation:report',
  'validation:rehearse',
  'validation:rehearse-stop',
] as const

/** One command name of the contract. */
export type CommandNameLiteral = (typeof COMMAND_NAMES)[number]

/** Whether a value names a command of the contract. */
export function isCommandNameLiteral(name: unknown): name is CommandNameLiteral {
  return typeof name === 'string' && (COMMAND_NAMES as readonly string[]).includes(name)
}
