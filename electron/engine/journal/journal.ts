/**
 * The append-only, hash-chained audit journal: JSON Lines in daily segment files.
 *
 * Each line is `{"seq","ts","type","payload","prev","hash"}`, where hash is the SHA-256 of the
 * very bytes of the line without its hash field. Hashing the stored bytes (rather than a
 * re-serialization) makes verification exact and cheap.
 *
 * Appends are group-committed: every append in the same turn of the event loop is written and
 * fsynced together, and an append's promise resolves only once every byte of its record is
 * written and fsynced. A small group is written with one synchronous write and fdatasync, right
 * after its turn: a trip through Node's thread pool for each would cost more than the disk does
 * (an order waits for two appends), and appends made meanwhile queue up as the next group. A
 * large group goes through the thread pool, so a long fdatasync does not hold up the event loop.
 * The segment being written is preallocated (zeros written ahead of its data, off the main
 * thread, see segment-data.ts), so an append writes inside the file's size and fdatasync has no
 * size to commit. When the disk refuses a write the journal fails closed: the partial bytes are
 * cut off again, and it takes nothing more until it is opened anew.
 */
import { promises as fsp } from 'node:fs'
import path from 'node:path'
import { type Clock, PRIVATE_FILE_MODE, makePrivateDir } from '../core'
import { checkLink, sha256 } from './chain'
import { JournalCorruptError, JournalWriteError, writeFailureReason } from './journal-errors'
import { type JournalFile, type JournalFiles, diskFiles, writeAll } from './journal-file'
import { GENESIS } from './records'
import { allZero, dataEnd } from './segment-data'
import {
  LINE_EXTRA,
  NEWLINE,
  listSegments,
  readFrom,
  sealLines,
  segmentName,
  syncDirNow,
  trim,
} from './segment-lines'
import type {
  StoredPayloads as RecordPayloads,
  StoredRecord as JournalRecord,
  StoredType as RecordType,
} from './stored'

export { JournalCorruptError, JournalWriteError } from './journal-errors'
export { listSegments, syncDir } from './segment-lines'

/** The journal's head: the last record's seq and hash. */
export interface JournalHead {
  readonly seq: number
  readonly hash: string
}

/** A record and where it ends: its segment, and the byte offset just after its line. */
export interface JournalPosition extends JournalHead {
  readonly segment: string
  readonly offset: number
}

/** Records appended in one turn of the event loop: written and fsynced together. */
interface Group {
  /**
   * Record bodies and their hashes by segment, in order (a group spans two segments only at
   * midnight). Lines are assembled straight into one buffer when written, never as strings.
   */
  readonly parts: { segment: string; bodies: string[]; hashes: string[] }[]
  /** Its last record: the journal's durable head once the group is written. */
  last: JournalHead
  readonly durable: Promise<void>
  resolve(): void
  reject(error: Error): void
}

function newGroup(): Group {
  let resolve!: () => void
  let reject!: (error: Error) => void
  const durable = new Promise<void>((res, rej) => {
    resolve = res
    reject = rej
  })
  // The engine attaches its own handler; this one only keeps an unobserved failure quiet.
  durable.catch(() => undefined)
  return { parts: [], last: { seq: 0, hash: GENESIS }, durable, resolve, reject }
}

