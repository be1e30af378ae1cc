import fc from 'fast-check';
import type { Row } from '../types/values';
import { expandPermute } from '../plan/logical/match-recognize-pattern';
import { afterMatchSkip } from '../exec/streaming/match-recognize/after-match/after-match-skip';
import { compileNfa } from '../exec/streaming/match-recognize/compiler/nfa-compiler';
import type { MatchEvaluator } from '../exec/streaming/match-recognize/expr/compile-match-expr';
import type { MatchContext } from '../exec/streaming/match-recognize/expr/match-context';
import type { MatchProgram } from '../exec/streaming/match-recognize/match-program';
import type { PatternNode, RowsPerMatch, SkipSpec } from '../exec/streaming/match-recognize/match-spec';
import { NfaRunner } from '../exec/streaming/match-recognize/nfa/nfa-runner';
import { ThreadSubsumption } from '../exec/streaming/match-recognize/nfa/thread-subsumption';
import { MatchBuffer } from '../exec/streaming/match-recognize/shared-buffer/buffer-node';
import type { ReferenceEvent } from './match-recognize-reference';

/**
 * Shared by the matcher specs: random patterns, rows and DEFINE conditions, and a MatchProgram
 * whose "output" records decided matches as events comparable with the reference matcher's.
 * Rows are [index, value, timeMs].
 */
export const VARIABLES = ['A', 'B', 'C'];

export type ConditionKind = 'any' | 'eq' | 'lt' | 'ne' | 'up' | 'geLastOf' | 'countAtMost' | 'firstParity' | 'matchNumberParity';
export interface Condition {
  readonly kind: ConditionKind;
  readonly k: number;
  readonly other: number;
}

const HISTORY_FREE: readonly ConditionKind[] = ['any', 'eq', 'lt', 'ne', 'up'];

export function isHistoryFree(conditions: readonly Condition[]): boolean {
  return conditions.every((c) => HISTORY_FREE.includes(c.kind));
}

const value = (row: Row | undefined) => row?.[1] as number;

/** A DEFINE condition of `kind` for variable `v`, written against the MatchContext API. */
export function condition(c: Condition, v: number): MatchEvaluator | undefined {
  const mask = (x: number) => Uint8Array.from(VARIABLES, (_, i) => (i === x ? 1 : 0));
  const own = mask(v);
  const other = mask(c.other);
  switch (c.kind) {
    case 'any':
      return undefined;
    case 'eq':
      return (ctx) => value(ctx.currentRow) === c.k;
    case 'lt':
      return (ctx) => value(ctx.currentRow) < c.k;
    case 'ne':
      return (ctx) => value(ctx.currentRow) !== c.k;
    case 'up':
      return (ctx) => ctx.rowAt(ctx.currentPos - 1) !== undefined && value(ctx.currentRow) > value(ctx.rowAt(ctx.currentPos - 1));
    case 'geLastOf':
      return (ctx) => {
        const pos = ctx.locate(other, true, 0, false);
        return pos < 0 || value(ctx.currentRow) >= value(ctx.rowAt(pos));
      };
    case 'countAtMost':
      return (ctx: MatchContext) => {
        let n = 0;
        ctx.forEachRow(own, false, () => n++);
        return n <= c.k;
      };
    case 'firstParity':
      return (ctx) => value(ctx.rowAt(ctx.locate(null, false, 0, false))) % 2 === value(ctx.currentRow) % 2;
    case 'matchNumberParity':
      return (ctx) => ctx.matchNumber % 2 === value(ctx.currentRow) % 2;
  }
}

export interface Scenario {
  readonly pattern: PatternNode;
  readonly conditions: readonly Condition[];
  readonly skip: SkipSpec;
  readonly rowsPerMatch: RowsPerMatch;
  readonly withinMs?: number;
  readonly rows: Row[];
}

export function buildProgram(s: Scenario, sequential: boolean): MatchProgram {
  const defines = s.conditions.map((c, v) => condition(c, v));
  const nfa = compileNfa(s.pattern);
  return {
    variables: VARIABLES,
    runner: new NfaRunner(nfa, defines, isHistoryFree(s.conditions)),
    skip: afterMatchSkip(s.skip, VARIABLES.length),
    withinMs: s.withinMs,
    isSequential: sequential,
    lookback: 1,
    lookahead: 0,
    keepsIdlePartitions: true,
    rowsPerMatch: s.rowsPerMatch,
    output: {
      match: (_rows, _keys, m, matchNumber, start, emit) =>
        emit([{ kind: 'match', start, matchNumber, positions: [...m.positions.subarray(0, m.length)], variables: [...m.variables.subarray(0, m.length)], excluded: [...m.excluded.subarray(0, m.length)].map((x) => x === 1) }]),
      unmatched: (row, emit) => emit([{ kind: 'unmatched', pos: row[0] }]),
    },
    partitionKeys: [],
    orderKeys: [],
    timeOf: (row) => row[2] as number,
    scratch: new MatchBuffer(),
    subsumption: isHistoryFree(s.conditions) && !sequential && s.skip.kind === 'pastLastRow' && s.withinMs === undefined ? new ThreadSubsumption(nfa.kind.length) : undefined,
  };
}

