/**
 * Drops events whose id was already seen on the same partition within the horizon: clients
 * retrying a request through the gateway (client-chosen ids or Idempotency-Key) and producer
 * retries write the same event twice, and a retried event lands on the same partition because
 * it has the same key.
 *
 * Deterministic by construction, which is what makes it checkpointable without storing ids:
 * the window is a FIFO in offset order whose clock is the largest gateway ingest time seen on
 * the partition, so it depends only on the partition's messages. A checkpoint stores where the
 * FIFO starts (`fromOffset`) and the clock; on restore the runner re-reads the partition from
 * there and `observe`s the messages again, which rebuilds exactly the same FIFO. That holds
 * because the oldest entry is never expired after `observe` (the re-read starts at an entry
 * the original still needed) and eviction only ever takes the oldest entry; the property test
 * in event-dedup.spec.ts checks it.
 */
export class EventDedup {
  private readonly lastOffsetById = new Map<string, number>();
  private ids: string[] = [];
  private offsets: number[] = [];
  private ingestMs: number[] = [];
  private head = 0;
  private clock = -Infinity;

  constructor(
    private readonly horizonMs: number,
    private readonly maxEvents: number,
  ) {}

  get isEnabled(): boolean {
    return this.horizonMs > 0 && this.maxEvents > 0;
  }

  /** Events remembered now. */
  get size(): number {
    return this.ids.length - this.head;
  }

  /** The dedup clock: largest ingest time observed (or restored). */
  get clockMs(): number {
    return this.clock;
  }

  /** Offset of the oldest remembered event, or `nextOffset` when none is. */
  fromOffset(nextOffset: number): number {
    return this.size > 0 ? this.offsets[this.head] : nextOffset;
  }

  /** Records the event; true when its id was already seen within the horizon. */
  observe(eventId: string, offset: number, ingestTimeMs: number): boolean {
    if (!this.isEnabled) return false;
    if (ingestTimeMs > this.clock) this.clock = ingestTimeMs;
    this.expire();
    const isDuplicate = this.lastOffsetById.has(eventId);
    this.lastOffsetById.set(eventId, offset);
    this.ids.push(eventId);
    this.offsets.push(offset);
    this.ingestMs.push(ingestTimeMs);
    while (this.size > this.maxEvents) this.dropOldest();
    // Keep the invariant the rebuild relies on: the oldest entry is never expired.
    this.expire();
    return isDuplicate;
  }

  /** After re-reading up to the checkpoint: continue with the clock the checkpoint had. */
  restoreClock(clockMs: number): void {
    if (clockMs > this.clock) this.clock = clockMs;
    this.expire();
  }

  private expire(): void {
    const limit = this.clock - this.horizonMs;
    while (this.size > 0 && this.ingestMs[this.head] < limit) this.dropOldest();
  }

  private dropOldest(): void {
    const id = this.ids[this.head];
    if (this.lastOffsetById.get(id) === this.offsets[this.head]) this.lastOffsetById.delete(id);
    this.head++;
    if (this.head > 1024 && this.head * 2 > this.ids.length) {
      this.ids = this.ids.slice(this.head);
      this.offsets = this.offsets.slice(this.head);
      this.ingestMs = this.ingestMs.slice(this.head);
      this.head = 0;
    }
  }
}
