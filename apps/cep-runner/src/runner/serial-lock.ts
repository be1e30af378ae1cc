/**
 * Runs async sections one at a time, in arrival order: batches from several fetchers,
 * checkpoints, idleness checks and rule changes never interleave, so every checkpoint sees the
 * rules and offsets at one consistent point.
 */
export class SerialLock {
  private tail: Promise<unknown> = Promise.resolve();

  run<T>(section: () => Promise<T>): Promise<T> {
    const result = this.tail.then(section);
    this.tail = result.catch(() => undefined);
    return result;
  }
}
