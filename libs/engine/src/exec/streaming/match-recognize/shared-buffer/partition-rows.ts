import type { Row } from '../../../../types/values';

/**
 * The rows of one partition in ORDER BY order, addressed by absolute position (0 = first row the
 * partition ever saw). Only a window is kept, in a ring buffer: rows no partial match, pending
 * output or PREV navigation can still reach are dropped from the front at once (Flink's
 * SharedBuffer event store), so a dropped row is garbage immediately and never gets old.
 */
export class PartitionRows {
  private ring: (Row | undefined)[] = new Array(4);
  private mask = 3;
  /** Ring index of the oldest kept row. */
  private head = 0;
  private count = 0;
  /** Position of the oldest kept row. */
  private base = 0;

  /** Position the next row will get (= number of rows seen). */
  get size(): number {
    return this.base + this.count;
  }

  get retained(): number {
    return this.count;
  }

  push(row: Row): number {
    if (this.count === this.ring.length) this.grow();
    this.ring[(this.head + this.count) & this.mask] = row;
    this.count++;
    return this.base + this.count - 1;
  }

  /** The row at `pos`, or undefined outside the partition (or already dropped). */
  at(pos: number): Row | undefined {
    const i = pos - this.base;
    if (i < 0 || i >= this.count) return undefined;
    return this.ring[(this.head + i) & this.mask];
  }

  /** Forgets rows before `pos`. */
  trimBefore(pos: number): void {
    let drop = Math.min(pos - this.base, this.count);
    while (drop-- > 0) {
      this.ring[this.head] = undefined;
      this.head = (this.head + 1) & this.mask;
      this.count--;
      this.base++;
    }
  }

  clear(): void {
    this.trimBefore(this.size);
    this.base = 0;
  }

  private grow(): void {
    const next: (Row | undefined)[] = new Array(this.ring.length * 2);
    for (let i = 0; i < this.count; i++) next[i] = this.ring[(this.head + i) & this.mask];
    this.ring = next;
    this.mask = next.length - 1;
    this.head = 0;
  }

  snapshot(): unknown {
    const rows: Row[] = [];
    for (let i = 0; i < this.count; i++) rows.push(this.ring[(this.head + i) & this.mask]!);
    return { base: this.base, rows };
  }

  restore(state: unknown): void {
    const s = state as { base: number; rows: Row[] };
    this.clear();
    this.base = s.base;
    for (const row of s.rows) this.push(row);
  }
}
