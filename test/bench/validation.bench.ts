/**
 * The validation plan, measured: evaluating every criterion of every phase (the whole
 * `validation:get` view with each criterion's daily history) at the end of a 90-day plan of
 * three enrolled accounts trading about 100 orders a day each, and the plan fold's cost per
 * order as records arrive.
 */
import { performance } from 'node:perf_hooks'
import { DEFAULT_TARGETS } from '../../shared/validation'
import { DAY, planKit } from '../kit/plan-kit'
import type { BenchResult } from './harness'

const RUNS = 21
const ACCOUNTS = ['a', 'b', 'c']
const ORDERS_A_DAY = 100

/** A 90-day plan with every criterion measured in every phase. */
async function ninetyDays() {
  const kit = planKit()
  const call = (name: string, payload: unknown) =>
    (kit.service.handlers() as Record<string, (p: unknown, c: unknown) => unknown>)[name]!(
      payload,
      {
        source: 'api',
      },
    )
  await call('validation:set-plan', {
    startDay: '2026-03-01',
    accounts: ACCOUNTS,
    rollBackOnCritical: false,
    reason: 'bench',
  })
  for (const phase of [1, 2, 3] as const)
    for (const [criterion, target] of Object.entries(DEFAULT_TARGETS[3]))
      await call('validation:set-target', { phase, criterion, target, reason: 'bench' })
  let orders = 0
  const t0 = performance.now()
  for (let day = 0; day < 90; day++) {
    if (day % 30 === 4)
      kit.write('drill.completed', {
        id: `d${day}`,
        kind: 'broker_outage',
        accountId: 'a',
        startedAt: kit.clock.now(),
        detectedAfterMs: 2_000,
        recoveredAfterMs: 45_000,
        outcome: 'recovered',
        detectedBy: 'health',
        recoveredBy: 'health',
        notes: '',
      })
    for (const account of ACCOUNTS) {
      for (let i = 0; i < ORDERS_A_DAY; i++) {
        const pnl = i % 2 === 0 ? ((i * 7919) % 13) - 5 : undefined
        kit.order(account, { pnl, inBand: i % 5 !== 0 })
        orders++
      }
      const date = new Date(kit.clock.now()).toISOString().slice(0, 10)
      kit.closes.push({
        accountId: account,
        day: date,
        equity: String(10_000 + day * 3 + (day % 7)),
      })
    }
    if (day % 30 === 29 && day < 89) {
      const signed = (await call('validation:sign-off', {
        phase: (day + 1) / 30,
        by: 'bench',
        note: 'bench',
      })) as { ok: boolean; error?: { message: string } }
      if (!signed.ok) throw new Error(`sign-off refused: ${signed.error?.message}`)
    }
    kit.clock.advance(DAY)
  }
  const foldMs = performance.now() - t0
  return { kit, orders, foldMs }
}

export async function benchValidation(): Promise<BenchResult[]> {
  const { kit, orders, foldMs } = await ninetyDays()
  const view = () => kit.service.view()
  const first = view()
  const criteria = first.phases.reduce((n, p) => n + p.criteria.length, 0)
  if (first.phase !== 'complete' && first.phase !== 3)
    throw new Error(`the plan did not reach phase 3: ${first.phase}`)
  for (let i = 0; i < 3; i++) view() // warm up
  const samples: number[] = []
  for (let run = 0; run < RUNS; run++) {
    const t0 = performance.now()
    view()
    samples.push(performance.now() - t0)
  }
  return [
    {
      name: 'validation: evaluate every criterion, 90-day plan',
      unit: 'ms',
      samples,
      target: { value: 5, lowerIsBetter: true },
      note: `${criteria} criteria over 3 phases, each with its daily history; 3 accounts, ${orders.toLocaleString('en-US')} orders`,
    },
    {
      name: 'validation: plan fold per order',
      unit: 'µs',
      samples: [(foldMs * 1000) / orders],
      note: 'close, fill and verification records of an order folded into the plan (bench recorder, no journal)',
    },
  ]
}
