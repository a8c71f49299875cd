/**
 * A tiny benchmark harness: runs each case several times, reports medians (this machine is
 * shared and noisy), prints a table and writes JSON. Timings are reported, never asserted.
 */
import { mkdirSync, writeFileSync } from 'node:fs'
import path from 'node:path'

/** One measured quantity. */
export interface BenchResult {
  readonly name: string
  readonly unit: string
  readonly samples: number[]
  /** The target from the issue, in the same unit, and whether lower is better. */
  readonly target?: { readonly value: number; readonly lowerIsBetter: boolean }
  readonly note?: string
}

/** The median of a list of numbers. */
export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b)
  const mid = Math.floor(sorted.length / 2)
  return sorted.length % 2
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2
}

/** A percentile (nearest rank) of a list of numbers. */
export function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[
    Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))
  ] as number
}

const fmt = (n: number): string =>
  Math.abs(n) >= 100 ? n.toFixed(0) : Math.abs(n) >= 1 ? n.toFixed(2) : n.toFixed(4)

/** Prints the results as a table and writes them to `file` as JSON. */
export function report(results: readonly BenchResult[], file: string): void {
  const rows = results.map((r) => {
    const m = median(r.samples)
    const verdict = r.target
      ? (r.target.lowerIsBetter ? m <= r.target.value : m >= r.target.value)
        ? 'ok'
        : 'MISSED'
      : ''
    return [
      r.name,
      `${fmt(m)} ${r.unit}`,
      `${fmt(Math.min(...r.samples))}–${fmt(Math.max(...r.samples))}`,
      String(r.samples.length),
      r.target ? `${r.target.lowerIsBetter ? '≤' : '≥'} ${r.target.value} ${r.unit}` : '',
      verdict,
    ]
  })
  const header = ['benchmark', 'median', 'range', 'runs', 'target', '']
  const widths = header.map((h, i) =>
    Math.max(h.length, ...rows.map((row) => (row[i] as string).length)),
  )
  const line = (cells: string[]): string =>
    cells.map((c, i) => c.padEnd(widths[i] as number)).join('  ')
  console.log(line(header))
  console.log(widths.map((w) => '-'.repeat(w)).join('  '))
  for (const row of rows) console.log(line(row))
  mkdirSync(path.dirname(file), { recursive: true })
  writeFileSync(
    file,
    JSON.stringify(
      {
        at: new Date().toISOString(),
        node: process.version,
        results: results.map((r) => ({ ...r, median: median(r.samples) })),
      },
      null,
      2,
    ),
  )
  console.log(`\nWritten to ${file}`)
}
