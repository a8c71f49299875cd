/**
 * How money and quantities cross every boundary: as decimal strings, never binary floats. Its
 * own module so that shared/types.ts and shared/performance.ts can both use it without
 * importing each other.
 */

/** A decimal number written as a string, e.g. "0.015" or "10000.00". */
export type DecimalString = string
