// A module resolve hook (node:module register): `electron` is the stand-in, nothing else changes.
const STAND_IN = new URL('./electron.mjs', import.meta.url).href

/** Resolves `electron` to the stand-in and hands every other specifier on. */
export async function resolve(specifier, context, nextResolve) {
  if (specifier === 'electron') return { url: STAND_IN, format: 'module', shortCircuit: true }
  return nextResolve(specifier, context)
}
