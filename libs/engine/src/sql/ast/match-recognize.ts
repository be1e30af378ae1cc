import type { SourcePosition } from '@sluice/contracts';
import type { Expr, OrderItem } from './expression';

/** Row pattern syntax tree (SQL:2016 4.x): PATTERN (A B+ (C | D){2,3}? PERMUTE(E, F) {- G -}). */
export type PatternTerm =
  | { readonly kind: 'var'; readonly name: string; readonly pos: SourcePosition }
  | { readonly kind: 'seq'; readonly items: readonly PatternTerm[] }
  | { readonly kind: 'alt'; readonly options: readonly PatternTerm[] }
  | { readonly kind: 'permute'; readonly items: readonly PatternTerm[]; readonly pos: SourcePosition }
  | { readonly kind: 'exclude'; readonly term: PatternTerm; readonly pos: SourcePosition }
  | {
      readonly kind: 'quant';
      readonly term: PatternTerm;
      readonly min: number;
      readonly max: number; // Infinity when unbounded
      readonly reluctant: boolean;
      readonly pos: SourcePosition;
    }
  | { readonly kind: 'empty' }
  | { readonly kind: 'anchor'; readonly which: '^' | '$'; readonly pos: SourcePosition };

export type AfterMatchSkip =
  | { readonly kind: 'pastLastRow' }
  | { readonly kind: 'toNextRow' }
  | { readonly kind: 'toFirst'; readonly variable: string; readonly pos: SourcePosition }
  | { readonly kind: 'toLast'; readonly variable: string; readonly pos: SourcePosition };

export interface MatchRecognize {
  readonly partitionBy: readonly Expr[];
  readonly orderBy: readonly OrderItem[];
  readonly measures: readonly { readonly expr: Expr; readonly alias: string; readonly pos: SourcePosition }[];
  readonly rowsPerMatch: 'one' | 'all' | 'allShowEmpty' | 'allOmitEmpty' | 'allWithUnmatched';
  readonly afterMatchSkip: AfterMatchSkip;
  readonly pattern: PatternTerm;
  readonly patternPos: SourcePosition;
  readonly within?: Expr;
  readonly subsets: readonly { readonly name: string; readonly variables: readonly string[]; readonly pos: SourcePosition }[];
  readonly define: readonly { readonly variable: string; readonly condition: Expr; readonly pos: SourcePosition }[];
  readonly pos: SourcePosition;
}
