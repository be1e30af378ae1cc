import { SqlSyntaxError, type SourcePosition } from '@sluice/contracts';

export type TokenType =
  | 'ident' // unquoted identifier or keyword (keywords are recognised by the parser, case-insensitively)
  | 'quoted' // `quoted identifier` (or "double quoted" in Flink)
  | 'string' // 'string literal'
  | 'number' // 123, 1.5, 1e3, Spark suffixes 10L 1.5BD 2S 3Y 1.0D
  | 'op' // operators and punctuation
  | 'eof';

export interface Token {
  readonly type: TokenType;
  /** Identifier text as written (quotes removed), literal text (quotes removed), or operator. */
  readonly text: string;
  /** Upper-case text for ident tokens (keyword matching), same as text otherwise. */
  readonly upper: string;
  readonly pos: SourcePosition;
  /** Offset of the token's first character in the script. */
  readonly offset: number;
  /** Offset just past the token. */
  readonly end: number;
}

const OPERATORS = [
  '<=>',
  '<>',
  '!=',
  '<=',
  '>=',
  '||',
  '::',
  '->',
  '=>',
  '==',
  '&&',
  '(',
  ')',
  ',',
  ';',
  '.',
  '+',
  '-',
  '*',
  '/',
  '%',
  '=',
  '<',
  '>',
  '[',
  ']',
  '{',
  '}',
  '?',
  ':',
  '|',
  '^',
  '&',
  '~',
  '!',
];

export interface LexOptions {
  /** Spark also allows "double-quoted" string literals and backslash escapes. */
  readonly dialect: 'flink' | 'spark';
}

/** Splits a SQL script into tokens, each with its 1-based line:column. */
export function tokenize(sql: string, options: LexOptions): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  let line = 1;
  let lineStart = 0;
  const n = sql.length;
  const posAt = (offset: number): SourcePosition => ({ line, column: offset - lineStart + 1 });
  const advanceLines = (from: number, to: number) => {
    for (let k = from; k < to; k++)
      if (sql.charCodeAt(k) === 10) {
        line++;
        lineStart = k + 1;
      }
  };
  const push = (type: TokenType, text: string, start: number, pos: SourcePosition) =>
    tokens.push({ type, text, upper: type === 'ident' ? text.toUpperCase() : text, pos, offset: start, end: i });

  while (i < n) {
    const c = sql[i];
    if (c === '\n') {
      i++;
      line++;
      lineStart = i;
      continue;
    }
    if (c === ' ' || c === '\t' || c === '\r' || c === '\f') {
      i++;
      continue;
    }
    if (c === '-' && sql[i + 1] === '-') {
      while (i < n && sql[i] !== '\n') i++;
      continue;
    }
    if (c === '/' && sql[i + 1] === '*') {
      const start = i;
      const pos = posAt(i);
      const close = sql.indexOf('*/', i + 2);
      if (close < 0) throw new SqlSyntaxError('unterminated comment /* ... */', pos);
      i = close + 2;
      advanceLines(start, i);
      continue;
    }
    const start = i;
    const pos = posAt(i);
    if (isIdentStart(c)) {
      while (i < n && isIdentPart(sql[i])) i++;
      push('ident', sql.slice(start, i), start, pos);
      continue;
    }
    if (isDigit(c) || (c === '.' && isDigit(sql[i + 1]))) {
      i = scanNumber(sql, i);
      // A number directly followed by letters is an identifier in Spark (e.g. `1a`) only when
      // no suffix applies; we treat it as a syntax error to keep things simple and explicit.
      push('number', sql.slice(start, i), start, pos);
      continue;
    }
    if (c === "'" || (c === '"' && options.dialect === 'spark')) {
      const { text, end } = scanString(sql, i, c, options.dialect === 'spark', pos);
      i = end;
      advanceLines(start, i);
      push('string', text, start, pos);
      continue;
    }
    if (c === '`' || (c === '"' && options.dialect === 'flink')) {
      const { text, end } = scanQuoted(sql, i, c, pos);
      i = end;
      advanceLines(start, i);
      push('quoted', text, start, pos);
      continue;
    }
    const op = OPERATORS.find((o) => sql.startsWith(o, i));
    if (!op) throw new SqlSyntaxError(`unexpected character '${c}'`, pos);
    i += op.length;
    push('op', op, start, pos);
  }
  tokens.push({ type: 'eof', text: '', upper: '', pos: posAt(n), offset: n, end: n });
  return tokens;
}

function isDigit(c: string | undefined): boolean {
  return c !== undefined && c >= '0' && c <= '9';
}
function isIdentStart(c: string): boolean {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c === '_' || c === '$' || c.charCodeAt(0) > 127;
}
function isIdentPart(c: string): boolean {
  return isIdentStart(c) || isDigit(c);
}

function scanNumber(sql: string, i: number): number {
  while (isDigit(sql[i])) i++;
  if (sql[i] === '.' && sql[i + 1] !== '.') {
    i++;
    while (isDigit(sql[i])) i++;
  }
  if ((sql[i] === 'e' || sql[i] === 'E') && (isDigit(sql[i + 1]) || ((sql[i + 1] === '+' || sql[i + 1] === '-') && isDigit(sql[i + 2])))) {
    i += 2;
    while (isDigit(sql[i])) i++;
  }
  // Spark literal suffixes: 10L (BIGINT), 10S (SMALLINT), 10Y (TINYINT), 1.5D (DOUBLE), 1.5F, 1.5BD (DECIMAL).
  const rest = sql.slice(i, i + 2).toUpperCase();
  if (rest === 'BD' && !isIdentPart(sql[i + 2] ?? ' ')) return i + 2;
  if ('LSYDF'.includes(rest[0] ?? '#') && rest[0] !== undefined && !isIdentPart(sql[i + 1] ?? ' ')) return i + 1;
  return i;
}

function scanString(sql: string, i: number, quote: string, backslashEscapes: boolean, pos: SourcePosition) {
  let text = '';
  i++;
  for (;;) {
    if (i >= sql.length) throw new SqlSyntaxError(`unterminated string literal starting with ${quote}`, pos);
    const c = sql[i];
    if (c === quote) {
      if (sql[i + 1] === quote) {
        text += quote;
        i += 2;
        continue;
      }
      return { text, end: i + 1 };
    }
    if (c === '\\' && backslashEscapes && i + 1 < sql.length) {
      const e = sql[i + 1];
      text += ESCAPES[e] ?? e;
      i += 2;
      continue;
    }
    text += c;
    i++;
  }
}

const ESCAPES: Record<string, string> = { n: '\n', t: '\t', r: '\r', '0': '\0', b: '\b', Z: '\x1a' };

function scanQuoted(sql: string, i: number, quote: string, pos: SourcePosition) {
  let text = '';
  i++;
  for (;;) {
    if (i >= sql.length) throw new SqlSyntaxError(`unterminated quoted identifier starting with ${quote}`, pos);
    if (sql[i] === quote) {
      if (sql[i + 1] === quote) {
        text += quote;
        i += 2;
        continue;
      }
      return { text, end: i + 1 };
    }
    text += sql[i++];
  }
}