/** Options for opening a journal. */
export interface JournalOptions {
  readonly dir: string
  readonly clock: Clock
  /** Called for every verified record found on open after `after`, in order. */
  readonly onRecord?: (record: JournalRecord) => void
  /**
   * The last record the state snapshot covers: records up to it are not handed to onRecord.
   * Given its position too, open checks that the record there is that very record and reads
   * only what follows; the chain before it is left to a later walk (`uncheckedUpTo`). When the
   * check fails, or there is no position, every record is read and verified.
   */
  readonly after?: JournalHead | JournalPosition
  /** Called with the seq and hash of every record checked on open. */
  readonly onLink?: (seq: number, hash: string) => void
  /**
   * False only for scratch journals (a rehearsal on simulated data): records are written and
   * chained but not fsynced. Default true: nothing is acknowledged before it is on disk.
   */
  readonly sync?: boolean
  /** How segments are opened for appending (tests inject a disk that fills up). */
  readonly files?: JournalFiles
  /**
   * Called when open reads and checks every record itself (no snapshot position to start from):
   * a walk of the chain running elsewhere is then not needed.
   */
  readonly onFullCheck?: () => void
  /** Learns of every record appended after open and where its line lands (an index). */
  readonly observer?: JournalObserver
  /**
   * A group of at least this many bytes is written and fdatasynced through the thread pool,
   * not on the main thread (default ASYNC_GROUP_BYTES, 1 MiB).
   */
  readonly asyncGroupBytes?: number
}

/**
 * Where a group is better written off the main thread: below it, one synchronous write and
 * fdatasync is quicker than the thread pool, whose two hops cost throughput on a busy machine
 * (groups of 1,000 records, about 430 KB, went 11-40 % slower through it in
 * test/bench/journal-append.bench.ts); above it, the event loop would stand still for the
 * whole fdatasync of megabytes.
 */
export const ASYNC_GROUP_BYTES = 1 << 20
/** Zeros kept written ahead of the data of the segment being written. */
const AHEAD = 4 << 20
/** Zeros written ahead at a time. */
const PIECE = 1 << 20

/** A segment open for writing: where its data ends, and how far its file reaches. */
interface OpenSegment {
  readonly name: string
  readonly fh: JournalFile
  /** The end of its data: where the next line goes. */
  size: number
  /** The file's size: zeros from `size` to here. */
  allocated: number
}

/**
 * Follows the journal's appends, for what is derived from it beside it (the on-disk index):
 * each record as it is appended, in seq order, then the bytes of its line once durable.
 */
export interface JournalObserver {
  /** A record was appended; it is not durable yet (it may never be, if the write fails). */
  appended(record: JournalRecord): void
  /** Whole lines were written and made durable, starting at byte `at` of `segment`. */
  written(segment: string, at: number, bytes: Uint8Array): void
}

/** The append-only journal of one data folder. */
export class Journal {
  private seq = 0
  private hash = GENESIS
  private group: Group | null = null
  /** The segment being written, once a group went to it. */
  private open: OpenSegment | null = null
  /**
   * Work on the open segment in the thread pool (a large group, or zeros written ahead); what
   * it is and where the zeros start. Resolves when it is done, never rejects.
   */
  private busy: { done: Promise<void>; group: Group | null; zerosFrom: number } | null = null
  private retrying = false
  /** Set once close begins: no more zeros are written ahead. */
  private closing = false
  /** Set when zeros could not be written ahead (a disk short of space): no more are. */
  private noZeros = false
  private closed = false
  /** Why the journal can no longer be written, once a write failed. */
  private failed: JournalWriteError | null = null
  /** The last record every byte of which is on disk. */
  private durableHead: JournalHead = { seq: 0, hash: GENESIS }
  /** The newest segment: records never go into an older one, even if the clock steps back. */
  private newestSegment = ''
  /** The segment last written to and its size; groups not yet written come on top. */
  private written = { segment: '', bytes: 0 }
  /** Lines moved aside on open because they were torn by a crash. */
  tornLines = 0
  /**
   * Open read and checked only the records after this seq (the state snapshot vouched for the
   * ones before it, by the hash of the last): the chain up to it still needs a walk. 0 when
   * open checked every record.
   */
  uncheckedUpTo = 0

  private constructor(
    private readonly dir: string,
    private readonly clock: Clock,
    private readonly sync: boolean,
    private readonly files: JournalFiles,
    private readonly observer: JournalObserver | undefined,
    private readonly asyncGroupBytes: number,
  ) {}

