/**
 * `npm run bench`: every benchmark, a table on stdout and bench-results/bench.json.
 */
import path from 'node:path'
import { report, type BenchResult } from './harness'
import { benchRestToUi } from './rest-to-ui.bench'
import { benchStartup } from './startup.bench'

const results: BenchResult[] = []
results.push(...(await benchStartup()))
results.push(...(await benchRestToUi()))
report(results, path.resolve('bench-results', 'bench.json'))
