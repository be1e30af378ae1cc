import type { Expr } from '../../sql/ast';

/**
 * Replaces single-part column references for which `lookup` returns an expression (Spark's
 * HAVING may name a SELECT-list alias: `SELECT a AS k ... GROUP BY k HAVING k > 1`). Subqueries
 * are left alone: an alias is only visible in its own query block.
 */
export function substituteAliases(e: Expr, lookup: (name: string) => Expr | undefined): Expr {
  const sub = (x: Expr): Expr => substituteAliases(x, lookup);
  switch (e.kind) {
    case 'column':
      return (e.parts.length === 1 && lookup(e.parts[0])) || e;
    case 'unary':
      return { ...e, arg: sub(e.arg) };
    case 'binary':
      return { ...e, left: sub(e.left), right: sub(e.right) };
    case 'call':
      return { ...e, args: e.args.map(sub), filter: e.filter && sub(e.filter) };
    case 'cast':
      return { ...e, expr: sub(e.expr) };
    case 'case':
      return { ...e, operand: e.operand && sub(e.operand), whens: e.whens.map((w) => ({ when: sub(w.when), then: sub(w.then) })), else: e.else && sub(e.else) };
    case 'between':
      return { ...e, expr: sub(e.expr), low: sub(e.low), high: sub(e.high) };
    case 'in':
      return { ...e, expr: sub(e.expr), list: e.list?.map(sub) };
    case 'like':
      return { ...e, expr: sub(e.expr), pattern: sub(e.pattern), escape: e.escape && sub(e.escape) };
    case 'is':
      return { ...e, expr: sub(e.expr) };
    case 'subscript':
      return { ...e, expr: sub(e.expr), index: sub(e.index) };
    case 'field':
      return { ...e, expr: sub(e.expr) };
    default:
      return e;
  }
}
