/**
 * Event-time timers (Flink's InternalTimerService, simplified): a binary min-heap of
 * (time, payload). Operators register a timer when state may expire and pop the due ones when
 * the watermark advances, instead of scanning all keys. Stale timers (state that changed since)
 * are the caller's to ignore on pop.
 */
export class TimerHeap<T> {
  private readonly times: number[] = [];
  /** Tie-break for equal times: the caller's sequence number, so pops are deterministic (and survive restore). */
  private readonly seqs: number[] = [];
  private readonly payloads: T[] = [];

  private before(t1: number, s1: number, t2: number, s2: number): boolean {
    return t1 < t2 || (t1 === t2 && s1 < s2);
  }

  get size(): number {
    return this.times.length;
  }

  peekTime(): number {
    return this.times.length === 0 ? Infinity : this.times[0];
  }

  push(time: number, payload: T, seq = 0): void {
    const { times, seqs, payloads } = this;
    let i = times.length;
    times.push(time);
    seqs.push(seq);
    payloads.push(payload);
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!this.before(time, seq, times[parent], seqs[parent])) break;
      times[i] = times[parent];
      seqs[i] = seqs[parent];
      payloads[i] = payloads[parent];
      i = parent;
    }
    times[i] = time;
    seqs[i] = seq;
    payloads[i] = payload;
  }

  /** Removes and returns the payload with the smallest time. */
  pop(): T {
    const { times, seqs, payloads } = this;
    const top = payloads[0];
    const lastTime = times.pop()!;
    const lastSeq = seqs.pop()!;
    const lastPayload = payloads.pop()!;
    const n = times.length;
    if (n > 0) {
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        if (l >= n) break;
        const r = l + 1;
        const c = r < n && this.before(times[r], seqs[r], times[l], seqs[l]) ? r : l;
        if (!this.before(times[c], seqs[c], lastTime, lastSeq)) break;
        times[i] = times[c];
        seqs[i] = seqs[c];
        payloads[i] = payloads[c];
        i = c;
      }
      times[i] = lastTime;
      seqs[i] = lastSeq;
      payloads[i] = lastPayload;
    }
    return top;
  }

  /** Pops every payload whose time is <= `time`, in time order. */
  popUntil(time: number, each: (payload: T) => void): void {
    while (this.times.length > 0 && this.times[0] <= time) each(this.pop());
  }

  clear(): void {
    this.times.length = 0;
    this.seqs.length = 0;
    this.payloads.length = 0;
  }
}
