import { PlanError } from '@sluice/contracts';
import type { LikeExpr } from '../../sql/ast';
import type { BoundExpr } from '../../expr/bound-expr';
import type { ResolvedFunction } from '../../expr/functions/function-spec';
import { T } from '../../types/sql-type';
import type { ExprBinder } from './expr-binder';

/** LIKE / ILIKE / RLIKE / SIMILAR TO, with literal patterns compiled to a RegExp once. */
export function bindLike(binder: ExprBinder, e: LikeExpr): BoundExpr {
  const value = binder.coerce(binder.bind(e.expr), T.string(), e.pos);
  const pattern = binder.coerce(binder.bind(e.pattern), T.string(), e.pos);
  const escapeExpr = e.escape ? binder.bind(e.escape) : undefined;
  if (escapeExpr && escapeExpr.kind !== 'literal') throw new PlanError('PLAN_INVALID', 'ESCAPE must be a literal', { position: e.pos });
  const escape = escapeExpr ? String((escapeExpr as { value: unknown }).value) : binder.ctx.dialect === 'spark' ? '\\' : undefined;
  const toRegExp = (p: string): RegExp => {
    switch (e.op) {
      case 'RLIKE':
        return new RegExp(p, 'u');
      case 'SIMILAR TO':
        return new RegExp(`^(?:${similarToRegex(p)})$`, 'su');
      default:
        return new RegExp(`^${likeToRegex(p, escape)}$`, e.op === 'ILIKE' ? 'isu' : 'su');
    }
  };
  let impl: (s: unknown, p: unknown) => unknown;
  if (pattern.kind === 'literal' && pattern.value !== null) {
    const re = toRegExp(String(pattern.value));
    impl = (s) => re.test(s as string);
  } else {
    const cache = new Map<string, RegExp>();
    impl = (s, p) => {
      let re = cache.get(p as string);
      if (!re) cache.set(p as string, (re = toRegExp(p as string)));
      return re.test(s as string);
    };
  }
  const fn: ResolvedFunction = { returnType: T.boolean(), impl };
  const call: BoundExpr = { kind: 'call', name: e.op, fn, args: [value, pattern], type: T.boolean(value.type.nullable || pattern.type.nullable), pos: e.pos };
  return e.negated ? { kind: 'not', arg: call, type: call.type, pos: e.pos } : call;
}

/** SQL LIKE pattern -> regex source: % any run, _ one character, escape char makes the next literal. */
export function likeToRegex(pattern: string, escape: string | undefined): string {
  let out = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (escape !== undefined && c === escape && i + 1 < pattern.length) {
      out += escapeRegex(pattern[++i]);
    } else if (c === '%') out += '.*';
    else if (c === '_') out += '.';
    else out += escapeRegex(c);
  }
  return out;
}

function similarToRegex(pattern: string): string {
  return pattern.replace(/%/g, '.*').replace(/_/g, '.');
}

function escapeRegex(c: string): string {
  return c.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}
