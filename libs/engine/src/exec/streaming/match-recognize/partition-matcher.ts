import type { Row } from '../../../types/values';
import type { MatchProgram } from './match-program';
import { Attempt, NO_THREADS } from './nfa/thread';
import type { BufferNode } from './shared-buffer/buffer-node';
import { PartitionRows } from './shared-buffer/partition-rows';

/** A decided match (or, WITH UNMATCHED ROWS, a row in no match) waiting to be output. */
export interface PendingOutput {
  readonly isMatch: boolean;
  /** Last node of the match (null: empty match or unmatched row). */
  readonly node: BufferNode | null;
  readonly matchNumber: number;
  readonly start: number;
  readonly last: number;
}

/**
 * Pattern matching in one partition (SQL:2016 9.x; per key as Flink's CepOperator + NFAState).
 * The standard tries a match at one row, takes the most preferred one, skips and tries again;
 * here an attempt starts at every row as it arrives and all run side by side over the shared
 * buffer, so no row is read twice. Attempts are decided strictly in row order: the first one
 * decides whether later ones count (AFTER MATCH SKIP drops those it skips), so a decided later
 * attempt waits for the earlier ones. The result equals the sequential definition.
 */
export class PartitionMatcher {
  readonly rows = new PartitionRows();
  attempts: Attempt[] = [];
  /** First position a match may start at (moved by AFTER MATCH SKIP). */
  nextStart = 0;
  matchNumber = 0;
  /** Last position inside some non-empty match (rows up to it are not "unmatched"). */
  coveredUpTo = -1;
  isFinished = false;
  /** Outputs decided but not yet emitted (waiting for NEXT rows or behind another); null when none. */
  pending: PendingOutput[] | null = null;
  /** Time of this partition's WITHIN timer, +Infinity when none is set (kept by the operator). */
  timerMs = Infinity;

  constructor(
    private readonly program: MatchProgram,
    public keyValues: readonly unknown[],
    private readonly emit: (row: Row) => void,
  ) {}

  /** The next row of the partition in ORDER BY order, with its event time. */
  push(row: Row, timeMs: number): void {
    const p = this.program;
    const pos = this.rows.push(row);
    const attempts = this.attempts;
    for (let i = 0; i < attempts.length; i++) this.step(attempts[i], row, pos, timeMs);
    const subsumption = p.subsumption;
    if (subsumption !== undefined && attempts.length > 1 && attempts[0].isLive) {
      subsumption.begin(attempts[0]);
      for (let i = 1; i < attempts.length; i++) subsumption.filter(attempts[i]);
    }
    if (!p.isSequential) this.startAt(row, pos, timeMs);
    if (this.attempts.length > 0 || this.pending !== null || p.isSequential) this.settle();
    else this.rows.trimBefore(pos + 1 - p.lookback);
  }

  /** Starts the attempt at the new row and feeds it that row; most die at once and are recycled. */
  private startAt(row: Row, pos: number, timeMs: number): void {
    const runner = this.program.runner;
    const a = runner.attemptAt(pos, timeMs);
    const subsumption = this.program.subsumption;
    const head = subsumption !== undefined && this.attempts.length > 0 && this.attempts[0].isLive ? subsumption : undefined;
    if (head !== undefined) head.begin(this.attempts[0]);
    runner.beginAt(a, this.rows, row, this.matchNumber + 1, head);
    if (head !== undefined) head.filter(a);
    if (a.isLive || a.hasCandidate || this.program.rowsPerMatch === 'allWithUnmatched') {
      this.attempts.push(a);
      return;
    }
    // No match starts here: nothing to decide later (its row shows nowhere).
    if (this.attempts.length === 0) this.nextStart = pos + 1;
    runner.recycle(a);
  }

  /** Event time reached `watermarkMs`: partial matches that can no longer stay WITHIN their span are dropped. */
  expire(watermarkMs: number): void {
    const within = this.program.withinMs;
    if (within === undefined) return;
    let changed = false;
    for (const a of this.attempts) {
      if (watermarkMs - a.startTs < within) break;
      if (a.isLive && !a.isExpired) {
        this.program.runner.expire(a);
        changed = true;
      }
    }
    if (changed) this.settle();
  }

  /** End of input: every partial match ends (`$` may still complete), every attempt is decided. */
  finish(): void {
    this.isFinished = true;
    for (const a of this.attempts) if (a.isLive) this.program.runner.finish(a, this.rows.size);
    this.settle();
  }

