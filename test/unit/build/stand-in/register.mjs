// Loaded with `node --import`: resolves the bare specifier `electron` to the stand-in beside it.
import { register } from 'node:module'

register('./resolve-electron.mjs', import.meta.url)
