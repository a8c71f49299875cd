/** What the journal says when it cannot be trusted or cannot be written. */

/** A record in the middle of the journal fails its checks: the engine must not start. */
export class JournalCorruptError extends Error {
  constructor(
    readonly file: string,
    readonly seq: number,
    detail: string,
  ) {
    super(
      `The audit journal is corrupt in ${file} at seq ${seq}: ${detail}. Vigil will not start on a journal it cannot trust; restore the data folder from a backup or contact support.`,
    )
    this.name = 'JournalCorruptError'
  }
}

/** The journal could not write a group: nothing in it, or after it, is acknowledged. */
export class JournalWriteError extends Error {
  constructor(readonly reason: string) {
    super(
      `The audit journal cannot be written: ${reason}. Nothing more is recorded, acknowledged or sent to a broker; free space on the disk (or repair it) and restart Vigil`,
    )
    this.name = 'JournalWriteError'
  }
}

/** A write failure in words a trader understands. */
export function writeFailureReason(error: unknown): string {
  const { code, message } = error as NodeJS.ErrnoException
  switch (code) {
    case 'ENOSPC':
      return 'the disk is full (no space left on the device)'
    case 'EDQUOT':
      return 'the disk quota of this user is used up'
    case 'EIO':
      return 'the disk reported an input/output error'
    case 'EROFS':
      return 'the disk is read-only'
    default:
      return message
  }
}
