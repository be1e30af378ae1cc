import type { Row } from '../types/values';
import { ArrayMatchContext } from '../exec/streaming/match-recognize/expr/array-match-context';
import type { MatchEvaluator } from '../exec/streaming/match-recognize/expr/compile-match-expr';
import type { PatternNode, RowsPerMatch, SkipSpec } from '../exec/streaming/match-recognize/match-spec';

/**
 * TEST ORACLE, not used by the engine: SQL:2016 row pattern matching written the plain way, as
 * a backtracking matcher (continuation passing, after ECMAScript's RegExp matcher). From each
 * start row the first match found in backtracking order is the most preferred one: alternatives
 * left to right, greedy quantifiers trying one more iteration first, reluctant ones one fewer; an
 * optional iteration that matches nothing fails. Then AFTER MATCH SKIP picks the next start row.
 * Slow (exponential in the worst case) and obviously correct; the NFA is compared against it.
 */
export interface ReferenceOptions {
  readonly pattern: PatternNode;
  readonly variableCount: number;
  readonly defines: readonly (MatchEvaluator | undefined)[];
  readonly skip: SkipSpec;
  readonly withinMs?: number;
  readonly timeOf: (row: Row) => number;
  readonly rowsPerMatch: RowsPerMatch;
}

export type ReferenceEvent =
  | { readonly kind: 'match'; readonly start: number; readonly matchNumber: number; readonly positions: number[]; readonly variables: number[]; readonly excluded: boolean[] }
  | { readonly kind: 'unmatched'; readonly pos: number };

export interface ReferenceResult {
  readonly events: ReferenceEvent[];
  /** Message of the AFTER MATCH SKIP exception that stopped matching, if any. */
  readonly error?: string;
}

interface Mapped {
  pos: number;
  v: number;
  excluded: boolean;
}

export function referenceMatch(rows: readonly Row[], o: ReferenceOptions): ReferenceResult {
  const events: ReferenceEvent[] = [];
  let matchNumber = 0;
  let covered = -1;
  for (let start = 0; start < rows.length; ) {
    const found = matchAt(rows, o, start, matchNumber + 1);
    if (!found) {
      if (o.rowsPerMatch === 'allWithUnmatched' && start > covered) events.push({ kind: 'unmatched', pos: start });
      start++;
      continue;
    }
    matchNumber++;
    events.push({ kind: 'match', start, matchNumber, positions: found.map((m) => m.pos), variables: found.map((m) => m.v), excluded: found.map((m) => m.excluded) });
    if (found.length === 0) {
      start++;
      continue;
    }
    covered = Math.max(covered, found[found.length - 1].pos);
    const next = skipTarget(o.skip, found, start);
    if (typeof next === 'string') return { events, error: next };
    start = next;
  }
  return { events };
}

function skipTarget(skip: SkipSpec, found: Mapped[], start: number): number | string {
  if (skip.kind === 'pastLastRow') return found[found.length - 1].pos + 1;
  if (skip.kind === 'toNextRow') return start + 1;
  const hits = found.filter((m) => skip.vars.includes(m.v));
  if (hits.length === 0) return `no row of the match is mapped to ${skip.name}`;
  const target = skip.kind === 'toFirst' ? hits[0].pos : hits[hits.length - 1].pos;
  return target === start ? 'would resume at the first row of the match' : target;
}

/** The most preferred match starting at `start`, or undefined. */
function matchAt(rows: readonly Row[], o: ReferenceOptions, start: number, matchNumber: number): Mapped[] | undefined {
  const mapping: Mapped[] = [];
  const ctx = new ArrayMatchContext();
  const source = { at: (pos: number) => rows[pos] };
  let result: Mapped[] | undefined;

  const accepts = (v: number, pos: number, excluded: boolean): boolean => {
    if (o.withinMs !== undefined && o.timeOf(rows[pos]) - o.timeOf(rows[start]) > o.withinMs) return false;
    mapping.push({ pos, v, excluded });
    const define = o.defines[v];
    if (!define) return true;
    const positions = Int32Array.from(mapping, (m) => m.pos);
    const variables = Int32Array.from(mapping, (m) => m.v);
    ctx.reset(source, { positions, variables, excluded: new Uint8Array(positions.length), length: positions.length }, positions.length, matchNumber);
    if (define(ctx) === true) return true;
    mapping.pop();
    return false;
  };

  const m = (p: PatternNode, pos: number, excluded: boolean, k: (pos: number) => boolean): boolean => {
    switch (p.kind) {
      case 'var':
        if (pos >= rows.length || !accepts(p.v, pos, excluded)) return false;
        if (k(pos + 1)) return true;
        mapping.pop();
        return false;
      case 'seq': {
        const go = (i: number, at: number): boolean => (i === p.items.length ? k(at) : m(p.items[i], at, excluded, (next) => go(i + 1, next)));
        return go(0, pos);
      }
      case 'alt':
        return p.options.some((option) => m(option, pos, excluded, k));
      case 'exclude':
        return m(p.body, pos, true, k);
      case 'anchor':
        return (p.which === 'start' ? pos === 0 : pos === rows.length) && k(pos);
      case 'empty':
        return k(pos);
      case 'quant': {
        const repeat = (count: number, at: number): boolean => {
          if (count >= p.max) return k(at);
          const iterate = () => m(p.body, at, excluded, (next) => (count >= p.min && next === at ? false : repeat(count + 1, next)));
          if (count < p.min) return iterate();
          return p.reluctant ? k(at) || iterate() : iterate() || k(at);
        };
        return repeat(0, pos);
      }
    }
  };

  m(o.pattern, start, false, () => {
    result = mapping.map((x) => ({ ...x }));
    return true;
  });
  return result;
}
