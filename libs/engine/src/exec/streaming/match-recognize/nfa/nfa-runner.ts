import type { Row } from '../../../../types/values';
import { ChainMatchContext } from '../expr/chain-match-context';
import type { MatchEvaluator } from '../expr/compile-match-expr';
import type { RowSource } from '../expr/match-context';
import { extend } from '../shared-buffer/buffer-node';
import { EpsilonClosure } from './epsilon-closure';
import { ANCHOR_END, CONSUME, type Nfa } from './nfa';
import { Attempt, NO_THREADS, type Thread } from './thread';
import type { ThreadSubsumption } from './thread-subsumption';

/**
 * Advances attempts by one row (Flink's NFA.process, as a priority-ordered Pike VM). Threads are
 * stepped in preference order; a thread whose closure reaches MATCH records the attempt's new
 * candidate and cuts every less preferred thread, so the candidate left when the last thread dies
 * is the most preferred match (SQL:2016 9.x: leftmost, then by preferment). The runner itself is
 * stateless between calls: all per-partition state is in the attempts (Flink's NFAState).
 */
const NO_ROWS: RowSource = { at: () => undefined };

export class NfaRunner {
  private readonly closure: EpsilonClosure;
  private readonly ctx = new ChainMatchContext();
  /** Attempts that died on their first row, reused by the next row of any partition. */
  private readonly pool: Attempt[] = [];

  constructor(
    private readonly nfa: Nfa,
    /** DEFINE per variable; undefined: the variable matches every row. */
    private readonly defines: readonly (MatchEvaluator | undefined)[],
    isHistoryFree: boolean,
  ) {
    this.closure = new EpsilonClosure(nfa, isHistoryFree);
  }

  /** A new attempt starting at `start` (from the pool when one is free). */
  attemptAt(start: number, startTs: number): Attempt {
    const a = this.pool.pop();
    if (a === undefined) return new Attempt(start, startTs);
    a.reset(start, startTs);
    return a;
  }

  /** Takes back an attempt nobody references any more. */
  recycle(a: Attempt): void {
    if (this.pool.length < 16) this.pool.push(a);
  }

  /**
   * True when an attempt starting at `row` certainly dies on it without a match: no consuming
   * state of the initial closure accepts the row (and that closure cannot match empty). Lets a
   * partition with no state skip such rows without building anything.
   */
  startsNothing(row: Row): boolean {
    const first = this.closure.fixedAt(this.nfa.start);
    if (first === undefined) return false;
    for (let i = 0; i < first.length; i++) {
      const s = first[i];
      if (s < 0 || this.nfa.kind[s] !== CONSUME) return false;
      const v = this.nfa.variable[s];
      const define = this.defines[v];
      if (define === undefined) return false;
      this.ctx.reset(NO_ROWS, row, 0, null, v, 1);
      if (define(this.ctx) === true) return false;
    }
    return true;
  }

  /** Starts `attempt` before the row at `pos`: the initial closure (may already match empty). */
  begin(attempt: Attempt): void {
    const threads: Thread[] = [];
    if (this.closure.run(this.nfa.start, null, null, attempt.start, false, threads)) {
      attempt.hasCandidate = true;
      attempt.candidate = null;
    }
    attempt.threads = threads;
  }

  /**
   * begin + advance for an attempt at the row at its start, without building the initial threads
   * when the initial closure is precomputed (one attempt starts at every row, so this is hot).
   */
  beginAt(attempt: Attempt, rows: RowSource, row: Row, matchNumber: number, head?: ThreadSubsumption): void {
    const first = this.closure.fixedAt(this.nfa.start);
    if (first === undefined) {
      this.begin(attempt);
      this.advance(attempt, rows, row, attempt.start, matchNumber);
      return;
    }
    const nfa = this.nfa;
    const pos = attempt.start;
    let next: Thread[] = NO_THREADS;
    for (let i = 0; i < first.length; i++) {
      const s = first[i];
      if (s < 0) {
        // The initial closure reaches MATCH before any less preferred consuming state: empty match.
        attempt.hasCandidate = true;
        attempt.candidate = null;
        break;
      }
      if (nfa.kind[s] !== CONSUME) continue;
      const v = nfa.variable[s];
      const define = this.defines[v];
      if (define !== undefined) {
        this.ctx.reset(rows, row, pos, null, v, matchNumber);
        if (define(this.ctx) !== true) continue;
      }
      if (head !== undefined && this.isCovered(nfa.next[s], head)) continue;
      if (next === NO_THREADS) next = [];
      const node = extend(null, pos, pos, v, nfa.excluded[s]);
      if (this.closure.run(nfa.next[s], null, node, pos + 1, false, next)) {
        attempt.hasCandidate = true;
        attempt.candidate = node;
        break;
      }
    }
    attempt.threads = next;
  }

  /** Every state the closure of `state` leads to is already held by the head attempt (and it cannot match). */
  private isCovered(state: number, head: ThreadSubsumption): boolean {
    const succ = this.closure.fixedAt(state);
    if (succ === undefined) return false;
    for (let i = 0; i < succ.length; i++) if (succ[i] < 0 || !head.covers(succ[i])) return false;
    return true;
  }

  /** Offers the row at `pos` to every thread of `attempt`. */
  advance(attempt: Attempt, rows: RowSource, row: Row, pos: number, matchNumber: number): void {
    const nfa = this.nfa;
    const old = attempt.threads;
    let next: Thread[] = NO_THREADS;
    for (let i = 0; i < old.length; i++) {
      const t = old[i];
      const s = t.state;
      if (nfa.kind[s] !== CONSUME) continue;
      const v = nfa.variable[s];
      const define = this.defines[v];
      if (define !== undefined) {
        this.ctx.reset(rows, row, pos, t.node, v, matchNumber);
        if (define(this.ctx) !== true) continue;
      }
      if (next === NO_THREADS) next = [];
      const node = extend(t.node, attempt.start, pos, v, nfa.excluded[s]);
      if (this.closure.run(nfa.next[s], t.counters, node, pos + 1, false, next)) {
        attempt.hasCandidate = true;
        attempt.candidate = node;
        break;
      }
    }
    attempt.threads = next;
  }

  /** WITHIN ran out: no thread may take another row; one waiting only for `$` may still complete at the end. */
  expire(attempt: Attempt): void {
    const waiting = attempt.threads.filter((t) => this.nfa.kind[t.state] === ANCHOR_END);
    attempt.threads = waiting.length > 0 ? waiting : NO_THREADS;
    attempt.isExpired = true;
  }

  /** End of the partition: threads waiting at `$` may complete, every other thread dies. */
  finish(attempt: Attempt, pos: number): void {
    const none: Thread[] = [];
    for (const t of attempt.threads) {
      if (this.nfa.kind[t.state] !== ANCHOR_END) continue;
      if (this.closure.run(this.nfa.next[t.state], t.counters, t.node, pos, true, none, t.optional)) {
        attempt.hasCandidate = true;
        attempt.candidate = t.node;
        break;
      }
    }
    attempt.threads = NO_THREADS;
  }
}
