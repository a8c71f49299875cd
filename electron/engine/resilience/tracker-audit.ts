/**
 * Position-tracker integrity: a second ledger folded from the journal as it lies on disk,
 * independently of the one the engine keeps in memory, compared account by account. It starts
 * from the ledger as the engine started (snapshot plus replay) and reads only what was
 * appended since, so a round costs what was written since the last one.
 */
import { promises as fsp } from 'node:fs'
import path from 'node:path'
import { expandRecord, listSegments, segmentDataSize, type StoredRecord } from '../journal'
import type { Ledger } from '../ledger'

/** Folds the journal on disk into its own ledger and compares it with the live one. */
export class TrackerAudit {
  private readonly shadow: Ledger
  private segment: string
  private offset: number
  private seq: number

  private constructor(
    private readonly dir: string,
    start: { ledger: Ledger; segment: string; offset: number; seq: number },
  ) {
    this.shadow = start.ledger.copy()
    this.segment = start.segment
    this.offset = start.offset
    this.seq = start.seq
  }

  /** Starts from `ledger` as it is now, which must be the fold of the journal up to `seq`. */
  static async start(dir: string, ledger: Ledger, seq: number): Promise<TrackerAudit> {
    const segment = listSegments(dir).at(-1) ?? ''
    // Where its data ends: zeros may already be written ahead of it.
    const offset = segment ? segmentDataSize(path.join(dir, segment)) : 0
    return new TrackerAudit(dir, { ledger, segment, offset, seq })
  }

  /**
   * Reads what was appended since the last call and folds it, up to `upTo` and no further (a
   * later record stays for the next call); returns the seq reached.
   */
  private async catchUp(upTo: number): Promise<number> {
    for (const name of listSegments(this.dir)) {
      if (this.seq >= upTo) break
      if (name < this.segment) continue
      if (name > this.segment) {
        this.segment = name
        this.offset = 0
      }
      const fh = await fsp.open(path.join(this.dir, name), 'r')
      try {
        const size = (await fh.stat()).size
        if (size <= this.offset) continue
        const buf = Buffer.alloc(size - this.offset)
        await fh.read(buf, 0, buf.length, this.offset)
        // Only whole lines: a group being written may end mid-line.
        let start = 0
        for (let end = buf.indexOf(0x0a); end >= 0 && this.seq < upTo;) {
          const record = JSON.parse(buf.toString('utf8', start, end)) as StoredRecord
          if (record.seq !== this.seq + 1)
            throw new Error(`the journal on disk jumps from seq ${this.seq} to ${record.seq}`)
          for (const part of expandRecord(record)) this.shadow.apply(part)
          this.seq = record.seq
          start = end + 1
          end = buf.indexOf(0x0a, start)
        }
        this.offset += start
      } finally {
        await fh.close()
      }
    }
    return this.seq
  }

  /**
   * Compares the live ledger with the fold of the disk at `liveSeq`: the ledger must be the
   * fold of the journal up to `liveSeq` when this is called, and is read at once, before
   * anything else can be committed. `durable` (the journal's flush) is awaited next, so every
   * record up to `liveSeq` is on disk; what is committed meanwhile is left for the next round.
   * Null when every account's cash and holdings agree, else what differs.
   */
  async compare(
    live: Ledger,
    liveSeq: number,
    durable: () => Promise<void> = async () => undefined,
  ): Promise<{ mismatch: string | null; records: number }> {
    const seen = live.listAccounts().map((account) => ({
      id: account.id,
      cash: live.cash(account.id),
      holdings: live.holdings(account.id).map((h) => ({ symbol: h.symbol, quantity: h.quantity })),
    }))
    let reached: number
    try {
      await durable()
      reached = await this.catchUp(liveSeq)
    } catch (error) {
      return { mismatch: (error as Error).message, records: this.seq }
    }
    if (reached !== liveSeq)
      return {
        mismatch: `the journal on disk ends at seq ${reached}, the ledger is at ${liveSeq}`,
        records: reached,
      }
    const differences: string[] = []
    for (const account of seen) {
      const disk = this.shadow.cash(account.id)
      if (!account.cash.equals(disk))
        differences.push(
          `${account.id} cash ${account.cash.toFixed()} against ${disk.toFixed()} on disk`,
        )
      const held = new Map(account.holdings.map((h) => [h.symbol, h.quantity]))
      for (const h of this.shadow.holdings(account.id)) {
        const q = held.get(h.symbol)
        if (!q || !q.equals(h.quantity))
          differences.push(
            `${account.id} ${h.symbol} ${q?.toFixed() ?? '0'} against ${h.quantity.toFixed()} on disk`,
          )
        held.delete(h.symbol)
      }
      for (const [symbol, q] of held)
        differences.push(`${account.id} ${symbol} ${q.toFixed()} against 0 on disk`)
    }
    return { mismatch: differences.length ? differences.join('; ') : null, records: reached }
  }
}
