/**
 * The published maker/taker schedules Vigil ships, as data: one object per venue and date,
 * every tier as its source gives it. Kept as a typed module rather than JSON so the compiler
 * checks every field and the bundle carries it with no file to find at run time; a new
 * schedule is a new object here and one line in `FEE_SCHEDULES`, never an edit of an old one
 * (fills are judged by the schedule in force when they happened).
 *
 * Rates are fractions as decimal strings ('0.0026' is 0.26 %), exact: no float arithmetic.
 * Tier bounds are lower bounds of trailing 30-day volume, inclusive ($10,000 is in the
 * $10,000 tier), in the schedule's volume asset.
 */
import type { FeeSchedule } from './fee-schedules'

/**
 * Coinbase Advanced (Advanced Trade), in effect from 2022-09-20. Later Coinbase schedules
 * (a $0–$1K tier at 0.60 % maker / 1.20 % taker) exist but their other tiers are not known,
 * so this one stays; check coinbase.com/advanced-fees before relying on it.
 */
export const COINBASE_ADVANCED_2022_09_20: FeeSchedule = {
  id: 'coinbase-advanced-2022-09-20',
  venue: 'Coinbase Advanced',
  effective: '2022-09-20',
  dateBasis: 'effective',
  source:
    'ccxt/ccxt ts/src/coinbase.ts fees.trading.tiers (stored version 000ed667), matching ' +
    "extracrypto.net's report of Coinbase's 2022-09-20 statement; see quant.md section 5.1",
  sourceUrl: 'https://www.coinbase.com/advanced-fees',
  volumeAsset: 'USD',
  tiers: [
    { from: '0', makerRate: '0.004', takerRate: '0.006' },
    { from: '10000', makerRate: '0.0025', takerRate: '0.004' },
    { from: '50000', makerRate: '0.0015', takerRate: '0.0025' },
    { from: '100000', makerRate: '0.001', takerRate: '0.002' },
    { from: '1000000', makerRate: '0.0008', takerRate: '0.0018' },
    { from: '15000000', makerRate: '0.0006', takerRate: '0.0016' },
    { from: '75000000', makerRate: '0.0003', takerRate: '0.0012' },
    { from: '250000000', makerRate: '0', takerRate: '0.0008' },
    { from: '400000000', makerRate: '0', takerRate: '0.0005' },
  ],
  notes: [
    'The tier is the one in force when the order is placed; Coinbase recalculates it hourly.',
    'A later schedule starts with a $0–$1K tier at 0.60 % maker / 1.20 % taker; its other tiers are not published where Vigil could read them.',
  ],
}

/**
 * Kraken Pro, spot crypto pairs, as a 2026-05-30 summary of kraken.com/features/fee-schedule
 * gives it (third-party; it shows $500K–$10M as one tier, which Kraken's own page may split).
 * Stablecoin and FX pairs have their own schedule, not this one.
 */
export const KRAKEN_PRO_2026_05_30: FeeSchedule = {
  id: 'kraken-pro-2026-05-30',
  venue: 'Kraken Pro',
  effective: '2026-05-30',
  dateBasis: 'as-of',
  source:
    'api-evangelist/kraken plans/kraken-plans-pricing.yml (stored version aeaf8a31, modified ' +
    '2026-05-30), a summary of kraken.com/features/fee-schedule; see quant.md section 5.2',
  sourceUrl: 'https://www.kraken.com/features/fee-schedule',
  volumeAsset: 'USD',
  tiers: [
    { from: '0', makerRate: '0.0025', takerRate: '0.004' },
    { from: '10000', makerRate: '0.002', takerRate: '0.0035' },
    { from: '50000', makerRate: '0.0014', takerRate: '0.0024' },
    { from: '100000', makerRate: '0.0012', takerRate: '0.0022' },
    { from: '500000', makerRate: '0.0008', takerRate: '0.0018' },
    { from: '10000000', makerRate: '0', takerRate: '0.001' },
  ],
  notes: [
    'Third-party summary: the $500K–$10M row may merge several of Kraken’s tiers.',
    'Stablecoin and FX pairs are charged on a separate schedule and do not count toward the volume.',
    'Kraken’s private TradeVolume call gives the account’s own next tier and the volume to reach it.',
  ],
}

/**
 * Binance spot, VIP programme from 2021-12-21 (announced 2021-12-15). Only Regular to VIP 4
 * are complete in the source: the announcement's text stops inside VIP 5, so volumes of
 * 200,000,000 and more have no published rate here. Each VIP level also asks for a BNB
 * balance (25, 100, 250, 500 BNB), which Vigil does not check: the tier is by volume.
 */
export const BINANCE_SPOT_2021_12_21: FeeSchedule = {
  id: 'binance-spot-2021-12-21',
  venue: 'Binance spot',
  effective: '2021-12-21',
  dateBasis: 'effective',
  source:
    'Binance announcement "Binance VIP Program Upgrade (2021-12-21)", published 2021-12-15; ' +
    'the Regular tier and the BNB discount from a binance.bh Square post (32297519585338); ' +
    'see quant.md section 5.3',
  sourceUrl: 'https://www.binance.com/en-IN/support/announcement/88ee9834fef947de96e01b77e888414e',
  volumeAsset: 'BUSD',
  tiers: [
    { name: 'Regular', from: '0', makerRate: '0.001', takerRate: '0.001' },
    { name: 'VIP 1', from: '1000000', makerRate: '0.0009', takerRate: '0.001' },
    { name: 'VIP 2', from: '5000000', makerRate: '0.0008', takerRate: '0.001' },
    { name: 'VIP 3', from: '20000000', makerRate: '0.0007', takerRate: '0.001' },
    { name: 'VIP 4', from: '120000000', makerRate: '0.0007', takerRate: '0.0009' },
  ],
  knownBelow: '200000000',
  discounts: [{ feeAsset: 'BNB', fraction: '0.25' }],
  notes: [
    'Fees paid in BNB are 25 % lower (a discount off every tier, not a tier of its own).',
    'VIP levels also require a BNB balance (VIP 1: 25, VIP 2: 100, VIP 3: 250, VIP 4: 500); Vigil places the account by volume only.',
    'The source stops inside VIP 5 (200,000,000 BUSD): no rate is published here from that volume up.',
    'Binance takes its volume snapshot daily at 23:59:59 UTC.',
  ],
}

/** Every schedule shipped, by id. */
export const FEE_SCHEDULES: Readonly<Record<string, FeeSchedule>> = {
  [COINBASE_ADVANCED_2022_09_20.id]: COINBASE_ADVANCED_2022_09_20,
  [KRAKEN_PRO_2026_05_30.id]: KRAKEN_PRO_2026_05_30,
  [BINANCE_SPOT_2021_12_21.id]: BINANCE_SPOT_2021_12_21,
}

/** The schedule of an exchange (by its ccxt id), or null when Vigil ships none for it. */
export function scheduleForExchange(exchangeId: string | null): FeeSchedule | null {
  switch (exchangeId) {
    case 'coinbase':
    case 'coinbaseadvanced':
      return COINBASE_ADVANCED_2022_09_20
    case 'kraken':
      return KRAKEN_PRO_2026_05_30
    case 'binance':
      return BINANCE_SPOT_2021_12_21
    default:
      return null
  }
}