  /** Opens (creating if needed) the journal in `dir`, checking its records on the way. */
  static async open(options: JournalOptions): Promise<Journal> {
    const journal = new Journal(
      options.dir,
      options.clock,
      options.sync ?? true,
      options.files ?? diskFiles,
      options.observer,
      options.asyncGroupBytes ?? ASYNC_GROUP_BYTES,
    )
    await makePrivateDir(options.dir)
    await journal.load(options)
    journal.durableHead = journal.head
    return journal
  }

  /** Why the journal cannot be written any more, or null while it can. */
  get failure(): JournalWriteError | null {
    return this.failed
  }

  /** The last durable-or-pending record's seq and hash. */
  get head(): JournalHead {
    return { seq: this.seq, hash: this.hash }
  }

  /** The head and where its line ends, once written: what a state snapshot records. */
  get position(): JournalPosition {
    let { segment, bytes } = this.written
    // Records not yet written, measured only when asked (appends stay cheap).
    const unwritten = [...(this.busy?.group?.parts ?? []), ...(this.group?.parts ?? [])]
    for (const part of unwritten) {
      if (part.segment !== segment) {
        segment = part.segment
        bytes = 0
      }
      for (const body of part.bodies) bytes += Buffer.byteLength(body) + LINE_EXTRA
    }
    return { seq: this.seq, hash: this.hash, segment, offset: bytes }
  }

  /** The segment files, oldest first. */
  segments(): string[] {
    return listSegments(this.dir)
  }

  private async load({ onRecord, onLink, after, onFullCheck }: JournalOptions): Promise<void> {
    const segments = this.segments()
    this.newestSegment = segments.at(-1) ?? ''
    const replayAfter = after?.seq ?? 0
    let first = 0
    let from = 0
    if (
      after &&
      'segment' in after &&
      segments.includes(after.segment) &&
      (await this.isAt(after))
    ) {
      first = segments.indexOf(after.segment)
      from = after.offset
      this.seq = after.seq
      this.hash = after.hash
      this.uncheckedUpTo = after.seq
      onLink?.(after.seq, after.hash)
    } else onFullCheck?.()
    for (let i = first; i < segments.length; i++) {
      const name = segments[i] as string
      const file = path.join(this.dir, name)
      const base = i === first ? from : 0
      const buf = await readFrom(file, base)
      // The data ends at the first zero: what follows is the preallocated tail.
      const end = dataEnd(buf)
      const text = buf.toString('utf8', 0, end)
      const isLast = i === segments.length - 1
      let start = 0
      while (start < text.length) {
        const nl = text.indexOf('\n', start)
        const complete = nl !== -1
        const line = text.slice(start, complete ? nl : text.length)
        const checked = checkLink(line, this.seq + 1, this.hash)
        if (typeof checked === 'string') {
          if (isLast && !complete) break
          throw new JournalCorruptError(name, this.seq + 1, checked)
        }
        // A whole record without its newline was never acknowledged: cut it like a torn line.
        if (!complete && isLast) break
        if (!complete)
          throw new JournalCorruptError(
            name,
            this.seq + 1,
            'the segment does not end with a newline',
          )
        this.seq = checked.seq
        this.hash = checked.hash
        onLink?.(checked.seq, checked.hash)
        if (onRecord && checked.seq > replayAfter) onRecord(JSON.parse(line) as JournalRecord)
        start = nl + 1
      }
      // Bytes of the last whole line's end, from `base`.
      const whole = Buffer.byteLength(text.slice(0, start))
      if (whole === buf.length) continue
      if (isLast) await this.cutTail(file, name, buf, whole, base)
      else if (whole === end && allZero(buf, end)) await trim(file, base + whole)
      else
        throw new JournalCorruptError(
          name,
          this.seq + 1,
          'the segment holds bytes after its last record and it is not the newest',
        )
    }
    if (this.newestSegment) {
      const { size } = await fsp.stat(path.join(this.dir, this.newestSegment))
      this.written = { segment: this.newestSegment, bytes: size }
    }
  }

