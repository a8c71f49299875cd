import js from '@eslint/js'
import tseslint from 'typescript-eslint'
import reactHooks from 'eslint-plugin-react-hooks'
import globals from 'globals'
import fs from 'node:fs'
import importX, { createNodeResolver } from 'eslint-plugin-import-x'
import noImportCycle from './eslint/no-import-cycle.js'

const nodeBuiltins = {
  group: ['node:*'],
  message: 'Node built-ins stay out of shared/ and renderer/.',
}
const electronBan = {
  name: 'electron',
  message: 'Only electron/main and electron/preload may import electron.',
}
/** Keeps the host `from` out of the files of `within`. */
const hostBan = (from, within) => ({
  group: [`**/${from}`, `**/${from}/*`],
  message: `electron/${within} never imports electron/${from}: the two hosts share only electron/host.`,
})
const rendererImportBans = {
  paths: [electronBan],
  patterns: [
    nodeBuiltins,
    {
      group: ['**/electron/**', '../../electron/*'],
      message: 'The renderer imports shared/ only.',
    },
  ],
}
// A later config's no-restricted-imports replaces an earlier one's, so each renderer layer
// repeats the renderer's bans and adds its own.
const rendererLayerBans = {
  ...rendererImportBans,
  patterns: [
    ...rendererImportBans.patterns,
    {
      group: ['**/features', '**/features/**'],
      message:
        'stores/, components/, charts/ and lib/ sit below features/: move what they share down into components/ or lib/.',
    },
  ],
}

// The engine's domains are the folders of electron/engine/; each is used from outside only
// through its index.ts. The files beside them (root.ts, api.ts, ...) are the composition root:
// they use the domains' index.ts, and the rest of the project uses the engine's index.ts. A
// test of one domain may import its modules directly: a test under test/unit/engine/<domain>/
// or test/integration/<domain>/ (the ccxt adapter against mock exchanges) the modules of that
// domain, and any test under test/unit/engine/ the root's files (such as the fold registry).
const DOMAINS = fs
  .readdirSync(new URL('./electron/engine/', import.meta.url), { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => entry.name)
/** Every file of the project but those of `domain` and of its tests. */
const outsideDomain = (domain) => [
  `electron/engine/!(${domain})/**`,
  'electron/engine/*.ts',
  'electron/!(engine)/**',
  `test/unit/engine/!(${domain})/**`,
  'test/unit/engine/*.ts',
  'test/unit/!(engine)/**',
  `test/integration/!(${domain})/**`,
  'test/integration/*.ts',
  'test/!(unit|integration)/**',
  'shared/**',
  'scripts/**',
  '*.ts',
]
const engineBoundaries = [
  ...DOMAINS.map((domain) => ({
    target: outsideDomain(domain),
    from: `electron/engine/${domain}/**`,
    except: [`**/electron/engine/${domain}/index.ts`],
    message: `Outside electron/engine/${domain}/, import its index.ts (add the export there if it is missing).`,
  })),
  {
    target: [
      'electron/engine/*/**',
      'electron/!(engine)/**',
      'test/unit/!(engine)/**',
      'test/!(unit)/**',
      'shared/**',
      'scripts/**',
      '*.ts',
    ],
    from: 'electron/engine/*.ts',
    except: ['**/electron/engine/index.ts'],
    message:
      "The composition root's files are the engine's own: import electron/engine (its index.ts); a domain never reaches up into the root.",
  },
]

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'node_modules/**', 'test-results/**', 'bench-results/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  {
    files: ['**/*.{ts,tsx,js,mjs}'],
    plugins: { vigil: { rules: { 'no-import-cycle': noImportCycle } } },
    rules: { 'vigil/no-import-cycle': 'error' },
  },
  {
    // The renderer imports shared/ only (below), so it needs no engine boundaries.
    files: ['**/*.{ts,tsx}'],
    ignores: ['renderer/**'],
    plugins: { 'import-x': importX },
    settings: {
      'import-x/resolver-next': [
        createNodeResolver({ extensions: ['.ts', '.tsx', '.js', '.json'] }),
      ],
    },
    rules: {
      'import-x/no-restricted-paths': [
        'error',
        { basePath: import.meta.dirname, zones: engineBoundaries },
      ],
    },
  },
  {
    files: ['electron/engine/**/*.ts', 'electron/cli/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { paths: [electronBan] }],
    },
  },
  // One engine, two hosts: neither host imports the other; what both need is in electron/host.
  {
    files: ['electron/main/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [hostBan('server', 'main')] }],
    },
  },
  {
    files: ['electron/server/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { paths: [electronBan], patterns: [hostBan('main', 'server')] },
      ],
    },
  },
  {
    files: ['electron/host/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { paths: [electronBan], patterns: [hostBan('main', 'host'), hostBan('server', 'host')] },
      ],
    },
  },
  {
    files: ['electron/engine/**/*.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector: "MemberExpression[object.name='Date'][property.name='now']",
          message: 'The engine reads time from its injected Clock.',
        },
        {
          selector: "MemberExpression[object.name='Math'][property.name='random']",
          message: 'The engine draws randomness from a seeded generator.',
        },
      ],
    },
  },
  {
    files: ['shared/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { paths: [electronBan], patterns: [nodeBuiltins] }],
    },
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      'no-restricted-imports': ['error', rendererImportBans],
      'no-restricted-syntax': [
        'error',
        {
          selector:
            "MemberExpression[object.name=/^(window|globalThis|self)$/][property.name='vigil']",
          message:
            'Only renderer/src/lib/desk.ts talks to the Electron bridge; go through desk.ts.',
        },
        {
          selector:
            "VariableDeclarator[init.name=/^(window|globalThis|self)$/] > ObjectPattern > Property[key.name='vigil']",
          message:
            'Only renderer/src/lib/desk.ts talks to the Electron bridge; go through desk.ts.',
        },
      ],
    },
  },
  {
    files: [
      'renderer/src/stores/**/*.{ts,tsx}',
      'renderer/src/components/**/*.{ts,tsx}',
      'renderer/src/charts/**/*.{ts,tsx}',
      'renderer/src/lib/**/*.{ts,tsx}',
    ],
    rules: {
      'no-restricted-imports': ['error', rendererLayerBans],
    },
  },
  {
    // The one module that reaches the host: the bridge inside Electron, the WebSocket elsewhere.
    files: ['renderer/src/lib/desk.ts'],
    rules: { 'no-restricted-syntax': 'off' },
  },
)
