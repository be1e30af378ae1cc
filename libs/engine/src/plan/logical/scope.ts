import { PlanError, type SourcePosition } from '@sluice/contracts';
import type { Field, Schema } from '../../catalog/schema';

export interface Resolved {
  readonly index: number;
  /** 0 = this query's row, 1 = the enclosing query's row, ... */
  readonly depth: number;
  readonly field: Field;
}

/** Names visible to an expression: the input row's fields, then enclosing queries' (correlation). */
export class Scope {
  /** Set when a name resolved to an enclosing scope: the subquery is correlated. */
  usedOuter = false;
  /** Counts resolutions from nested subqueries into this scope or beyond (correlation detection). */
  innerRefs = 0;

  constructor(
    readonly fields: Schema,
    readonly caseSensitive: boolean,
    readonly parent?: Scope,
  ) {}

  private same(a: string, b: string): boolean {
    return this.caseSensitive ? a === b : a.toLowerCase() === b.toLowerCase();
  }

  /** Resolves `col`, `alias.col` (and `db.alias.col`). Throws on ambiguity or when unknown. */
  resolve(parts: readonly string[], pos: SourcePosition): Resolved {
    const found = this.tryResolve(parts, pos);
    if (found) return found;
    throw new PlanError('PLAN_UNKNOWN_COLUMN', `unknown column '${parts.join('.')}'${this.suggest(parts[parts.length - 1])}`, { position: pos });
  }

  tryResolve(parts: readonly string[], pos: SourcePosition): Resolved | undefined {
    let depth = 0;
    for (let scope: Scope | undefined = this.self(); scope; scope = scope.parent, depth++) {
      const hit = scope.resolveLocal(parts, pos);
      if (hit !== undefined) {
        if (depth > 0) this.markCorrelated(depth);
        return { index: hit, depth, field: scope.fields[hit] };
      }
    }
    return undefined;
  }

  private self(): Scope {
    return this;
  }

  private markCorrelated(depth: number): void {
    let s: Scope | undefined = this.parent;
    for (let i = 1; i <= depth && s; i++, s = s.parent) s.innerRefs++;
    this.usedOuter = true;
  }

  private resolveLocal(parts: readonly string[], pos: SourcePosition): number | undefined {
    const name = parts[parts.length - 1];
    const qualifier = parts.length > 1 ? parts[parts.length - 2] : undefined;
    const matches: number[] = [];
    this.fields.forEach((f, i) => {
      if (!this.same(f.name, name)) return;
      if (qualifier !== undefined && (f.qualifier === undefined || !this.same(f.qualifier, qualifier))) return;
      matches.push(i);
    });
    if (matches.length > 1) {
      // USING/NATURAL joins hide the right copy of the join column from unqualified lookups.
      const visible = matches.filter((i) => !this.fields[i].hidden);
      if (visible.length === 1) return visible[0];
      throw new PlanError('PLAN_AMBIGUOUS_COLUMN', `column '${parts.join('.')}' is ambiguous; qualify it with a table alias`, { position: pos });
    }
    return matches[0];
  }

  private suggest(name: string): string {
    const candidates = this.fields.map((f) => f.name);
    let best: string | undefined;
    let bestDistance = Math.max(2, Math.floor(name.length / 3)) + 1;
    for (const c of candidates) {
      const d = editDistance(name.toLowerCase(), c.toLowerCase());
      if (d < bestDistance) {
        best = c;
        bestDistance = d;
      }
    }
    if (best) return `; did you mean '${best}'?`;
    return candidates.length > 0 && candidates.length <= 12 ? ` (available: ${candidates.join(', ')})` : '';
  }
}

export function editDistance(a: string, b: string): number {
  const dp = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let prev = dp[0];
    dp[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = dp[j];
      dp[j] = Math.min(dp[j] + 1, dp[j - 1] + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = tmp;
    }
  }
  return dp[b.length];
}
