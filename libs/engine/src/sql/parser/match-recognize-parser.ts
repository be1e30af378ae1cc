import type { SourcePosition } from '@sluice/contracts';
import type { AfterMatchSkip, Expr, MatchRecognize, OrderItem, PatternTerm } from '../ast';

/** The slice of the query parser MATCH_RECOGNIZE needs; a structural type keeps imports one-way. */
interface MatchCursor {
  readonly pos: SourcePosition;
  readonly current: { readonly type: string; readonly text: string; readonly upper: string; readonly pos: SourcePosition };
  advance(): unknown;
  isKeyword(word: string, offset?: number): boolean;
  isOp(op: string, offset?: number): boolean;
  acceptKeyword(...words: string[]): boolean;
  acceptOp(op: string): boolean;
  expectKeyword(...words: string[]): unknown;
  expectOp(op: string): unknown;
  expectIdentifier(what?: string): string;
  expectInteger(what?: string): number;
  parseExpr(minBp?: number): Expr;
  parseExprList(): Expr[];
  parseOrderList(): OrderItem[];
  unexpected(expected: string): Error;
  error(message: string, pos?: SourcePosition): Error;
}

/** MATCH_RECOGNIZE ( ... ) after the opening keyword; SQL:2016 row pattern recognition syntax. */
export function parseMatchRecognize(p: MatchCursor, pos: SourcePosition): MatchRecognize {
  p.expectOp('(');
  const partitionBy = p.acceptKeyword('PARTITION', 'BY') ? p.parseExprList() : [];
  const orderBy = p.acceptKeyword('ORDER', 'BY') ? p.parseOrderList() : [];
  const measures: { expr: Expr; alias: string; pos: SourcePosition }[] = [];
  if (p.acceptKeyword('MEASURES')) {
    do {
      const at = p.pos;
      const expr = p.parseExpr();
      // `MEASURES A.auction, ...`: a bare column reference is named after its column.
      const bare = expr.kind === 'column' && !p.isKeyword('AS');
      if (!bare) p.expectKeyword('AS');
      measures.push({ expr, alias: bare ? expr.parts[expr.parts.length - 1] : p.expectIdentifier('a measure name'), pos: at });
    } while (p.acceptOp(','));
  }
  const rowsPerMatch = parseRowsPerMatch(p);
  const afterMatchSkip = p.acceptKeyword('AFTER', 'MATCH', 'SKIP') ? parseSkip(p) : ({ kind: 'pastLastRow' } as const);
  const patternPos = p.pos;
  p.expectKeyword('PATTERN');
  p.expectOp('(');
  const pattern = parseAlternation(p);
  p.expectOp(')');
  const within = p.acceptKeyword('WITHIN') ? p.parseExpr() : undefined;
  const subsets: { name: string; variables: string[]; pos: SourcePosition }[] = [];
  if (p.acceptKeyword('SUBSET')) {
    do {
      const at = p.pos;
      const name = p.expectIdentifier('a subset name');
      p.expectOp('=');
      p.expectOp('(');
      const variables = [p.expectIdentifier('a pattern variable')];
      while (p.acceptOp(',')) variables.push(p.expectIdentifier('a pattern variable'));
      p.expectOp(')');
      subsets.push({ name, variables, pos: at });
    } while (p.acceptOp(','));
  }
  const define: { variable: string; condition: Expr; pos: SourcePosition }[] = [];
  if (p.acceptKeyword('DEFINE')) {
    do {
      const at = p.pos;
      const variable = p.expectIdentifier('a pattern variable');
      p.expectKeyword('AS');
      define.push({ variable, condition: p.parseExpr(), pos: at });
    } while (p.acceptOp(','));
  }
  p.expectOp(')');
  return { partitionBy, orderBy, measures, rowsPerMatch, afterMatchSkip, pattern, patternPos, within, subsets, define, pos };
}

function parseRowsPerMatch(p: MatchCursor): MatchRecognize['rowsPerMatch'] {
  if (p.acceptKeyword('ONE', 'ROW', 'PER', 'MATCH')) return 'one';
  if (!p.acceptKeyword('ALL', 'ROWS', 'PER', 'MATCH')) return 'one';
  if (p.acceptKeyword('SHOW', 'EMPTY', 'MATCHES')) return 'allShowEmpty';
  if (p.acceptKeyword('OMIT', 'EMPTY', 'MATCHES')) return 'allOmitEmpty';
  if (p.acceptKeyword('WITH', 'UNMATCHED', 'ROWS')) return 'allWithUnmatched';
  return 'all';
}

