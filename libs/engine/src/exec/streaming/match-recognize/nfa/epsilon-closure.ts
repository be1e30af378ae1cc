import type { BufferNode } from '../shared-buffer/buffer-node';
import { ANCHOR_END, ANCHOR_START, CONSUME, LOOP_CHECK, LOOP_END, LOOP_ENTER, MATCH, SPLIT, type Nfa } from './nfa';
import { sameCounters, Thread } from './thread';

/**
 * Follows epsilon transitions from `state` depth-first in preference order (a Pike VM's addthread,
 * Flink's NFA.computeNextStates) and appends the row-consuming states it reaches to `out`, most
 * preferred first. Returns true as soon as MATCH is reached: every path explored after that one
 * would be less preferred, so the caller stops. `pos` is the position of the next row.
 *
 * Empty iterations: `optional` has bit L set while an optional iteration of counted loop L runs
 * without having consumed a row; reaching its LOOP_END then fails, exactly as ECMAScript's
 * RepeatMatcher rejects an empty iteration once the minimum is met. This also bounds the search.
 */
export class EpsilonClosure {
  /**
   * Closures that depend on nothing but the state (no counted loop, no anchor on the way): the
   * consuming states in preference order, -1 standing for MATCH. Precomputed once, so the common
   * `A B+ C` or `A X*? B` step is a table walk.
   */
  private readonly fixed: (Int32Array | undefined)[];

  constructor(
    private readonly nfa: Nfa,
    /** Dedupe against the whole output list (conditions ignore history), not only this closure's part. */
    private readonly isHistoryFree: boolean,
  ) {
    this.fixed = nfa.kind.map((_, s) => (isFixed(nfa, s, new Set()) ? this.precompute(s) : undefined));
  }

  /** The precomputed closure of `state` (consuming states, -1 for MATCH), if it has one. */
  fixedAt(state: number): Int32Array | undefined {
    return this.fixed[state];
  }

  /** Appends threads for the states reachable from `state`; true when MATCH was reached. */
  run(state: number, counters: readonly number[] | null, node: BufferNode | null, pos: number, atEnd: boolean, out: Thread[], optional = 0): boolean {
    const from = this.isHistoryFree ? 0 : out.length;
    const fixed = atEnd ? undefined : this.fixed[state];
    if (fixed === undefined) return this.visit(state, counters, optional, node, pos, atEnd, out, from);
    for (let i = 0; i < fixed.length; i++) {
      const s = fixed[i];
      if (s < 0) return true;
      emit(s, counters, node, out, from, 0);
    }
    return false;
  }

  private precompute(state: number): Int32Array {
    const out: Thread[] = [];
    const matched = this.visit(state, null, 0, null, 1, false, out, 0);
    return Int32Array.from([...out.map((t) => t.state), ...(matched ? [-1] : [])]);
  }

  private visit(s: number, counters: readonly number[] | null, optional: number, node: BufferNode | null, pos: number, atEnd: boolean, out: Thread[], from: number): boolean {
    const nfa = this.nfa;
    switch (nfa.kind[s]) {
      case CONSUME:
        if (!atEnd) emit(s, counters, node, out, from, 0);
        return false;
      case SPLIT:
        return this.visit(nfa.next[s], counters, optional, node, pos, atEnd, out, from) || this.visit(nfa.alt[s], counters, optional, node, pos, atEnd, out, from);
      case LOOP_ENTER:
        return this.visit(nfa.next[s], withCounter(counters, nfa.loop[s], 0, nfa.loopCount), optional, node, pos, atEnd, out, from);
      case LOOP_CHECK:
        return this.loopCheck(s, counters!, optional, node, pos, atEnd, out, from);
      case LOOP_END:
        if ((optional & (1 << nfa.loop[s])) !== 0) return false;
        return this.visit(nfa.next[s], counters, optional, node, pos, atEnd, out, from);
      case ANCHOR_START:
        return pos === 0 && this.visit(nfa.next[s], counters, optional, node, pos, atEnd, out, from);
      case ANCHOR_END:
        if (atEnd) return this.visit(nfa.next[s], counters, optional, node, pos, atEnd, out, from);
        emit(s, counters, node, out, from, optional);
        return false;
      case MATCH:
        return true;
    }
    return false;
  }

  private loopCheck(s: number, counters: readonly number[], optional: number, node: BufferNode | null, pos: number, atEnd: boolean, out: Thread[], from: number): boolean {
    const nfa = this.nfa;
    const loop = nfa.loop[s];
    const min = nfa.min[s];
    const max = nfa.max[s];
    const count = counters[loop];
    const canExit = count >= min;
    const iterate = (): boolean => {
      if (count >= max) return false;
      // Unbounded loops only need to know whether the minimum is reached: the counter saturates.
      const next = max === Infinity ? Math.min(count + 1, min) : count + 1;
      const bit = 1 << loop;
      return this.visit(nfa.next[s], withCounter(counters, loop, next, nfa.loopCount), canExit ? optional | bit : optional & ~bit, node, pos, atEnd, out, from);
    };
    const exit = (): boolean => canExit && this.visit(nfa.alt[s], counters, optional, node, pos, atEnd, out, from);
    if (!canExit) return iterate();
    return nfa.greedy[s] ? iterate() || exit() : exit() || iterate();
  }
}

/** Only SPLITs between `s` and the next consuming states or MATCH. */
function isFixed(nfa: Nfa, s: number, seen: Set<number>): boolean {
  if (seen.has(s)) return true;
  seen.add(s);
  switch (nfa.kind[s]) {
    case CONSUME:
    case MATCH:
      return true;
    case SPLIT:
      return isFixed(nfa, nfa.next[s], seen) && isFixed(nfa, nfa.alt[s], seen);
    default:
      return false;
  }
}

function emit(s: number, counters: readonly number[] | null, node: BufferNode | null, out: Thread[], from: number, optional: number): void {
  for (let i = from; i < out.length; i++) {
    const t = out[i];
    if (t.state === s && t.optional === optional && (t.counters === counters || sameCounters(t.counters, counters))) return;
  }
  out.push(new Thread(s, counters, node, optional));
}

function withCounter(counters: readonly number[] | null, loop: number, value: number, loopCount: number): readonly number[] {
  if (counters !== null && counters[loop] === value) return counters;
  const copy = counters ? counters.slice() : new Array<number>(loopCount).fill(0);
  copy[loop] = value;
  return copy;
}
