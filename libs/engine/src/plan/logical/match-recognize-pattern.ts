import { NotSupportedError, PlanError, type SourcePosition } from '@sluice/contracts';
import type { PatternTerm } from '../../sql/ast';
import type { PatternNode } from '../../exec/streaming/match-recognize/match-spec';

/** Counted loops are tracked in a 30-bit mask per thread (see epsilon-closure.ts). */
const MAX_COUNTED_QUANTIFIERS = 30;
/** PERMUTE(x1..xn) expands to n! alternatives; beyond this the pattern is refused. */
const MAX_PERMUTE_ITEMS = 6;

/**
 * PATTERN syntax tree -> the runtime's PatternNode: variables become ids (in order of first
 * appearance), PERMUTE becomes the alternation of its permutations in lexicographic order of the
 * item list (SQL:2016: PERMUTE(A, B, C) = A B C | A C B | B A C | ...), anchors become zero-width
 * assertions.
 */
export function lowerPattern(term: PatternTerm, idOf: (name: string) => number): PatternNode {
  let quantifiers = 0;
  const lower = (t: PatternTerm): PatternNode => {
    switch (t.kind) {
      case 'var':
        return { kind: 'var', v: idOf(t.name) };
      case 'seq':
        return { kind: 'seq', items: t.items.map(lower) };
      case 'alt':
        return { kind: 'alt', options: t.options.map(lower) };
      case 'permute':
        if (t.items.length > MAX_PERMUTE_ITEMS) throw new NotSupportedError(`PERMUTE with more than ${MAX_PERMUTE_ITEMS} items`, t.pos);
        return expandPermute(t.items.map(lower));
      case 'exclude':
        return { kind: 'exclude', body: lower(t.term) };
      case 'quant':
        if (++quantifiers > MAX_COUNTED_QUANTIFIERS) throw new NotSupportedError(`more than ${MAX_COUNTED_QUANTIFIERS} quantifiers in one pattern`, t.pos);
        return { kind: 'quant', body: lower(t.term), min: t.min, max: t.max, reluctant: t.reluctant };
      case 'empty':
        return { kind: 'empty' };
      case 'anchor':
        return { kind: 'anchor', which: t.which === '^' ? 'start' : 'end' };
    }
  };
  return lower(term);
}

/** PERMUTE(items): every ordering, in lexicographic order of the item positions. */
export function expandPermute(items: readonly PatternNode[]): PatternNode {
  if (items.length === 1) return items[0];
  const options: PatternNode[] = [];
  const walk = (chosen: PatternNode[], rest: readonly PatternNode[]) => {
    if (rest.length === 0) {
      options.push({ kind: 'seq', items: chosen });
      return;
    }
    rest.forEach((item, i) => walk([...chosen, item], [...rest.slice(0, i), ...rest.slice(i + 1)]));
  };
  walk([], items);
  return { kind: 'alt', options };
}

/** Pattern variables in order of first appearance, with the position of that appearance. */
export function patternVariables(term: PatternTerm, same: (a: string, b: string) => boolean): { name: string; pos: SourcePosition }[] {
  const found: { name: string; pos: SourcePosition }[] = [];
  const visit = (t: PatternTerm): void => {
    switch (t.kind) {
      case 'var':
        if (!found.some((f) => same(f.name, t.name))) found.push({ name: t.name, pos: t.pos });
        return;
      case 'seq':
      case 'permute':
        return t.items.forEach(visit);
      case 'alt':
        return t.options.forEach(visit);
      case 'exclude':
      case 'quant':
        return visit(t.term);
    }
  };
  visit(term);
  return found;
}

/** {- -} cannot be combined with ALL ROWS PER MATCH WITH UNMATCHED ROWS (SQL:2016). */
export function checkNoExclusion(term: PatternTerm): void {
  const visit = (t: PatternTerm): void => {
    if (t.kind === 'exclude') throw new PlanError('PLAN_INVALID', 'pattern exclusion {- ... -} cannot be used with ALL ROWS PER MATCH WITH UNMATCHED ROWS', { position: t.pos });
    if (t.kind === 'seq' || t.kind === 'permute') t.items.forEach(visit);
    else if (t.kind === 'alt') t.options.forEach(visit);
    else if (t.kind === 'quant') visit(t.term);
  };
  visit(term);
}
