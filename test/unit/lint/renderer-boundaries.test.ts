/**
 * The renderer's layers, as ESLint holds them (eslint.config.js): stores/, components/, charts/
 * and lib/ never import features/, and only lib/desk.ts reads the Electron bridge on
 * window.vigil. Each probe is linted as if it were a file at that path.
 */
import { ESLint } from 'eslint'
import { describe, expect, it } from 'vitest'

const eslint = new ESLint()

async function problems(file: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: file })
  return (result?.messages ?? []).map((m) => `${m.ruleId}: ${m.message}`)
}

const IMPORTS_A_FEATURE = `import { HealthScreen } from '../features/health/health-screen'
export const screen = HealthScreen
`
const READS_THE_BRIDGE = `export const bridge = window.vigil
const { vigil } = window
export const same = vigil === globalThis.vigil
`

describe('renderer boundaries', () => {
  it.each(['stores', 'components', 'charts', 'lib'])(
    'refuses an import of features/ from %s/',
    async (folder) => {
      expect(await problems(`renderer/src/${folder}/probe.ts`, IMPORTS_A_FEATURE)).toEqual([
        expect.stringMatching(/^no-restricted-imports: .*sit below features/),
      ])
    },
  )

  it('lets a feature import another feature and the layers below', async () => {
    const code = `import { HealthScreen } from '../health/health-screen'
import { useLedgerStore } from '../../stores/ledger-store'
import { formatUsd } from '../../lib/format'
export const all = [HealthScreen, useLedgerStore, formatUsd]
`
    expect(await problems('renderer/src/features/orders/probe.ts', code)).toEqual([])
  })

  it('refuses window.vigil anywhere in the renderer but lib/desk.ts', async () => {
    for (const file of ['renderer/src/features/reports/probe.ts', 'renderer/src/stores/probe.ts'])
      expect(await problems(file, READS_THE_BRIDGE)).toEqual([
        expect.stringMatching(/^no-restricted-syntax: Only renderer\/src\/lib\/desk\.ts/),
        expect.stringMatching(/^no-restricted-syntax: Only renderer\/src\/lib\/desk\.ts/),
        expect.stringMatching(/^no-restricted-syntax: Only renderer\/src\/lib\/desk\.ts/),
      ])
    expect(await problems('renderer/src/lib/desk.ts', READS_THE_BRIDGE)).toEqual([])
  })
})
