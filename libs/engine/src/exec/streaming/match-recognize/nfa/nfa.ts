/**
 * The compiled, immutable automaton of a row pattern (Flink's NFA built by NFACompiler; state per
 * key lives elsewhere, as Flink keeps it in NFAState). States are numbered; the arrays below are
 * indexed by state id. Epsilon states are ordered: the first target of a SPLIT is the preferred
 * one (SQL:2016 preferment: left alternatives first, greedy loops prefer another iteration), so a
 * priority-ordered breadth-first run finds the same match a backtracking matcher would.
 */
export interface Nfa {
  readonly kind: readonly number[];
  /** CONSUME/ANCHOR/LOOP_ENTER/LOOP_END: successor; SPLIT: preferred target; LOOP_CHECK: loop body. */
  readonly next: readonly number[];
  /** SPLIT: second target; LOOP_CHECK: exit target. */
  readonly alt: readonly number[];
  /** CONSUME: variable id. */
  readonly variable: readonly number[];
  /** CONSUME: the row is mapped inside {- -} and left out of ALL ROWS PER MATCH output. */
  readonly excluded: readonly boolean[];
  /** LOOP_*: loop id (index into a thread's counters). */
  readonly loop: readonly number[];
  readonly min: readonly number[];
  readonly max: readonly number[];
  readonly greedy: readonly boolean[];
  readonly start: number;
  readonly loopCount: number;
}

/** Waits for a row and maps it to `variable` when its DEFINE condition holds. */
export const CONSUME = 0;
/** Epsilon fork: `next` is preferred over `alt`. */
export const SPLIT = 1;
/** Enters a counted loop from outside: counter := 0. */
export const LOOP_ENTER = 2;
/** Decides between another iteration and leaving, by counter, bounds and greediness. */
export const LOOP_CHECK = 3;
/** End of one iteration; an optional iteration that consumed no row fails (ECMAScript RepeatMatcher rule). */
export const LOOP_END = 4;
/** `^`: only before the first row of the partition. */
export const ANCHOR_START = 5;
/** `$`: only after the last row of the partition (waits for the end of input). */
export const ANCHOR_END = 6;
export const MATCH = 7;
