/** The part of fs-native-extensions Vigil uses: OS-level file locks. It ships no types. */
declare module 'fs-native-extensions' {
  /** Takes a lock on a byte range without waiting; false when another open file holds it. */
  export function tryLock(
    fd: number,
    offset?: number,
    length?: number,
    options?: { shared?: boolean },
  ): boolean
  /** Releases a lock taken on the same byte range. */
  export function unlock(fd: number, offset?: number, length?: number): void
}
