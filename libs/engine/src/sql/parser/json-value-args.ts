import type { SourcePosition } from '@sluice/contracts';
import type { CallExpr, Expr, TypeName } from '../ast';

/** The parts of the expression parser JSON_VALUE's arguments need (kept narrow to avoid a cycle). */
interface JsonValueCursor {
  readonly pos: SourcePosition;
  parseExpr(): Expr;
  parseTypeName(): TypeName;
  expectOp(op: string): unknown;
  isKeyword(word: string): boolean;
  acceptKeyword(...words: string[]): boolean;
  expectKeyword(...words: string[]): unknown;
  advance(): unknown;
  error(message: string, pos?: SourcePosition): Error;
  readonly current: { readonly upper?: string };
}

/**
 * Flink's JSON_VALUE(json, path [RETURNING type] [NULL ON EMPTY] [NULL ON ERROR]) after the
 * opening parenthesis: the RETURNING type becomes a third literal argument; the NULL ON ...
 * clauses are the defaults. DEFAULT / ERROR ON ... are not supported yet.
 */
export function parseJsonValueArgs(p: JsonValueCursor, pos: SourcePosition): CallExpr {
  const args = [p.parseExpr()];
  p.expectOp(',');
  args.push(p.parseExpr());
  if (p.acceptKeyword('RETURNING')) {
    const at = p.pos;
    args.push({ kind: 'literal', literal: 'string', value: p.parseTypeName().name, pos: at });
  }
  while (p.isKeyword('NULL') || p.isKeyword('ERROR') || p.isKeyword('DEFAULT')) {
    if (!p.isKeyword('NULL')) throw p.error(`JSON_VALUE ... ${p.current.upper} ON EMPTY/ERROR is not supported yet`);
    p.advance();
    p.expectKeyword('ON');
    if (!p.acceptKeyword('EMPTY')) p.expectKeyword('ERROR');
  }
  p.expectOp(')');
  return { kind: 'call', name: 'JSON_VALUE', args, distinct: false, star: false, pos };
}
