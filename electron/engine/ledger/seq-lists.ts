/** Lists in journal order, merged by the seq of each item (across accounts). */

/** Items with the journal seq of each, parallel, in journal order. */
export interface SeqList<T> {
  readonly items: readonly T[]
  readonly seqs: readonly number[]
}

/** Merges lists each already in journal order into one, by seq. */
export function mergeBySeq<T>(lists: readonly SeqList<T>[]): T[] {
  const out: T[] = []
  const at = lists.map(() => 0)
  for (;;) {
    let best = -1
    for (let l = 0; l < lists.length; l++) {
      const i = at[l] as number
      const list = lists[l] as SeqList<T>
      if (i >= list.items.length) continue
      const seq = list.seqs[i] as number
      if (best < 0 || seq < ((lists[best] as SeqList<T>).seqs[at[best] as number] as number))
        best = l
    }
    if (best < 0) return out
    const i = at[best] as number
    out.push((lists[best] as SeqList<T>).items[i] as T)
    at[best] = i + 1
  }
}

/** The newest `limit` items of lists each in journal order, newest first (the reverse merge). */
export function newestBySeq<T>(lists: readonly SeqList<T>[], limit: number): T[] {
  const out: T[] = []
  const at = lists.map((l) => l.items.length - 1)
  while (out.length < limit) {
    let best = -1
    for (let l = 0; l < lists.length; l++) {
      const i = at[l] as number
      if (i < 0) continue
      const seq = (lists[l] as SeqList<T>).seqs[i] as number
      if (best < 0 || seq >= ((lists[best] as SeqList<T>).seqs[at[best] as number] as number))
        best = l
    }
    if (best < 0) break
    const i = at[best] as number
    out.push((lists[best] as SeqList<T>).items[i] as T)
    at[best] = i - 1
  }
  return out
}
