import type { SourcePosition } from '@sluice/contracts';
import type { SqlType } from '../types/sql-type';
import type { Comparator } from '../types/values';
import type { ResolvedFunction } from './functions/function-spec';

/**
 * A resolved, typed expression over the input row of one plan node. The planner builds these
 * from the AST; the compiler turns them into closures once per query. Every node knows its type.
 */
export type BoundExpr =
  | InputRef
  | OuterRef
  | Literal
  | CallNode
  | CastNode
  | AndOr
  | NotNode
  | IsNode
  | CaseNode
  | CompareNode
  | InListNode
  | SubqueryNode;

interface Base {
  readonly type: SqlType;
  readonly pos?: SourcePosition;
}

/** Column `index` of the node's input row. */
export interface InputRef extends Base {
  readonly kind: 'input';
  readonly index: number;
  /** Column name, for EXPLAIN and error messages. */
  readonly name: string;
}

/** Column of an enclosing query's row (correlated subquery), `depth` levels out. */
export interface OuterRef extends Base {
  readonly kind: 'outer';
  readonly index: number;
  readonly depth: number;
  readonly name: string;
}

export interface Literal extends Base {
  readonly kind: 'literal';
  readonly value: unknown;
}

/** Scalar function or operator with a resolved implementation. */
export interface CallNode extends Base {
  readonly kind: 'call';
  readonly name: string;
  readonly fn: ResolvedFunction;
  readonly args: readonly BoundExpr[];
}

export interface CastNode extends Base {
  readonly kind: 'cast';
  readonly arg: BoundExpr;
  readonly convert: (v: unknown) => unknown;
  readonly mode: 'cast' | 'try' | 'implicit';
}

export interface AndOr extends Base {
  readonly kind: 'and' | 'or';
  readonly args: readonly BoundExpr[];
}

export interface NotNode extends Base {
  readonly kind: 'not';
  readonly arg: BoundExpr;
}

export interface IsNode extends Base {
  readonly kind: 'is';
  readonly test: 'NULL' | 'TRUE' | 'FALSE';
  readonly negated: boolean;
  readonly arg: BoundExpr;
}

export interface CaseNode extends Base {
  readonly kind: 'case';
  readonly whens: readonly { readonly when: BoundExpr; readonly then: BoundExpr }[];
  readonly otherwise: BoundExpr;
}

export type CompareOp = '=' | '<>' | '<' | '<=' | '>' | '>=' | '<=>' | 'IS DISTINCT FROM';

/** Both sides already cast to one comparable type. */
export interface CompareNode extends Base {
  readonly kind: 'compare';
  readonly op: CompareOp;
  readonly left: BoundExpr;
  readonly right: BoundExpr;
  readonly compare: Comparator;
}

export interface InListNode extends Base {
  readonly kind: 'inList';
  readonly arg: BoundExpr;
  readonly list: readonly BoundExpr[];
  readonly negated: boolean;
}

/**
 * A subquery evaluated by the executor: `scalar` yields one value, `exists` a boolean, `in`
 * tests arg against the single column. `run(outerRow)` is supplied by the physical planner.
 */
export interface SubqueryNode extends Base {
  readonly kind: 'subquery';
  readonly mode: 'scalar' | 'exists' | 'in';
  readonly arg?: BoundExpr;
  readonly negated?: boolean;
  readonly correlated: boolean;
  /** Opaque logical plan of the subquery (a LogicalPlan; typed loosely to keep expr/ below plan/). */
  readonly plan: unknown;
  /** Comparator for `in` mode. */
  readonly compare?: Comparator;
}

/** Structural identity of an expression, used to match SELECT items against GROUP BY keys. */
export function exprKey(e: BoundExpr): string {
  switch (e.kind) {
    case 'input':
      return `$${e.index}`;
    case 'outer':
      return `^${e.depth}.${e.index}`;
    case 'literal':
      return `lit(${typeof e.value === 'bigint' ? `${e.value}n` : String(e.value)}:${e.type.kind})`;
    case 'call':
      return `${e.name}(${e.args.map(exprKey).join(',')})`;
    case 'cast':
      return `cast(${exprKey(e.arg)}:${e.type.kind}${e.type.precision ?? ''},${e.type.scale ?? ''}:${e.mode})`;
    case 'and':
    case 'or':
      return `${e.kind}(${e.args.map(exprKey).join(',')})`;
    case 'not':
      return `not(${exprKey(e.arg)})`;
    case 'is':
      return `is${e.negated ? 'not' : ''}${e.test}(${exprKey(e.arg)})`;
    case 'case':
      return `case(${e.whens.map((w) => `${exprKey(w.when)}->${exprKey(w.then)}`).join(',')};${exprKey(e.otherwise)})`;
    case 'compare':
      return `${e.op}(${exprKey(e.left)},${exprKey(e.right)})`;
    case 'inList':
      return `in${e.negated ? 'not' : ''}(${exprKey(e.arg)};${e.list.map(exprKey).join(',')})`;
    case 'subquery':
      return `subquery@${e.pos?.line}:${e.pos?.column}`;
  }
}

/** Children of a node, for generic traversals. */
export function childrenOf(e: BoundExpr): readonly BoundExpr[] {
  switch (e.kind) {
    case 'call':
    case 'and':
    case 'or':
      return e.args;
    case 'cast':
    case 'not':
    case 'is':
      return [e.arg];
    case 'case':
      return [...e.whens.flatMap((w) => [w.when, w.then]), e.otherwise];
    case 'compare':
      return [e.left, e.right];
    case 'inList':
      return [e.arg, ...e.list];
    case 'subquery':
      return e.arg ? [e.arg] : [];
    default:
      return [];
  }
}

/** Rebuilds a node with new children (same order as childrenOf). */
export function withChildren(e: BoundExpr, c: readonly BoundExpr[]): BoundExpr {
  switch (e.kind) {
    case 'call':
    case 'and':
    case 'or':
      return { ...e, args: c };
    case 'cast':
    case 'not':
    case 'is':
      return { ...e, arg: c[0] };
    case 'case': {
      const whens = e.whens.map((_, i) => ({ when: c[2 * i], then: c[2 * i + 1] }));
      return { ...e, whens, otherwise: c[c.length - 1] };
    }
    case 'compare':
      return { ...e, left: c[0], right: c[1] };
    case 'inList':
      return { ...e, arg: c[0], list: c.slice(1) };
    case 'subquery':
      return e.arg ? { ...e, arg: c[0] } : e;
    default:
      return e;
  }
}

/** Bottom-up rewrite: `fn` may replace any node (return undefined to keep it). */
export function transformExpr(e: BoundExpr, fn: (node: BoundExpr) => BoundExpr | undefined): BoundExpr {
  const replaced = fn(e);
  if (replaced) return replaced;
  const kids = childrenOf(e);
  if (kids.length === 0) return e;
  const next = kids.map((k) => transformExpr(k, fn));
  return next.every((k, i) => k === kids[i]) ? e : withChildren(e, next);
}

export function inputRefsOf(e: BoundExpr, into = new Set<number>()): Set<number> {
  if (e.kind === 'input') into.add(e.index);
  for (const k of childrenOf(e)) inputRefsOf(k, into);
  return into;
}