function parseSkip(p: MatchCursor): AfterMatchSkip {
  if (p.acceptKeyword('PAST', 'LAST', 'ROW')) return { kind: 'pastLastRow' };
  if (p.acceptKeyword('TO', 'NEXT', 'ROW')) return { kind: 'toNextRow' };
  p.expectKeyword('TO');
  const pos = p.pos;
  if (p.acceptKeyword('FIRST')) return { kind: 'toFirst', variable: p.expectIdentifier('a pattern variable'), pos };
  p.acceptKeyword('LAST'); // SKIP TO var means SKIP TO LAST var
  return { kind: 'toLast', variable: p.expectIdentifier('a pattern variable'), pos };
}

function parseAlternation(p: MatchCursor): PatternTerm {
  const options = [parseConcatenation(p)];
  while (p.acceptOp('|')) options.push(parseConcatenation(p));
  return options.length === 1 ? options[0] : { kind: 'alt', options };
}

function parseConcatenation(p: MatchCursor): PatternTerm {
  const items: PatternTerm[] = [];
  while (!p.isOp(')') && !p.isOp('|') && !p.isOp(',') && !(p.isOp('-') && p.isOp('}', 1)) && p.current.type !== 'eof') {
    items.push(parseQuantified(p));
  }
  if (items.length === 0) return { kind: 'empty' };
  return items.length === 1 ? items[0] : { kind: 'seq', items };
}

function parseQuantified(p: MatchCursor): PatternTerm {
  let term = parsePrimary(p);
  for (;;) {
    const pos = p.pos;
    let min: number;
    let max: number;
    if (p.acceptOp('*')) [min, max] = [0, Infinity];
    else if (p.acceptOp('+')) [min, max] = [1, Infinity];
    else if (p.isOp('?')) {
      p.advance();
      [min, max] = [0, 1];
    } else if (p.isOp('{') && !p.isOp('-', 1)) {
      p.advance();
      [min, max] = parseBraces(p);
    } else return term;
    const reluctant = p.acceptOp('?');
    term = { kind: 'quant', term, min, max, reluctant, pos };
  }
}

function parseBraces(p: MatchCursor): [number, number] {
  let min = 0;
  let max = Infinity;
  if (p.acceptOp(',')) max = p.isOp('}') ? Infinity : p.expectInteger('a repetition bound');
  else {
    min = p.expectInteger('a repetition bound');
    if (p.acceptOp(',')) max = p.isOp('}') ? Infinity : p.expectInteger('a repetition bound');
    else max = min;
  }
  p.expectOp('}');
  if (max < min) throw p.error(`quantifier {${min},${max}} has its upper bound below its lower bound`);
  return [min, max];
}

function parsePrimary(p: MatchCursor): PatternTerm {
  const pos = p.pos;
  if (p.acceptOp('(')) {
    const inner = parseAlternation(p);
    p.expectOp(')');
    return inner;
  }
  if (p.isOp('{') && p.isOp('-', 1)) {
    p.advance();
    p.advance();
    const term = parseAlternation(p);
    p.expectOp('-');
    p.expectOp('}');
    return { kind: 'exclude', term, pos };
  }
  if (p.acceptOp('^')) return { kind: 'anchor', which: '^', pos };
  if (p.current.type === 'ident' && p.current.text === '$') {
    p.advance();
    return { kind: 'anchor', which: '$', pos };
  }
  if (p.isKeyword('PERMUTE') && p.isOp('(', 1)) {
    p.advance();
    p.advance();
    const items = [parseAlternation(p)];
    while (p.acceptOp(',')) items.push(parseAlternation(p));
    p.expectOp(')');
    return { kind: 'permute', items, pos };
  }
  if (p.current.type === 'ident' || p.current.type === 'quoted') return { kind: 'var', name: p.expectIdentifier('a pattern variable'), pos };
  throw p.unexpected('a pattern variable, (, PERMUTE or {-');
}