export const eventOf = (row: Row) => row[0] as ReferenceEvent;

const patternArb: fc.Arbitrary<PatternNode> = fc.letrec<{ node: PatternNode }>((tie) => ({
  node: fc.oneof(
    { depthSize: 'small', maxDepth: 3 },
    { weight: 6, arbitrary: fc.integer({ min: 0, max: 2 }).map((v): PatternNode => ({ kind: 'var', v })) },
    { weight: 2, arbitrary: fc.array(tie('node'), { minLength: 2, maxLength: 3 }).map((items): PatternNode => ({ kind: 'seq', items })) },
    { weight: 2, arbitrary: fc.array(tie('node'), { minLength: 2, maxLength: 3 }).map((options): PatternNode => ({ kind: 'alt', options })) },
    {
      weight: 3,
      arbitrary: fc
        .tuple(tie('node'), fc.integer({ min: 0, max: 2 }), fc.constantFrom(0, 1, 2, Infinity), fc.boolean())
        .map(([body, min, extra, reluctant]): PatternNode => ({ kind: 'quant', body, min, max: min + extra, reluctant })),
    },
    { weight: 1, arbitrary: fc.array(tie('node'), { minLength: 2, maxLength: 3 }).map((items) => expandPermute(items)) },
    { weight: 1, arbitrary: tie('node').map((body): PatternNode => ({ kind: 'exclude', body })) },
    { weight: 1, arbitrary: fc.constantFrom<PatternNode>({ kind: 'anchor', which: 'start' }, { kind: 'anchor', which: 'end' }, { kind: 'empty' }) },
  ),
})).node;

/** 'any' and permissive thresholds are drawn often enough that most scenarios have multi-row matches. */
const conditionArb = (kinds: readonly ConditionKind[]): fc.Arbitrary<Condition> =>
  fc.record({
    kind: fc.oneof({ weight: 1, arbitrary: fc.constantFrom(...kinds) }, { weight: 1, arbitrary: fc.constantFrom<ConditionKind>('any', 'ne', 'countAtMost') }).map((k) => (kinds.includes(k) ? k : kinds[0])),
    k: fc.integer({ min: 1, max: 4 }),
    other: fc.integer({ min: 0, max: 2 }),
  });

const skipArb: fc.Arbitrary<SkipSpec> = fc.oneof(
  { weight: 2, arbitrary: fc.constant<SkipSpec>({ kind: 'pastLastRow' }) },
  { weight: 2, arbitrary: fc.constant<SkipSpec>({ kind: 'toNextRow' }) },
  {
    weight: 1,
    arbitrary: fc
      .tuple(fc.constantFrom<'toFirst' | 'toLast'>('toFirst', 'toLast'), fc.uniqueArray(fc.integer({ min: 0, max: 2 }), { minLength: 1, maxLength: 2 }))
      .map(([kind, vars]): SkipSpec => ({ kind, vars, name: vars.map((v) => VARIABLES[v]).join('|') })),
  },
);

const rowsArb = fc.array(fc.tuple(fc.integer({ min: 0, max: 4 }), fc.integer({ min: 1, max: 6 })), { maxLength: 12 }).map((cells) => {
  let t = 0;
  return cells.map(([v, gap], i): Row => [i, v, (t += gap)]);
});

export function scenarioArb(kinds: readonly ConditionKind[]): fc.Arbitrary<Scenario> {
  return fc.record({
    pattern: fc.oneof(patternArb, fc.array(patternArb, { minLength: 2, maxLength: 4 }).map((items): PatternNode => ({ kind: 'seq', items }))),
    conditions: fc.array(conditionArb(kinds), { minLength: 3, maxLength: 3 }),
    skip: skipArb,
    rowsPerMatch: fc.constantFrom<RowsPerMatch>('one', 'allWithUnmatched'),
    withinMs: fc.option(fc.integer({ min: 0, max: 25 }), { nil: undefined }),
    rows: rowsArb,
  });
}

export const ALL_KINDS: readonly ConditionKind[] = ['any', 'eq', 'lt', 'ne', 'up', 'geLastOf', 'countAtMost', 'firstParity'];
