import type { Row } from '../../../../types/values';
import { ChainMatchContext } from '../expr/chain-match-context';
import type { MatchEvaluator } from '../expr/compile-match-expr';
import type { RowSource } from '../expr/match-context';
import { extend } from '../shared-buffer/buffer-node';
import { EpsilonClosure } from './epsilon-closure';
import { ANCHOR_END, CONSUME, type Nfa } from './nfa';
import type { Attempt, Thread } from './thread';

/**
 * Advances attempts by one row (Flink's NFA.process, as a priority-ordered Pike VM). Threads are
 * stepped in preference order; a thread whose closure reaches MATCH records the attempt's new
 * candidate and cuts every less preferred thread, so the candidate left when the last thread dies
 * is the most preferred match (SQL:2016 9.x: leftmost, then by preferment). The runner itself is
 * stateless between calls: all per-partition state is in the attempts (Flink's NFAState).
 */
export class NfaRunner {
  private readonly closure: EpsilonClosure;
  private readonly ctx = new ChainMatchContext();
  private spare: Thread[] = [];

  constructor(
    private readonly nfa: Nfa,
    /** DEFINE per variable; undefined: the variable matches every row. */
    private readonly defines: readonly (MatchEvaluator | undefined)[],
    isHistoryFree: boolean,
  ) {
    this.closure = new EpsilonClosure(nfa, isHistoryFree);
  }

  /** Starts `attempt` before the row at `pos`: the initial closure (may already match empty). */
  begin(attempt: Attempt): void {
    const threads = attempt.threads;
    threads.length = 0;
    if (this.closure.run(this.nfa.start, null, null, attempt.start, false, threads)) {
      attempt.hasCandidate = true;
      attempt.candidate = null;
    }
    attempt.threads = threads;
  }

  /** Offers the row at `pos` to every thread of `attempt`. */
  advance(attempt: Attempt, rows: RowSource, row: Row, pos: number, matchNumber: number): void {
    const nfa = this.nfa;
    const old = attempt.threads;
    const next = this.spare;
    next.length = 0;
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
      const node = extend(t.node, pos, v, nfa.excluded[s]);
      if (this.closure.run(nfa.next[s], t.counters, node, pos + 1, false, next)) {
        attempt.hasCandidate = true;
        attempt.candidate = node;
        break;
      }
    }
    this.spare = old;
    old.length = 0;
    attempt.threads = next;
  }

  /** WITHIN ran out: no thread may take another row; one waiting only for `$` may still complete at the end. */
  expire(attempt: Attempt): void {
    attempt.threads = attempt.threads.filter((t) => this.nfa.kind[t.state] === ANCHOR_END);
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
    attempt.threads = [];
  }
}
