/** Rehearsals: a strategy run on simulated minute candles in a scratch data folder, fast. */
export {
  rehearse,
  type RehearsalAccount,
  type RehearsalOptions,
  type RehearsalReport,
} from './rehearsal'
