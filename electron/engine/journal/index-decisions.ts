/**
 * The decision table of the on-disk index: one fixed-width entry per trade decision (order
 * intent), in journal order, with what the Audit screen filters on (account, symbol, side,
 * outcome, time) and the seq of the order's last record. Filtering a million decisions reads
 * 32 MB from this file instead of parsing the journal, and the engine keeps none of it.
 *
 * Entries change in place as an order's records arrive (its outcome, its last seq); changes
 * are kept in memory and written together a moment later. The header, written last, names the
 * entries and the last journal record whose changes they hold, so an index left behind catches
 * up from there, and one cut short is rebuilt.
 */
import fs from 'node:fs'
import path from 'node:path'
import type { AuditOutcome, Side } from '../../../shared/types'
import { PRIVATE_FILE_MODE } from '../core'

// "VGD2": entries may say 'canceled'; a "VGD1" table (canceled orders as passed) is rebuilt.
const MAGIC = 0x32444756 // "VGD2"
const HEADER = 16
/** Bytes of one entry. */
export const ENTRY = 32
const OUTCOMES: readonly AuditOutcome[] = [
  'pending',
  'rejected',
  'passed',
  'verification_failed',
  'canceled',
]

/** One decision as the table holds it. */
export interface DecisionEntry {
  /** Seq of the order's intent: the decision's seq. */
  readonly seq: number
  readonly ts: number
  /** Seq of the order's last record so far. */
  readonly lastSeq: number
  readonly accountId: string
  readonly symbol: string
  readonly side: Side
  readonly outcome: AuditOutcome
}

/** The filter of a scan, with names turned into the table's numbers. */
export interface EntryFilter {
  readonly accountId?: string
  readonly symbol?: string
  readonly side?: Side
  readonly outcome?: AuditOutcome
  readonly from?: number
  readonly to?: number
}

/** The decision table file and its names. */
export class DecisionTable {
  private fd: number
  private flushed: number
  private names: { accounts: string[]; symbols: string[] }
  private readonly numbers = {
    accounts: new Map<string, number>(),
    symbols: new Map<string, number>(),
  }
  /** Entries changed or added since the last write, by entry number. */
  private readonly dirty = new Map<number, DecisionEntry>()
  private total: number
  /** The last journal record whose changes are in the table (written or not). */
  coveredSeq: number

  private constructor(
    private readonly dir: string,
    fd: number,
  ) {
    this.fd = fd
    const size = fs.fstatSync(fd).size
    const header = Buffer.alloc(HEADER)
    const whole = size >= HEADER && fs.readSync(fd, header, 0, HEADER, 0) === HEADER
    // Entries past the count the header names were written after it: they are dropped.
    const count = whole ? header.readUInt32LE(4) : 0
    const valid = whole && header.readUInt32LE(0) === MAGIC && size >= HEADER + count * ENTRY
    this.names = valid ? readNames(dir) : { accounts: [], symbols: [] }
    this.coveredSeq = valid ? header.readDoubleLE(8) : 0
    this.total = valid ? count : 0
    this.flushed = this.total
    if (!valid) this.reset()
    this.names.accounts.forEach((n, i) => this.numbers.accounts.set(n, i))
    this.names.symbols.forEach((n, i) => this.numbers.symbols.set(n, i))
  }

  /** Opens (creating if needed) the table in an index folder. */
  static open(dir: string): DecisionTable {
    const file = path.join(dir, 'decisions.idx')
    const fd = fs.openSync(file, fs.existsSync(file) ? 'r+' : 'w+', PRIVATE_FILE_MODE)
    return new DecisionTable(dir, fd)
  }

  /** Empties the table: it is rebuilt from the journal. */
  reset(): void {
    fs.ftruncateSync(this.fd, 0)
    this.names = { accounts: [], symbols: [] }
    this.numbers.accounts.clear()
    this.numbers.symbols.clear()
    writeNames(this.dir, this.names)
    this.dirty.clear()
    this.total = 0
    this.flushed = 0
    this.coveredSeq = 0
    this.writeHeader()
  }

  /** Decisions in the table. */
  get count(): number {
    return this.total
  }

