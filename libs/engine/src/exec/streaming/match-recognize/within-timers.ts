/**
 * Event-time timers for WITHIN (Flink's CepOperator registers one per key): a min-heap of
 * (time, partition key). A timer fires when the watermark reaches the time at which the oldest
 * running attempt of its partition can no longer stay within the interval.
 */
export class WithinTimers {
  private readonly times: number[] = [];
  private readonly keys: unknown[] = [];

  get size(): number {
    return this.times.length;
  }

  peekTime(): number {
    return this.times.length > 0 ? this.times[0] : Infinity;
  }

  add(timeMs: number, key: unknown): void {
    const { times, keys } = this;
    let i = times.length;
    times.push(timeMs);
    keys.push(key);
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (times[parent] <= timeMs) break;
      times[i] = times[parent];
      keys[i] = keys[parent];
      i = parent;
    }
    times[i] = timeMs;
    keys[i] = key;
  }

  /** Removes the earliest timer and returns its key. */
  pop(): unknown {
    const { times, keys } = this;
    const key = keys[0];
    const lastTime = times.pop()!;
    const lastKey = keys.pop();
    const n = times.length;
    if (n > 0) {
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        if (l >= n) break;
        const c = l + 1 < n && times[l + 1] < times[l] ? l + 1 : l;
        if (times[c] >= lastTime) break;
        times[i] = times[c];
        keys[i] = keys[c];
        i = c;
      }
      times[i] = lastTime;
      keys[i] = lastKey;
    }
    return key;
  }

  clear(): void {
    this.times.length = 0;
    this.keys.length = 0;
  }
}