  /**
   * Whether the line ending at `at.offset` in its segment is the record `at` names: its seq,
   * and a hash that matches both its bytes and the one recorded. The hash covers the record's
   * prev, so the chain before it is exactly the one that was there when `at` was taken.
   */
  private async isAt(at: JournalPosition): Promise<boolean> {
    if (!Number.isSafeInteger(at.offset) || at.offset < 1 || at.seq < 1) return false
    const fh = await fsp.open(path.join(this.dir, at.segment), 'r')
    try {
      if (at.offset > (await fh.stat()).size) return false
      // Read back from the end of the line until its start; a record is rarely over 4 KB.
      for (let window = 4096; ; window *= 2) {
        const begin = Math.max(0, at.offset - window)
        const buf = Buffer.alloc(at.offset - begin)
        await fh.read(buf, 0, buf.length, begin)
        if (buf[buf.length - 1] !== NEWLINE) return false
        const nl = buf.lastIndexOf(NEWLINE, buf.length - 2)
        if (nl === -1 && begin > 0) continue
        const line = buf.toString('utf8', nl + 1, buf.length - 1)
        const link = checkLink(line, at.seq, null)
        return typeof link !== 'string' && link.hash === at.hash
      }
    } finally {
      await fh.close()
    }
  }

  /**
   * Cuts the newest segment back to its last whole line. What lay after it that is not zeros
   * (a line torn by a crash, or bytes of a write cut short) was never acknowledged: it is moved
   * aside into a file of its own. Zeros after it are the preallocated tail and simply go.
   */
  private async cutTail(
    file: string,
    name: string,
    buf: Buffer,
    whole: number,
    base: number,
  ): Promise<void> {
    if (!allZero(buf, whole)) {
      let last = buf.length
      while (buf[last - 1] === 0) last -= 1
      const aside = path.join(this.dir, `torn-${name}-${this.seq + 1}-${this.clock.now()}.txt`)
      await fsp.writeFile(aside, buf.subarray(whole, last), { mode: PRIVATE_FILE_MODE })
      this.tornLines += 1
    }
    await trim(file, base + whole)
  }

  /**
   * Appends a record and resolves once it is on disk (fsynced). Seq and hash are assigned
   * synchronously, so the order of calls is the order in the journal.
   */
  append<T extends RecordType>(type: T, payload: RecordPayloads[T]): Promise<JournalRecord> {
    try {
      const { record, durable } = this.write(type, payload)
      return durable.then(() => record)
    } catch (error) {
      return Promise.reject(error as Error)
    }
  }

  /**
   * Appends a record and returns it at once, with a promise that resolves when it is durable.
   * Every record before it is durable by then too: groups are written in order.
   */
  write<T extends RecordType>(
    type: T,
    payload: RecordPayloads[T],
  ): { record: JournalRecord; durable: Promise<void> } {
    if (this.failed) throw this.failed
    if (this.closed) throw new Error('The audit journal is closed; nothing more can be recorded.')
    const seq = this.seq + 1
    const ts = this.clock.now()
    if (!Number.isFinite(ts)) throw new Error(`The clock returned ${ts}`)
    const body = JSON.stringify({ seq, ts, type, payload, prev: this.hash })
    const hash = sha256(body)
    const record = { seq, ts, type, payload, prev: this.hash, hash } as JournalRecord
    this.seq = seq
    this.hash = hash
    this.observer?.appended(record)
    const named = segmentName(ts)
    if (named > this.newestSegment) this.newestSegment = named
    const segment = this.newestSegment
    let group = this.group
    if (!group) {
      group = this.group = newGroup()
      // Collect every append of this turn, then write them as one group.
      setImmediate(() => this.writePending())
    }
    group.last = { seq, hash }
    const last = group.parts.at(-1)
    if (last?.segment === segment) {
      last.bodies.push(body)
      last.hashes.push(hash)
    } else {
      group.parts.push({ segment, bodies: [body], hashes: [hash] })
    }
    return { record, durable: group.durable }
  }