  /** Entry `no` (0 = oldest). */
  get(no: number): DecisionEntry {
    return this.dirty.get(no) ?? (this.read(no, no + 1)[0] as DecisionEntry)
  }

  /** Entries `from` to `to` (exclusive), oldest first. */
  read(from: number, to: number): DecisionEntry[] {
    const out: DecisionEntry[] = []
    const end = Math.min(to, this.flushed)
    if (from < end) {
      const buf = this.bytes(from, end)
      for (let i = 0; i < end - from; i++)
        out.push(this.dirty.get(from + i) ?? this.decode(buf, i * ENTRY))
    }
    for (let no = Math.max(from, end); no < to && no < this.total; no++)
      out.push(this.dirty.get(no) as DecisionEntry)
    return out
  }

  /** The numbers of entries `from` to `to` (exclusive) that match `filter`, oldest first. */
  match(from: number, to: number, filter: EntryFilter): number[] {
    const account =
      filter.accountId === undefined ? -1 : this.numbers.accounts.get(filter.accountId)
    const symbol = filter.symbol === undefined ? -1 : this.numbers.symbols.get(filter.symbol)
    if (account === undefined || symbol === undefined) return []
    const side = filter.side === undefined ? -1 : filter.side === 'buy' ? 0 : 1
    const outcome = filter.outcome === undefined ? -1 : OUTCOMES.indexOf(filter.outcome)
    const out: number[] = []
    const end = Math.min(to, this.flushed)
    const buf = from < end ? this.bytes(from, end) : Buffer.alloc(0)
    for (let no = from; no < to && no < this.total; no++) {
      const d = this.dirty.get(no)
      if (d) {
        if (matches(d, filter)) out.push(no)
        continue
      }
      const o = (no - from) * ENTRY
      const ts = buf.readDoubleLE(o + 8)
      if (account >= 0 && buf.readUInt16LE(o + 24) !== account) continue
      if (symbol >= 0 && buf.readUInt16LE(o + 26) !== symbol) continue
      if (side >= 0 && buf[o + 28] !== side) continue
      if (outcome >= 0 && buf[o + 29] !== outcome) continue
      if (filter.from !== undefined && ts < filter.from) continue
      if (filter.to !== undefined && ts >= filter.to) continue
      out.push(no)
    }
    return out
  }

  /** The number of the entry whose seq is `seq`, or of the first after it when `atOrAfter`. */
  find(seq: number, atOrAfter = false): number {
    let lo = 0
    let hi = this.total
    while (lo < hi) {
      const mid = (lo + hi) >> 1
      if (this.get(mid).seq < seq) lo = mid + 1
      else hi = mid
    }
    if (atOrAfter) return lo
    return lo < this.total && this.get(lo).seq === seq ? lo : -1
  }

  /** Adds the entry of a new decision; returns its number. */
  add(entry: DecisionEntry): number {
    this.number('accounts', entry.accountId)
    this.number('symbols', entry.symbol)
    this.dirty.set(this.total, entry)
    return this.total++
  }

  /** Changes entry `no`. */
  set(no: number, entry: DecisionEntry): void {
    this.dirty.set(no, entry)
  }

  /** Drops the entries from `count` on (they were written past the covered seq). */
  truncate(count: number): void {
    if (count >= this.total) return
    for (const no of this.dirty.keys()) if (no >= count) this.dirty.delete(no)
    this.total = count
    this.flushed = Math.min(this.flushed, count)
    fs.ftruncateSync(this.fd, HEADER + count * ENTRY)
  }

  /** Writes every change, then the covered seq. Not fsynced: the journal can rebuild it. */
  flush(): void {
    if (this.dirty.size > 0) {
      const nos = [...this.dirty.keys()].sort((a, b) => a - b)
      let i = 0
      while (i < nos.length) {
        let j = i + 1
        while (j < nos.length && nos[j] === (nos[j - 1] as number) + 1) j++
        const first = nos[i] as number
        const buf = Buffer.alloc((j - i) * ENTRY)
        for (let k = i; k < j; k++)
          this.encode(this.dirty.get(nos[k] as number) as DecisionEntry, buf, (k - i) * ENTRY)
        fs.writeSync(this.fd, buf, 0, buf.length, HEADER + first * ENTRY)
        i = j
      }
      this.dirty.clear()
      this.flushed = this.total
    }
    this.writeHeader()
  }

