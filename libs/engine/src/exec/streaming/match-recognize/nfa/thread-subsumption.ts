import { NO_THREADS, type Attempt } from './thread';

/**
 * Drops a thread of a later attempt when the oldest undecided attempt of the partition (the head,
 * which no earlier match can skip) has a thread in the same state: Pike VM state deduplication
 * extended across start rows. Sound only when
 *  - every DEFINE ignores the match history (the two threads then accept exactly the same rows),
 *  - AFTER MATCH SKIP PAST LAST ROW is used and there is no WITHIN (the later attempt starts
 *    inside any match the head can still find, so it is skipped, and both threads expire alike).
 * Then: if the head's thread leads to a match, the head's match ends at or after the current row
 * and skips the later attempt; if it fails, the later thread fails too. Either way the later
 * thread changes no output. For `A B+ C` this keeps one attempt per partition instead of one per
 * row of a rising run.
 */
export class ThreadSubsumption {
  private readonly seen: Int32Array;
  private stamp = 0;

  constructor(stateCount: number) {
    this.seen = new Int32Array(stateCount);
  }

  /** Records the states of the head attempt's threads after the current row. */
  begin(head: Attempt): void {
    this.stamp++;
    for (const t of head.threads) if (t.counters === null && t.optional === 0) this.seen[t.state] = this.stamp;
  }

  /** Does the head have a (counter-free) thread in `state`? */
  covers(state: number): boolean {
    return this.seen[state] === this.stamp;
  }

  /** Removes from a later attempt the threads the head already covers. */
  filter(a: Attempt): void {
    const threads = a.threads;
    if (threads.length === 0) return;
    const seen = this.seen;
    let kept = threads;
    for (let i = 0; i < threads.length; i++) {
      const t = threads[i];
      const plain = t.counters === null && t.optional === 0;
      if (plain && seen[t.state] === this.stamp) {
        if (kept === threads) kept = threads.slice(0, i);
        continue;
      }
      if (kept !== threads) kept.push(t);
    }
    if (kept !== threads) a.threads = kept.length > 0 ? kept : NO_THREADS;
  }
}