  /** Writes and fsyncs everything appended so far; resolves when it is durable. */
  async flush(): Promise<void> {
    // Groups become durable in order: the newest one is the one to wait for.
    const group = this.writePending() ?? this.busy?.group
    if (group) await group.durable
  }

  /**
   * Writes the pending group, if any, and returns it; unless the thread pool is writing this
   * segment where the group would go (then it is written as soon as that is done).
   */
  private writePending(): Group | null {
    const group = this.group
    if (!group) return null
    if (this.failed) {
      this.group = null
      group.reject(this.failed)
      return group
    }
    const sealed = group.parts.map(({ bodies, hashes }) => sealLines(bodies, hashes))
    if (this.busy && !this.fitsBesideBusy(group, sealed)) {
      this.retryWhenIdle()
      return group
    }
    this.group = null
    this.writeGroup(group, sealed)
    return group
  }

  /**
   * Whether a group may be written while the thread pool works on the open segment: only
   * after zeros, in the same segment, below them, and small enough for the main thread.
   */
  private fitsBesideBusy(group: Group, sealed: readonly Buffer[]): boolean {
    const busy = this.busy
    const open = this.open
    const bytes = sealed[0] as Buffer
    return (
      busy !== null &&
      busy.group === null &&
      open !== null &&
      group.parts.length === 1 &&
      group.parts[0]?.segment === open.name &&
      bytes.length < this.asyncGroupBytes &&
      open.size + bytes.length <= busy.zerosFrom
    )
  }

  private retryWhenIdle(): void {
    const busy = this.busy
    if (this.retrying || !busy) return
    this.retrying = true
    void busy.done.then(() => {
      this.retrying = false
      this.writePending()
    })
  }

  /**
   * Writes a group whole and fdatasyncs it: a small one synchronously (nothing else runs
   * meanwhile, so what is appended while the disk works goes into the next group), a large one
   * through the thread pool (the next group waits for it).
   */
  private writeGroup(group: Group, sealed: readonly Buffer[]): void {
    /** Each file this group wrote to, and its size before: what a failure cuts back to. */
    const touched: OpenSegment[] = []
    try {
      const [bytes] = sealed
      const large =
        sealed.length === 1 && bytes !== undefined && bytes.length >= this.asyncGroupBytes
      const first = this.segment(group.parts[0]?.segment as string)
      if (large && first.fh.writeDurable) {
        this.writeLarge(group, first, bytes)
        return
      }
      const placed: { segment: string; at: number; bytes: Buffer }[] = []
      group.parts.forEach(({ segment }, i) => {
        const file = this.segment(segment)
        const part = sealed[i] as Buffer
        touched.push({ ...file })
        writeAll(file.fh, part, file.size)
        if (this.sync) file.fh.datasync()
        placed.push({ segment, at: file.size, bytes: part })
        file.size += part.length
        file.allocated = Math.max(file.allocated, file.size)
      })
      this.wrote(group, placed)
      if (sealed.every((part) => part.length < this.asyncGroupBytes)) this.writeZerosAhead()
    } catch (error) {
      this.fail(group, error, touched)
    }
  }

  /** Writes a large group of one segment through the thread pool. */
  private writeLarge(group: Group, file: OpenSegment, bytes: Buffer): void {
    const before = { ...file }
    const at = file.size
    const write = (file.fh.writeDurable as NonNullable<JournalFile['writeDurable']>)(
      bytes,
      at,
      this.sync,
    )
    const done = write.then(
      () => {
        file.size = at + bytes.length
        file.allocated = Math.max(file.allocated, file.size)
        this.busy = null
        this.wrote(group, [{ segment: file.name, at, bytes }])
      },
      (error: unknown) => {
        this.busy = null
        this.fail(group, error, [before])
      },
    )
    this.busy = { done, group, zerosFrom: Number.POSITIVE_INFINITY }
  }

