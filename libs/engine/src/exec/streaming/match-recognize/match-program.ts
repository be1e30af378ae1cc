import { compileExpr, type CompiledExpr } from '../../../expr/compile-expr';
import { comparatorFor, type Row } from '../../../types/values';
import type { CompiledSortKey } from '../../operators/sort.operator';
import { afterMatchSkip } from './after-match/after-match-skip';
import type { AfterMatchSkipStrategy } from './after-match/after-match-skip-strategy';
import { compileNfa } from './compiler/nfa-compiler';
import { compileMatchExpr } from './expr/compile-match-expr';
import { MatchOutput, type MatchRowsBuilder } from './match-output';
import { isHistoryDependent, type MatchExprSpec, type MatchRecognizeSpec, type PatternNode } from './match-spec';
import { NfaRunner } from './nfa/nfa-runner';
import { ThreadSubsumption } from './nfa/thread-subsumption';
import { MatchBuffer } from './shared-buffer/buffer-node';

/**
 * A MATCH_RECOGNIZE clause compiled once per query: the automaton, its conditions and measures,
 * and the constants that bound per-partition state. Immutable and shared by every partition
 * (Flink's NFA next to per-key NFAState).
 */
export interface MatchProgram {
  readonly variables: readonly string[];
  readonly runner: NfaRunner;
  readonly skip: AfterMatchSkipStrategy;
  readonly withinMs?: number;
  /**
   * MATCH_NUMBER() in DEFINE makes a condition depend on earlier matches, so attempts cannot run
   * ahead speculatively: one attempt at a time, replaying kept rows after each decision.
   */
  readonly isSequential: boolean;
  /** Rows before an attempt's first row that PREV can reach. */
  readonly lookback: number;
  /** Rows after a match's last row that NEXT (in MEASURES) can reach: output waits for them. */
  readonly lookahead: number;
  /** MATCH_NUMBER(), `^` or PREV make a partition's state outlive its partial matches. */
  readonly keepsIdlePartitions: boolean;
  readonly output: MatchRowsBuilder;
  readonly rowsPerMatch: MatchRecognizeSpec['rowsPerMatch'];
  readonly partitionKeys: readonly CompiledExpr[];
  readonly orderKeys: readonly CompiledSortKey[];
  /** Event time of a row (0 without a time column). */
  readonly timeOf: (row: Row) => number;
  /** Where a decided match is copied to be skipped over and output (scratch, not state). */
  readonly scratch: MatchBuffer;
  /** Set when later attempts' threads may be pruned against the head attempt (see ThreadSubsumption). */
  readonly subsumption?: ThreadSubsumption;
}

export function compileMatchProgram(spec: MatchRecognizeSpec): MatchProgram {
  const n = spec.variables.length;
  const options = { variables: spec.variables, dialect: spec.dialect, timeIndex: spec.timeIndex };
  const defines = spec.defines.map((d, v) => (d ? compileMatchExpr(d, { ...options, definedVar: v }) : undefined));
  const isHistoryFree = spec.defines.every((d, v) => !d || d.slots.every((s) => !isHistoryDependent(s, v)));
  const all = [...spec.defines.filter((d): d is MatchExprSpec => d !== undefined), ...spec.measures];
  const physical = all.flatMap((e) => e.slots.map((s) => (s.kind === 'nav' ? s.nav.physical : 0)));
  const usesMatchNumber = all.some((e) => e.slots.some((s) => s.kind === 'matchNumber'));
  const timeIndex = spec.timeIndex;
  const lookback = Math.max(0, ...physical.map((p) => -p));
  const nfa = compileNfa(spec.pattern);
  const isSequential = spec.defines.some((d) => d?.slots.some((s) => s.kind === 'matchNumber'));
  const subsumes = isHistoryFree && !isSequential && spec.afterMatchSkip.kind === 'pastLastRow' && spec.withinMs === undefined;
  return {
    variables: spec.variables,
    runner: new NfaRunner(nfa, defines, isHistoryFree),
    skip: afterMatchSkip(spec.afterMatchSkip, n),
    withinMs: spec.withinMs,
    isSequential,
    lookback,
    lookahead: Math.max(0, ...physical),
    keepsIdlePartitions: usesMatchNumber || lookback > 0 || hasStartAnchor(spec.pattern),
    output: new MatchOutput(spec.rowsPerMatch, spec.measures.map((m) => compileMatchExpr(m, options))),
    rowsPerMatch: spec.rowsPerMatch,
    partitionKeys: spec.partitionKeys.map((k) => compileExpr(k)),
    orderKeys: spec.orderKeys.map((k) => ({ value: compileExpr(k.expr), compare: comparatorFor(k.expr.type), descending: k.descending, nullsFirst: k.nullsFirst })),
    timeOf: timeIndex === undefined ? () => 0 : (row) => row[timeIndex] as number,
    scratch: new MatchBuffer(),
    subsumption: subsumes ? new ThreadSubsumption(nfa.kind.length) : undefined,
  };
}

function hasStartAnchor(p: PatternNode): boolean {
  switch (p.kind) {
    case 'anchor':
      return p.which === 'start';
    case 'seq':
      return p.items.some(hasStartAnchor);
    case 'alt':
      return p.options.some(hasStartAnchor);
    case 'quant':
    case 'exclude':
      return hasStartAnchor(p.body);
    default:
      return false;
  }
}
