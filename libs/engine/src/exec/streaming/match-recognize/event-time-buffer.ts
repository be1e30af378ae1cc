import type { Row } from '../../../types/values';

interface Entry {
  readonly timeMs: number;
  readonly seq: number;
  readonly row: Row;
}

/**
 * Rows waiting for the watermark, released in (event time, secondary ORDER BY keys, arrival)
 * order: Flink's CepOperator keeps them per timestamp in elementQueueState until onEventTime.
 * In-order arrivals (the common case) go to a FIFO of parallel arrays; rows that arrive out of
 * order go to a binary heap; release merges the two.
 */
export class EventTimeBuffer {
  private times: number[] = [];
  private seqs: number[] = [];
  private rows: Row[] = [];
  private head = 0;
  private readonly heap: Entry[] = [];
  private seq = 0;

  /** `compareKeys` orders rows with equal event time by the rest of ORDER BY (undefined: arrival order). */
  constructor(private readonly compareKeys?: (a: Row, b: Row) => number) {}

  get size(): number {
    return this.rows.length - this.head + this.heap.length;
  }

  add(timeMs: number, row: Row): void {
    const seq = this.seq++;
    const n = this.rows.length;
    const last = n > this.head ? this.times[n - 1] : -Infinity;
    if (timeMs > last || (timeMs === last && !this.compareKeys)) {
      this.times.push(timeMs);
      this.seqs.push(seq);
      this.rows.push(row);
    } else this.heapPush({ timeMs, seq, row });
  }

  /** Event time of the next row to release, +Infinity when empty. */
  peekTime(): number {
    const fifo = this.head < this.rows.length ? this.times[this.head] : Infinity;
    const heap = this.heap.length > 0 ? this.heap[0].timeMs : Infinity;
    return fifo < heap ? fifo : heap;
  }

  /** Removes and returns the next row in release order. */
  pop(): Row {
    const useFifo = this.head < this.rows.length && (this.heap.length === 0 || this.before(this.times[this.head], this.seqs[this.head], this.rows[this.head], this.heap[0]));
    if (!useFifo) return this.heapPop().row;
    const row = this.rows[this.head];
    this.rows[this.head++] = undefined as unknown as Row;
    if (this.head >= 1024 && this.head * 2 >= this.rows.length) {
      this.times = this.times.slice(this.head);
      this.seqs = this.seqs.slice(this.head);
      this.rows = this.rows.slice(this.head);
      this.head = 0;
    }
    return row;
  }

  snapshot(): [number, Row][] {
    const all: Entry[] = [...this.heap];
    for (let i = this.head; i < this.rows.length; i++) all.push({ timeMs: this.times[i], seq: this.seqs[i], row: this.rows[i] });
    all.sort((a, b) => this.compare(a, b));
    return all.map((e) => [e.timeMs, e.row]);
  }

  restore(entries: readonly [number, Row][]): void {
    this.times = [];
    this.seqs = [];
    this.rows = [];
    this.head = 0;
    this.heap.length = 0;
    this.seq = 0;
    for (const [t, row] of entries) this.add(t, row);
  }

  private before(timeMs: number, seq: number, row: Row, e: Entry): boolean {
    return this.compare({ timeMs, seq, row }, e) < 0;
  }

  private compare(a: Entry, b: Entry): number {
    if (a.timeMs !== b.timeMs) return a.timeMs < b.timeMs ? -1 : 1;
    const c = this.compareKeys ? this.compareKeys(a.row, b.row) : 0;
    return c !== 0 ? c : a.seq - b.seq;
  }

  private heapPush(e: Entry): void {
    const h = this.heap;
    h.push(e);
    for (let i = h.length - 1; i > 0; ) {
      const parent = (i - 1) >> 1;
      if (this.compare(h[i], h[parent]) >= 0) break;
      [h[i], h[parent]] = [h[parent], h[i]];
      i = parent;
    }
  }

  private heapPop(): Entry {
    const h = this.heap;
    const top = h[0];
    const last = h.pop()!;
    if (h.length > 0) {
      h[0] = last;
      for (let i = 0; ; ) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < h.length && this.compare(h[l], h[m]) < 0) m = l;
        if (r < h.length && this.compare(h[r], h[m]) < 0) m = r;
        if (m === i) break;
        [h[i], h[m]] = [h[m], h[i]];
        i = m;
      }
    }
    return top;
  }
}