  /** A group is durable: the head moves, the observer learns where its lines are. */
  private wrote(group: Group, placed: readonly { segment: string; at: number; bytes: Buffer }[]) {
    const last = placed.at(-1)
    if (last) this.written = { segment: last.segment, bytes: last.at + last.bytes.length }
    this.durableHead = group.last
    // Only a group written whole is told: a failed one is cut off again (see fail).
    for (const p of placed) this.observer?.written(p.segment, p.at, p.bytes)
    group.resolve()
  }

  /**
   * Keeps zeros written ahead of the open segment's data, a piece at a time in the thread
   * pool, so the next appends write inside the file's size. Only behind small groups: a large
   * one pays for its file size once for many records, and would wait for the zeros.
   */
  private writeZerosAhead(): void {
    const open = this.open
    if (!this.sync || this.busy || this.closing || this.failed || this.noZeros) return
    if (!open?.fh.preallocate || open.allocated - open.size >= AHEAD) return
    const from = Math.max(open.allocated, open.size)
    const done = open.fh.preallocate(from, PIECE).then(
      (written) => {
        if (written) open.allocated = from + PIECE
        // A disk short of space: no zeros are taken from it until the journal opens again.
        else this.noZeros = true
      },
      () => {
        // A full disk: the zeros that did go in are still the file's; no more are written.
        this.noZeros = true
        try {
          open.allocated = Math.max(open.size, open.fh.size())
        } catch {
          // The size is only a hint for the next zeros, of which there are none.
        }
      },
    )
    this.busy = { done, group: null, zerosFrom: from }
    void done.then(() => {
      if (this.busy?.done === done) this.busy = null
      this.writePending()
      this.writeZerosAhead()
    })
  }

  /**
   * A group could not be written whole: its bytes are cut off again so every segment ends
   * with a whole line (a restart then needs no repair), the head goes back to the last
   * durable record, and this group and every later one are refused.
   */
  private fail(group: Group, error: unknown, touched: readonly OpenSegment[]): void {
    const failure = new JournalWriteError(writeFailureReason(error))
    this.failed = failure
    this.seq = this.durableHead.seq
    this.hash = this.durableHead.hash
    // Appends the failing write let in (a file layer may call back): refused with it.
    const pending = this.group
    this.group = null
    for (const { fh, size } of touched) {
      // Best effort: if even this fails, the next open moves the torn line aside.
      try {
        fh.truncate(size)
        fh.datasync()
      } catch {
        // The torn tail stays; open handles it.
      }
    }
    group.reject(failure)
    pending?.reject(failure)
  }

  /**
   * The open segment named `segment`, opening it (and sealing the one before) if needed. Only
   * the newest segment is written to: a sealed one is trimmed to its data and closed. Never
   * called while the thread pool works on the open segment (see fitsBesideBusy).
   */
  private segment(name: string): OpenSegment {
    if (this.open?.name === name) return this.open
    if (this.open) this.seal(this.open)
    this.open = null
    const fh = this.files.open(path.join(this.dir, name))
    const size = fh.size()
    this.open = { name, fh, size, allocated: size }
    syncDirNow(this.dir)
    return this.open
  }

  /** Trims a segment's zeros ahead off its end (durably) and closes it. */
  private seal(file: OpenSegment): void {
    try {
      if (file.allocated > file.size) {
        file.fh.truncate(file.size)
        file.fh.datasync()
      }
    } finally {
      file.fh.close()
    }
  }

  /** Resolves once nothing is being written in the thread pool (zeros ahead included). */
  async idle(): Promise<void> {
    while (this.busy) await this.busy.done
  }

  /** Flushes what is pending and closes the file, trimmed to its data. */
  async close(): Promise<void> {
    this.closing = true
    // A failed write has already been reported to every append it refused.
    while (this.group || this.busy) {
      await this.flush().catch(() => undefined)
      await this.busy?.done
    }
    this.closed = true
    if (this.open) {
      try {
        this.seal(this.open)
      } catch {
        // Closing is all that is left to do with it; the next open trims the zeros.
      }
    }
    this.open = null
  }
}
