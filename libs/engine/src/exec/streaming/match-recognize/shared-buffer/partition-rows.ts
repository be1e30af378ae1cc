import type { Row } from '../../../../types/values';

/**
 * The rows of one partition in ORDER BY order, addressed by absolute position (0 = first row the
 * partition ever saw). Only a window is kept: rows no partial match, pending output or PREV
 * navigation can still reach are trimmed from the front (Flink's SharedBuffer event store).
 */
export class PartitionRows {
  private rows: Row[] = [];
  private head = 0;
  /** Position of the oldest kept row. */
  private base = 0;

  /** Position the next row will get (= number of rows seen). */
  get size(): number {
    return this.base + this.rows.length - this.head;
  }

  /** Oldest position still kept. */
  get first(): number {
    return this.base;
  }

  get retained(): number {
    return this.rows.length - this.head;
  }

  push(row: Row): number {
    this.rows.push(row);
    return this.size - 1;
  }

  /** The row at `pos`, or undefined outside the partition (or already trimmed). */
  at(pos: number): Row | undefined {
    if (pos < this.base) return undefined;
    return this.rows[this.head + pos - this.base];
  }

  /** Forgets rows before `pos`. */
  trimBefore(pos: number): void {
    const drop = Math.min(pos, this.size) - this.base;
    if (drop <= 0) return;
    this.head += drop;
    this.base += drop;
    if (this.head >= 64 && this.head * 2 >= this.rows.length) {
      this.rows = this.rows.slice(this.head);
      this.head = 0;
    }
  }

  clear(): void {
    this.rows = [];
    this.head = 0;
    this.base = 0;
  }

  snapshot(): unknown {
    return { base: this.base, rows: this.rows.slice(this.head) };
  }

  restore(state: unknown): void {
    const s = state as { base: number; rows: Row[] };
    this.base = s.base;
    this.rows = s.rows;
    this.head = 0;
  }
}
