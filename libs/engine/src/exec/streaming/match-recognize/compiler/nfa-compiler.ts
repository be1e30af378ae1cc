import type { PatternNode } from '../match-spec';
import { ANCHOR_END, ANCHOR_START, CONSUME, LOOP_CHECK, LOOP_END, LOOP_ENTER, MATCH, SPLIT, type Nfa } from '../nfa/nfa';

/**
 * Pattern -> NFA (Flink's NFACompiler, Thompson's construction compiled back to front). `*`, `+`
 * and `?` over a body that cannot match empty need no counter: a SPLIT whose target order encodes
 * greedy or reluctant preference. Other quantifiers ({n,m}, or bodies that may match nothing)
 * become counted loops: LOOP_ENTER -> LOOP_CHECK -> body -> LOOP_END -> LOOP_CHECK.
 */
export function compileNfa(pattern: PatternNode): Nfa {
  const b = new NfaBuilder();
  const match = b.add(MATCH);
  const start = b.compile(pattern, match, false);
  return { ...b.arrays(), start, loopCount: b.loopCount };
}

/** Can the pattern match zero rows? */
export function isNullable(p: PatternNode): boolean {
  switch (p.kind) {
    case 'var':
      return false;
    case 'seq':
      return p.items.every(isNullable);
    case 'alt':
      return p.options.some(isNullable);
    case 'quant':
      return p.min === 0 || isNullable(p.body);
    case 'exclude':
      return isNullable(p.body);
    case 'anchor':
    case 'empty':
      return true;
  }
}

class NfaBuilder {
  private readonly kind: number[] = [];
  private readonly next: number[] = [];
  private readonly alt: number[] = [];
  private readonly variable: number[] = [];
  private readonly excluded: boolean[] = [];
  private readonly loop: number[] = [];
  private readonly min: number[] = [];
  private readonly max: number[] = [];
  private readonly greedy: boolean[] = [];
  loopCount = 0;

  add(kind: number, next = -1, alt = -1): number {
    this.kind.push(kind);
    this.next.push(next);
    this.alt.push(alt);
    this.variable.push(-1);
    this.excluded.push(false);
    this.loop.push(-1);
    this.min.push(0);
    this.max.push(0);
    this.greedy.push(true);
    return this.kind.length - 1;
  }

  arrays() {
    const { kind, next, alt, variable, excluded, loop, min, max, greedy } = this;
    return { kind, next, alt, variable, excluded, loop, min, max, greedy };
  }

  /** Returns the entry state of `p` followed by state `next`. */
  compile(p: PatternNode, next: number, excluded: boolean): number {
    switch (p.kind) {
      case 'var': {
        const s = this.add(CONSUME, next);
        this.variable[s] = p.v;
        this.excluded[s] = excluded;
        return s;
      }
      case 'seq':
        for (let i = p.items.length - 1; i >= 0; i--) next = this.compile(p.items[i], next, excluded);
        return next;
      case 'alt': {
        const entries = p.options.map((o) => this.compile(o, next, excluded));
        let entry = entries[entries.length - 1];
        for (let i = entries.length - 2; i >= 0; i--) entry = this.add(SPLIT, entries[i], entry);
        return entry;
      }
      case 'exclude':
        return this.compile(p.body, next, true);
      case 'anchor':
        return this.add(p.which === 'start' ? ANCHOR_START : ANCHOR_END, next);
      case 'empty':
        return next;
      case 'quant':
        return this.compileQuantifier(p, next, excluded);
    }
  }

  private compileQuantifier(p: PatternNode & { kind: 'quant' }, next: number, excluded: boolean): number {
    const greedy = !p.reluctant;
    if (p.max === 0) return next;
    if (p.min === 1 && p.max === 1) return this.compile(p.body, next, excluded);
    if (!isNullable(p.body)) {
      if (p.min === 0 && p.max === 1) {
        const body = this.compile(p.body, next, excluded);
        return greedy ? this.add(SPLIT, body, next) : this.add(SPLIT, next, body);
      }
      if (p.max === Infinity && p.min <= 1) {
        const split = this.add(SPLIT);
        const body = this.compile(p.body, split, excluded);
        this.next[split] = greedy ? body : next;
        this.alt[split] = greedy ? next : body;
        return p.min === 0 ? split : body;
      }
    }
    const loop = this.loopCount++;
    const check = this.add(LOOP_CHECK, -1, next);
    const end = this.add(LOOP_END, check);
    this.next[check] = this.compile(p.body, end, excluded);
    for (const s of [check, end]) this.loop[s] = loop;
    this.min[check] = p.min;
    this.max[check] = p.max;
    this.greedy[check] = greedy;
    const enter = this.add(LOOP_ENTER, check);
    this.loop[enter] = loop;
    return enter;
  }
}