  /** Forgets everything, to serve another partition (the operator recycles empty matchers). */
  reset(keyValues: readonly unknown[]): void {
    this.keyValues = keyValues;
    this.rows.clear();
    if (this.attempts.length > 0) this.attempts = [];
    this.nextStart = 0;
    this.matchNumber = 0;
    this.coveredUpTo = -1;
    this.isFinished = false;
    this.pending = null;
    this.timerMs = Infinity;
  }

  get hasState(): boolean {
    return this.attempts.length > 0 || this.pending !== null;
  }

  /** Event time of the oldest attempt still running, for WITHIN timers. */
  get earliestLiveStartMs(): number {
    for (const a of this.attempts) if (a.isLive && !a.isExpired) return a.startTs;
    return Infinity;
  }

  get partialMatches(): number {
    let n = this.pending?.length ?? 0;
    for (const a of this.attempts) n += a.threads.length + (a.hasCandidate ? 1 : 0);
    return n;
  }

  private step(a: Attempt, row: Row, pos: number, timeMs: number): void {
    if (!a.isLive) return;
    const within = this.program.withinMs;
    if (within !== undefined && timeMs - a.startTs > within) a.threads = NO_THREADS;
    else this.program.runner.advance(a, this.rows, row, pos, this.matchNumber + 1);
  }

  /** Decides finished attempts in row order, outputs what can be output, frees unreachable rows. */
  settle(): void {
    for (;;) {
      this.decideHead();
      if (!this.program.isSequential || this.attempts.length > 0 || this.nextStart >= this.rows.size) break;
      this.replayFrom(this.nextStart);
    }
    if (this.pending !== null) this.flush();
    this.trim();
  }

  private decideHead(): void {
    while (this.attempts.length > 0 && !this.attempts[0].isLive) {
      const a = this.attempts.shift()!;
      if (a.start < this.nextStart) this.runner.recycle(a);
      else if (a.hasCandidate) this.accept(a);
      else {
        if (this.program.rowsPerMatch === 'allWithUnmatched' && a.start > this.coveredUpTo) (this.pending ??= []).push({ isMatch: false, node: null, matchNumber: 0, start: a.start, last: a.start });
        this.nextStart = a.start + 1;
        this.runner.recycle(a);
      }
    }
  }

  private accept(a: Attempt): void {
    const node = a.candidate;
    const last = node ? node.pos : a.start;
    this.matchNumber++;
    if (node) this.coveredUpTo = Math.max(this.coveredUpTo, last);
    // After an empty match matching resumes at the next row, whatever the SKIP clause says.
    this.nextStart = node ? this.program.skip.nextStart(node, a.start, this.program.scratch) : a.start + 1;
    while (this.attempts.length > 0 && this.attempts[0].start < this.nextStart) this.runner.recycle(this.attempts.shift()!);
    const p = this.program;
    if (this.pending === null && (p.lookahead === 0 || this.isFinished)) p.output.match(this.rows, this.keyValues, p.scratch.fill(node), this.matchNumber, a.start, this.emit);
    else (this.pending ??= []).push({ isMatch: true, node, matchNumber: this.matchNumber, start: a.start, last });
    this.runner.recycle(a);
  }

  private get runner() {
    return this.program.runner;
  }

  /** Sequential mode: one attempt from `start`, fed the kept rows until it is decided. */
  private replayFrom(start: number): void {
    const p = this.program;
    const a = new Attempt(start, p.timeOf(this.rows.at(start)!));
    p.runner.begin(a);
    this.attempts.push(a);
    for (let pos = start; pos < this.rows.size && a.isLive; pos++) {
      const row = this.rows.at(pos)!;
      this.step(a, row, pos, p.timeOf(row));
    }
    if (this.isFinished && a.isLive) p.runner.finish(a, this.rows.size);
  }

  private flush(): void {
    const p = this.program;
    const pending = this.pending!;
    while (pending.length > 0) {
      const o = pending[0];
      if (p.lookahead > 0 && !this.isFinished && this.rows.size - 1 < o.last + p.lookahead) return;
      pending.shift();
      if (o.isMatch) p.output.match(this.rows, this.keyValues, p.scratch.fill(o.node), o.matchNumber, o.start, this.emit);
      else p.output.unmatched(this.rows.at(o.start)!, this.emit);
    }
    this.pending = null;
  }

  private trim(): void {
    let floor = this.rows.size;
    if (this.attempts.length > 0) floor = Math.min(floor, this.attempts[0].start);
    if (this.pending !== null) floor = Math.min(floor, this.pending[0].start);
    if (this.program.isSequential) floor = Math.min(floor, this.nextStart);
    this.rows.trimBefore(floor - this.program.lookback);
  }
}
