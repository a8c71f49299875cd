/**
 * `{ ...base, ...extra }` for the order path, where `extra` adds fields `base` does not have.
 * V8 (Node 20) takes 1–3 µs for a spread literal that adds fields of its own (the copy starts
 * with the source's shape, then changes it), against about 0.1 µs for Object.assign onto a
 * fresh object; an order did this several times.
 */
export function extend<B extends object, E extends object>(
  base: B,
  extra: E,
): Omit<B, keyof E> & E {
  return Object.assign({}, base, extra)
}
