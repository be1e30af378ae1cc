import type { Expr, FrameBound, WindowFrame } from '../ast';

/** The parts of the expression parser a window frame needs (kept narrow to avoid a cycle). */
interface FrameCursor {
  acceptKeyword(...words: string[]): boolean;
  expectKeyword(...words: string[]): unknown;
  parseExpr(minBp?: number): Expr;
}

/** ROWS|RANGE BETWEEN <bound> AND <bound>, or a single start bound. */
export function parseFrame(p: FrameCursor): WindowFrame | undefined {
  let units: 'ROWS' | 'RANGE';
  if (p.acceptKeyword('ROWS')) units = 'ROWS';
  else if (p.acceptKeyword('RANGE')) units = 'RANGE';
  else return undefined;
  if (p.acceptKeyword('BETWEEN')) {
    const start = parseBound(p);
    p.expectKeyword('AND');
    return { units, start, end: parseBound(p) };
  }
  return { units, start: parseBound(p), end: { kind: 'currentRow' } };
}

function parseBound(p: FrameCursor): FrameBound {
  if (p.acceptKeyword('UNBOUNDED', 'PRECEDING')) return { kind: 'unboundedPreceding' };
  if (p.acceptKeyword('UNBOUNDED', 'FOLLOWING')) return { kind: 'unboundedFollowing' };
  if (p.acceptKeyword('CURRENT', 'ROW')) return { kind: 'currentRow' };
  const offset = p.parseExpr(4);
  if (p.acceptKeyword('PRECEDING')) return { kind: 'preceding', offset };
  p.expectKeyword('FOLLOWING');
  return { kind: 'following', offset };
}
