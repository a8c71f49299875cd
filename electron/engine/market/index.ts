/** Market data: the simulated market and its instruments. */
export { INSTRUMENTS, instrument, type SimulatedInstrument } from './instruments'
export { HISTORY_MINUTES, MarketSimulator, type MarketListener } from './simulator'
