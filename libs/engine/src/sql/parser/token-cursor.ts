import { SqlSyntaxError, type SourcePosition } from '@sluice/contracts';
import type { Token } from '../lexer';

/**
 * Words that end an expression or clause and therefore cannot be used as bare aliases.
 * Quoting them (`from`) makes them ordinary identifiers.
 */
export const RESERVED = new Set([
  'ALL', 'AND', 'ANTI', 'AS', 'ASC', 'BETWEEN', 'BY', 'CASE', 'CAST', 'CROSS', 'CUBE', 'DESC', 'DISTINCT', 'ELSE', 'END',
  'ESCAPE', 'EXCEPT', 'EXISTS', 'FALSE', 'FETCH', 'FILTER', 'FOR', 'FROM', 'FULL', 'GROUP', 'GROUPING', 'HAVING', 'IN',
  'INNER', 'INTERSECT', 'INTERVAL', 'INTO', 'IS', 'JOIN', 'LATERAL', 'LEFT', 'LIKE', 'LIMIT', 'MATCH_RECOGNIZE', 'MINUS',
  'NATURAL', 'NOT', 'NULL', 'OFFSET', 'ON', 'OR', 'ORDER', 'OUTER', 'OVER', 'PARTITION', 'QUALIFY', 'RIGHT', 'RLIKE',
  'ROLLUP', 'SELECT', 'SEMI', 'SETS', 'SIMILAR', 'THEN', 'TRUE', 'UNION', 'USING', 'VALUES', 'WHEN', 'WHERE', 'WINDOW',
  'WITH', 'ILIKE', 'WITHIN', 'MEASURES', 'DEFINE', 'PATTERN', 'ONE', 'AFTER', 'SUBSET', 'TABLESAMPLE',
]);

/** Token stream with one-token look-ahead helpers and uniform "expected X" errors. */
export class TokenCursor {
  protected index = 0;

  constructor(
    protected readonly tokens: readonly Token[],
    readonly dialect: 'flink' | 'spark',
  ) {}

  get current(): Token {
    return this.tokens[this.index];
  }

  peek(offset = 1): Token {
    return this.tokens[Math.min(this.index + offset, this.tokens.length - 1)];
  }

  get pos(): SourcePosition {
    return this.current.pos;
  }

  advance(): Token {
    const t = this.tokens[this.index];
    if (this.index < this.tokens.length - 1) this.index++;
    return t;
  }

  /** True when the current token is the keyword (case-insensitive, unquoted). */
  isKeyword(word: string, offset = 0): boolean {
    const t = this.peek(offset);
    return t.type === 'ident' && t.upper === word;
  }

  isOp(op: string, offset = 0): boolean {
    const t = this.peek(offset);
    return t.type === 'op' && t.text === op;
  }

  acceptKeyword(...words: string[]): boolean {
    for (let i = 0; i < words.length; i++) if (!this.isKeyword(words[i], i)) return false;
    for (let i = 0; i < words.length; i++) this.advance();
    return true;
  }

  acceptOp(op: string): boolean {
    if (!this.isOp(op)) return false;
    this.advance();
    return true;
  }

  expectKeyword(...words: string[]): Token {
    const first = this.current;
    for (const w of words) {
      if (!this.isKeyword(w)) throw this.unexpected(words.join(' '));
      this.advance();
    }
    return first;
  }

  expectOp(op: string): Token {
    if (!this.isOp(op)) throw this.unexpected(`'${op}'`);
    return this.advance();
  }

  /** An identifier: unquoted non-reserved word or quoted name. */
  isIdentifier(offset = 0): boolean {
    const t = this.peek(offset);
    return t.type === 'quoted' || (t.type === 'ident' && !RESERVED.has(t.upper));
  }

  expectIdentifier(what = 'an identifier'): string {
    const t = this.current;
    if (t.type === 'quoted' || t.type === 'ident') {
      // Reserved words are allowed where only a name can appear (e.g. after AS) except the clause starters.
      if (t.type === 'ident' && RESERVED.has(t.upper) && !this.allowsReservedHere(t)) throw this.unexpected(what);
      this.advance();
      return t.text;
    }
    throw this.unexpected(what);
  }

  /** Reserved words may still name things in unambiguous places, but not those that start clauses. */
  private allowsReservedHere(t: Token): boolean {
    return !CLAUSE_STARTERS.has(t.upper);
  }

  expectString(what = 'a string literal'): string {
    const t = this.current;
    if (t.type !== 'string') throw this.unexpected(what);
    this.advance();
    return t.text;
  }

  expectInteger(what = 'an integer'): number {
    const t = this.current;
    if (t.type !== 'number' || !/^\d+$/.test(t.text)) throw this.unexpected(what);
    this.advance();
    return Number(t.text);
  }

  unexpected(expected: string, token: Token = this.current): SqlSyntaxError {
    const found = token.type === 'eof' ? 'end of input' : `'${describe(token)}'`;
    return new SqlSyntaxError(`unexpected ${found}, expected ${expected}`, token.pos);
  }

  error(message: string, pos: SourcePosition = this.pos): SqlSyntaxError {
    return new SqlSyntaxError(message, pos);
  }
}

const CLAUSE_STARTERS = new Set([
  'FROM', 'WHERE', 'GROUP', 'HAVING', 'ORDER', 'LIMIT', 'UNION', 'INTERSECT', 'EXCEPT', 'MINUS', 'JOIN', 'ON', 'SELECT',
  'WINDOW', 'QUALIFY', 'OFFSET', 'FETCH', 'INNER', 'LEFT', 'RIGHT', 'FULL', 'CROSS', 'NATURAL', 'USING', 'WHEN', 'THEN',
  'ELSE', 'END', 'AND', 'OR', 'NOT',
]);

function describe(t: Token): string {
  if (t.type === 'string') return `'${t.text}'`.slice(1, -1).length > 40 ? `${t.text.slice(0, 40)}...` : t.text;
  if (t.type === 'quoted') return `\`${t.text}\``;
  return t.text;
}