  /** Writes what is pending and closes the file. */
  close(): void {
    this.flush()
    fs.closeSync(this.fd)
    this.fd = -1
  }

  /** Closes the file without writing what is pending (it no longer matches the journal). */
  abandon(): void {
    this.dirty.clear()
    if (this.fd === -1) return
    fs.closeSync(this.fd)
    this.fd = -1
  }

  private writeHeader(): void {
    const header = Buffer.alloc(HEADER)
    header.writeUInt32LE(MAGIC, 0)
    header.writeUInt32LE(this.total, 4)
    header.writeDoubleLE(this.coveredSeq, 8)
    fs.writeSync(this.fd, header, 0, HEADER, 0)
  }

  private bytes(from: number, to: number): Buffer {
    const buf = Buffer.alloc((to - from) * ENTRY)
    const read = fs.readSync(this.fd, buf, 0, buf.length, HEADER + from * ENTRY)
    if (read !== buf.length) throw new Error('the audit index ends early')
    return buf
  }

  private number(kind: 'accounts' | 'symbols', name: string): number {
    const known = this.numbers[kind].get(name)
    if (known !== undefined) return known
    const no = this.names[kind].length
    if (no > 0xffff) throw new Error(`More than 65,536 ${kind} in the audit index`)
    this.names[kind].push(name)
    this.numbers[kind].set(name, no)
    // Written before any entry that uses it.
    writeNames(this.dir, this.names)
    return no
  }

  private decode(buf: Buffer, o: number): DecisionEntry {
    const account = this.names.accounts[buf.readUInt16LE(o + 24)]
    const symbol = this.names.symbols[buf.readUInt16LE(o + 26)]
    const outcome = OUTCOMES[buf[o + 29] as number]
    if (account === undefined || symbol === undefined || outcome === undefined)
      throw new Error('the audit index names an account or symbol it does not know')
    return {
      seq: buf.readDoubleLE(o),
      ts: buf.readDoubleLE(o + 8),
      lastSeq: buf.readDoubleLE(o + 16),
      accountId: account,
      symbol,
      side: buf[o + 28] === 0 ? 'buy' : 'sell',
      outcome,
    }
  }

  private encode(d: DecisionEntry, buf: Buffer, o: number): void {
    buf.writeDoubleLE(d.seq, o)
    buf.writeDoubleLE(d.ts, o + 8)
    buf.writeDoubleLE(d.lastSeq, o + 16)
    buf.writeUInt16LE(this.number('accounts', d.accountId), o + 24)
    buf.writeUInt16LE(this.number('symbols', d.symbol), o + 26)
    buf[o + 28] = d.side === 'buy' ? 0 : 1
    buf[o + 29] = OUTCOMES.indexOf(d.outcome)
  }
}

function matches(d: DecisionEntry, f: EntryFilter): boolean {
  return (
    (f.accountId === undefined || d.accountId === f.accountId) &&
    (f.symbol === undefined || d.symbol === f.symbol) &&
    (f.side === undefined || d.side === f.side) &&
    (f.outcome === undefined || d.outcome === f.outcome) &&
    (f.from === undefined || d.ts >= f.from) &&
    (f.to === undefined || d.ts < f.to)
  )
}

function readNames(dir: string): { accounts: string[]; symbols: string[] } {
  try {
    const names = JSON.parse(fs.readFileSync(path.join(dir, 'names.json'), 'utf8')) as {
      accounts: string[]
      symbols: string[]
    }
    if (Array.isArray(names.accounts) && Array.isArray(names.symbols)) return names
  } catch {
    // Missing or torn: the entries that used it are not trusted either (see open).
  }
  return { accounts: [], symbols: [] }
}

function writeNames(dir: string, names: { accounts: string[]; symbols: string[] }): void {
  const file = path.join(dir, 'names.json')
  fs.writeFileSync(`${file}.tmp`, JSON.stringify(names), { mode: PRIVATE_FILE_MODE })
  fs.renameSync(`${file}.tmp`, file)
}
