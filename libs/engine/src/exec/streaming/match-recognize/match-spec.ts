import type { SourcePosition } from '@sluice/contracts';
import type { BoundExpr } from '../../../expr/bound-expr';
import type { Dialect } from '../../../expr/functions/function-spec';
import type { SqlType } from '../../../types/sql-type';

/**
 * What the planner hands the MATCH_RECOGNIZE runtime: plain data (BoundExprs, numbers), no SQL
 * text and no AST, so exec/ stays below plan/. Pattern variables are numbered 0..n-1 in order of
 * first appearance in PATTERN; SUBSET (union) variables are expanded to member lists here.
 */
export interface MatchRecognizeSpec {
  readonly dialect: Dialect;
  readonly variables: readonly string[];
  readonly partitionKeys: readonly BoundExpr[];
  readonly orderKeys: readonly MatchOrderKey[];
  /** Index of the ORDER BY time column in the input row (WITHIN, MATCH_ROWTIME, event-time sort). */
  readonly timeIndex?: number;
  /** Streaming: 'rowtime' sorts rows by event time and releases them on watermarks; 'proctime' keeps arrival order. */
  readonly timeAttribute?: 'rowtime' | 'proctime';
  readonly pattern: PatternNode;
  /** DEFINE condition per variable; undefined = TRUE (SQL:2016: an undefined variable matches every row). */
  readonly defines: readonly (MatchExprSpec | undefined)[];
  readonly measures: readonly MatchExprSpec[];
  readonly rowsPerMatch: RowsPerMatch;
  readonly afterMatchSkip: SkipSpec;
  /** Flink's WITHIN: a match spans at most this many milliseconds (first to last row, inclusive). */
  readonly withinMs?: number;
  readonly inputWidth: number;
  /** Position of MATCH_RECOGNIZE in the SQL text, for errors raised while planning execution. */
  readonly pos?: SourcePosition;
}

export interface MatchOrderKey {
  readonly expr: BoundExpr;
  readonly descending: boolean;
  readonly nullsFirst: boolean;
}

export type RowsPerMatch = 'one' | 'all' | 'allOmitEmpty' | 'allWithUnmatched';

/** Row pattern (SQL:2016 4.x) after PERMUTE expansion; `v` is a variable id. */
export type PatternNode =
  | { readonly kind: 'var'; readonly v: number }
  | { readonly kind: 'seq'; readonly items: readonly PatternNode[] }
  | { readonly kind: 'alt'; readonly options: readonly PatternNode[] }
  | { readonly kind: 'quant'; readonly body: PatternNode; readonly min: number; readonly max: number; readonly reluctant: boolean }
  | { readonly kind: 'exclude'; readonly body: PatternNode }
  | { readonly kind: 'anchor'; readonly which: 'start' | 'end' }
  | { readonly kind: 'empty' };

/** AFTER MATCH SKIP; `vars` is the target variable (or the members of a SUBSET). */
export type SkipSpec =
  | { readonly kind: 'pastLastRow' }
  | { readonly kind: 'toNextRow' }
  | { readonly kind: 'toFirst' | 'toLast'; readonly vars: readonly number[]; readonly name: string; readonly pos?: SourcePosition };

/** Variables a navigation or aggregate ranges over: listed ids, or null for all rows of the match. */
export type VarSet = readonly number[] | null;

/**
 * Navigation (SQL:2016 5.6): a logical step FIRST/LAST(vars, offset) to a row of the match, then
 * a physical step of `physical` rows (PREV < 0 < NEXT) that may leave the match. A plain `A.x`
 * is LAST(A.x, 0); an unqualified `x` is LAST(x, 0) over all variables, i.e. the current row.
 */
export interface Navigation {
  readonly vars: VarSet;
  readonly fromLast: boolean;
  readonly offset: number;
  readonly physical: number;
  /** FINAL semantics (MEASURES only): look at the whole match instead of the rows up to the current one. */
  readonly final: boolean;
}

/**
 * One value an expression needs from the match. The scalar part of a DEFINE/MEASURES expression
 * reads slot i as input column i; slots are filled by the runtime per evaluation.
 */
export type SlotSpec =
  | {
      readonly kind: 'nav';
      readonly nav: Navigation;
      /** Evaluated over the located row; column `classifierIndex` (= input width) is its CLASSIFIER(). */
      readonly value: BoundExpr;
      readonly usesClassifier: boolean;
    }
  | {
      readonly kind: 'aggregate';
      readonly vars: VarSet;
      readonly final: boolean;
      readonly name: string;
      /** Over each aggregated row (absent: COUNT(*)); column `inputWidth` is the row's CLASSIFIER(). */
      readonly arg?: BoundExpr;
      readonly usesClassifier: boolean;
      readonly distinct: boolean;
      readonly argTypes: readonly SqlType[];
    }
  | { readonly kind: 'matchNumber' }
  | { readonly kind: 'matchRowtime'; readonly column?: number }
  | { readonly kind: 'matchProctime' };

export interface MatchExprSpec {
  /** Scalar expression over the slot row (input ref i = slot i). */
  readonly expr: BoundExpr;
  readonly slots: readonly SlotSpec[];
}

/** True when a slot depends on which rows earlier steps mapped to which variables. */
export function isHistoryDependent(slot: SlotSpec, definedVar: number): boolean {
  switch (slot.kind) {
    case 'nav':
      return !isCurrentRow(slot.nav, definedVar) || slot.nav.physical > 0;
    case 'aggregate':
      return true;
    default:
      return false;
  }
}

/** In DEFINE of `definedVar`, does this navigation land on the row being classified (before the physical step)? */
export function isCurrentRow(nav: Navigation, definedVar: number): boolean {
  return nav.fromLast && nav.offset === 0 && !nav.final && (nav.vars === null || nav.vars.includes(definedVar));
}
