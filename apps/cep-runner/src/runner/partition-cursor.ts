import type { StreamDefinition } from '@sluice/contracts';
import type { StreamRowDecoder } from '@sluice/connectors';
import type { StoredOffset } from '../checkpoint/checkpoint.repository';
import { EventDedup } from '../dedup/event-dedup';

/**
 * The runner's position in one Kafka partition. `position` is the next offset it expects from
 * Kafka and `next` the next offset the rules have not seen. After a restore the runner first
 * re-reads [dedup start, next) to rebuild the dedup window ("warming up"): those messages feed
 * the dedup only. Offsets are JavaScript numbers: exact up to 2^53, centuries of traffic.
 */
export class PartitionCursor {
  position: number;
  next: number;
  lastBatchAtMs: number;
  highWatermark: number;
  isIdle = false;
  private warm: boolean;

  constructor(
    readonly topic: string,
    readonly partition: number,
    readonly stream: StreamDefinition,
    readonly decode: StreamRowDecoder,
    readonly dedup: EventDedup,
    private readonly restored: StoredOffset,
    nowMs: number,
    highWatermark: number,
  ) {
    this.position = restored.dedupFromOffset;
    this.next = restored.nextOffset;
    this.lastBatchAtMs = nowMs;
    this.highWatermark = highWatermark;
    this.warm = this.position >= this.next;
    if (this.warm) dedup.restoreClock(restored.dedupClockMs);
  }

  /** Where a fresh partition starts: its log start, with an empty dedup window. */
  static initialOffset(topic: string, partition: number, logStart: number): StoredOffset {
    return { topic, partition, nextOffset: logStart, dedupFromOffset: logStart, dedupClockMs: 0 };
  }

  get isWarm(): boolean {
    return this.warm;
  }

  /** The dedup window is complete again: continue with the checkpoint's dedup clock. */
  finishWarmUp(): void {
    if (this.warm) return;
    this.warm = true;
    this.dedup.restoreClock(this.restored.dedupClockMs);
  }

  get isCaughtUp(): boolean {
    return this.position >= this.highWatermark;
  }

  get lag(): number {
    return Math.max(0, this.highWatermark - this.position);
  }

  /** What a checkpoint stores for this partition now. */
  toStored(): StoredOffset {
    if (!this.warm) return this.restored;
    return { topic: this.topic, partition: this.partition, nextOffset: this.next, dedupFromOffset: this.dedup.fromOffset(this.next), dedupClockMs: this.dedup.clockMs };
  }
}
