/**
 * An order placed through the REST API, timed until it shows in an open console (Chromium,
 * server host as a child process): the POST is sent and the clock stops when the order's row
 * is in the Orders table.
 */
import { performance } from 'node:perf_hooks'
import { launchBrowser } from '../kit/browser'
import { cleanup, tempDir } from '../kit/engine'
import { startServerProcess } from '../kit/server-process'
import type { BenchResult } from './harness'

const RUNS = 10

/** Measures REST order → visible in the console. */
export async function benchRestToUi(): Promise<BenchResult[]> {
  const dir = tempDir('vigil-bench-ui-')
  const server = await startServerProcess(dir)
  const browser = await launchBrowser()
  try {
    const page = await browser.newPage()
    await page.goto(server.url)
    await page.getByTestId('nav-orders').click()
    await page.getByTestId('orders-table').waitFor()
    const samples: number[] = []
    for (let i = 0; i < RUNS; i++) {
      const t0 = performance.now()
      const response = await fetch(`${server.origin}/api/v1/orders`, {
        method: 'POST',
        headers: { authorization: `Bearer ${server.token}`, 'content-type': 'application/json' },
        body: JSON.stringify({
          clientOrderId: `bench-${i}`,
          symbol: 'SOL-USD',
          side: 'buy',
          type: 'market',
          quantity: '0.1',
        }),
      })
      const { id } = (await response.json()) as { id: string }
      await page.getByTestId(`order-row-${id}`).waitFor({ timeout: 5_000 })
      samples.push(performance.now() - t0)
    }
    return [
      {
        name: 'REST order shown in the console',
        unit: 'ms',
        samples,
        target: { value: 1000, lowerIsBetter: true },
      },
    ]
  } finally {
    await browser.close()
    await server.stop()
    cleanup(dir)
  }
}
