import type { SourcePosition } from '@sluice/contracts';
import type { BinaryOp, CallExpr, Expr, IntervalUnit, OrderItem, Query, WindowSpec } from '../ast';
import { parseFrame } from './window-frame';
import { parseJsonValueArgs } from './json-value-args';
import { TypeParser } from './type-parser';

/** Binding powers for the Pratt loop: higher binds tighter. */
const BINARY: Record<string, { bp: number; op: BinaryOp }> = {
  OR: { bp: 1, op: 'OR' },
  AND: { bp: 2, op: 'AND' },
  '=': { bp: 4, op: '=' },
  '==': { bp: 4, op: '=' },
  '<>': { bp: 4, op: '<>' },
  '!=': { bp: 4, op: '<>' },
  '<': { bp: 4, op: '<' },
  '<=': { bp: 4, op: '<=' },
  '>': { bp: 4, op: '>' },
  '>=': { bp: 4, op: '>=' },
  '<=>': { bp: 4, op: '<=>' },
  '|': { bp: 5, op: '|' },
  '^': { bp: 6, op: '^' },
  '&': { bp: 7, op: '&' },
  '||': { bp: 8, op: '||' },
  '+': { bp: 9, op: '+' },
  '-': { bp: 9, op: '-' },
  '*': { bp: 10, op: '*' },
  '/': { bp: 10, op: '/' },
  '%': { bp: 10, op: '%' },
  DIV: { bp: 10, op: 'DIV' },
};
const COMPARISON_BP = 4;
const NOT_BP = 3;
const UNARY_BP = 11;

const UNITS: Record<string, IntervalUnit> = {
  YEAR: 'YEAR', YEARS: 'YEAR', QUARTER: 'QUARTER', QUARTERS: 'QUARTER', MONTH: 'MONTH', MONTHS: 'MONTH',
  WEEK: 'WEEK', WEEKS: 'WEEK', DAY: 'DAY', DAYS: 'DAY', HOUR: 'HOUR', HOURS: 'HOUR', MINUTE: 'MINUTE',
  MINUTES: 'MINUTE', SECOND: 'SECOND', SECONDS: 'SECOND', MILLISECOND: 'MILLISECOND', MILLISECONDS: 'MILLISECOND',
  MICROSECOND: 'MICROSECOND', MICROSECONDS: 'MICROSECOND',
};

/**
 * Expressions, by precedence climbing (the sqlparser-rs approach). Subqueries inside expressions
 * are delegated to parseQuery, which the query parser (a subclass) provides.
 */
export abstract class ExpressionParser extends TypeParser {
  abstract parseQuery(): Query;

  parseExpr(minBp = 0): Expr {
    let left = this.parsePrefix();
    for (;;) {
      const next = this.parseInfix(left, minBp);
      if (!next) return left;
      left = next;
    }
  }

  private parseInfix(left: Expr, minBp: number): Expr | undefined {
    const t = this.current;
    const pos = left.pos;
    if (t.type === 'op' && t.text === '::' && minBp <= UNARY_BP) {
      this.advance();
      return { kind: 'cast', expr: left, type: this.parseTypeName(), mode: 'cast', pos };
    }
    if (t.type === 'op' && t.text === '[' && minBp <= UNARY_BP) {
      this.advance();
      const index = this.parseExpr();
      this.expectOp(']');
      return { kind: 'subscript', expr: left, index, pos };
    }
    if (t.type === 'op' && t.text === '.' && minBp <= UNARY_BP && left.kind !== 'column') {
      this.advance();
      return { kind: 'field', expr: left, field: this.expectIdentifier('a field name'), pos };
    }
    const word = t.type === 'ident' ? t.upper : t.type === 'op' ? t.text : '';
    if (minBp < COMPARISON_BP) {
      const predicate = this.parsePredicateSuffix(left);
      if (predicate) return predicate;
    }
    const binary = BINARY[word];
    if (!binary || binary.bp <= minBp) return undefined;
    if (t.type === 'ident' && word !== 'AND' && word !== 'OR' && word !== 'DIV') return undefined;
    this.advance();
    const right = this.parseExpr(binary.bp);
    return { kind: 'binary', op: binary.op, left, right, pos };
  }

  /** IS [NOT] NULL/TRUE/FALSE/DISTINCT FROM, [NOT] BETWEEN/IN/LIKE/RLIKE/ILIKE/SIMILAR TO. */
  private parsePredicateSuffix(left: Expr): Expr | undefined {
    const pos = left.pos;
    if (this.acceptKeyword('IS')) {
      const negated = this.acceptKeyword('NOT');
      if (this.acceptKeyword('DISTINCT', 'FROM')) {
        const right = this.parseExpr(COMPARISON_BP);
        return { kind: 'binary', op: negated ? 'IS NOT DISTINCT FROM' : 'IS DISTINCT FROM', left, right, pos };
      }
      for (const test of ['NULL', 'TRUE', 'FALSE', 'UNKNOWN'] as const)
        if (this.acceptKeyword(test)) return { kind: 'is', expr: left, test, negated, pos };
      throw this.unexpected('NULL, TRUE, FALSE, UNKNOWN or DISTINCT FROM');
    }
    const negated = this.isKeyword('NOT') && ['BETWEEN', 'IN', 'LIKE', 'RLIKE', 'ILIKE', 'SIMILAR', 'REGEXP'].includes(this.peek().upper);
    if (negated) this.advance();
    if (this.acceptKeyword('BETWEEN')) {
      const symmetric = this.acceptKeyword('SYMMETRIC');
      if (!symmetric) this.acceptKeyword('ASYMMETRIC');
      const low = this.parseExpr(COMPARISON_BP);
      this.expectKeyword('AND');
      const high = this.parseExpr(COMPARISON_BP);
      return { kind: 'between', expr: left, low, high, negated, symmetric, pos };
    }
    if (this.acceptKeyword('IN')) {
      this.expectOp('(');
      if (this.isKeyword('SELECT') || this.isKeyword('WITH') || this.isKeyword('VALUES')) {
        const query = this.parseQuery();
        this.expectOp(')');
        return { kind: 'in', expr: left, query, negated, pos };
      }
      const list = this.parseExprList();
      this.expectOp(')');
      return { kind: 'in', expr: left, list, negated, pos };
    }
    for (const op of ['LIKE', 'ILIKE', 'RLIKE', 'REGEXP'] as const) {
      if (this.acceptKeyword(op)) {
        const pattern = this.parseExpr(COMPARISON_BP);
        const escape = op === 'LIKE' && this.acceptKeyword('ESCAPE') ? this.parseExpr(COMPARISON_BP) : undefined;
        return { kind: 'like', op: op === 'REGEXP' ? 'RLIKE' : op, expr: left, pattern, escape, negated, pos };
      }
    }
    if (this.acceptKeyword('SIMILAR', 'TO')) {
      const pattern = this.parseExpr(COMPARISON_BP);
      const escape = this.acceptKeyword('ESCAPE') ? this.parseExpr(COMPARISON_BP) : undefined;
      return { kind: 'like', op: 'SIMILAR TO', expr: left, pattern, escape, negated, pos };
    }
    if (negated) throw this.unexpected('BETWEEN, IN, LIKE or SIMILAR TO');
    return undefined;
  }

  parseExprList(): Expr[] {
    const list = [this.parseExpr()];
    while (this.acceptOp(',')) list.push(this.parseExpr());
    return list;
  }

  private parsePrefix(): Expr {
    const t = this.current;
    const pos = t.pos;
    if (t.type === 'number') {
      this.advance();
      const m = /^(.*?)(BD|[LSYDF])?$/i.exec(t.text)!;
      return { kind: 'literal', literal: 'number', value: m[1], suffix: m[2]?.toUpperCase(), pos };
    }
    if (t.type === 'string') {
      this.advance();
      let value = t.text;
      // Adjacent string literals concatenate ('a' 'b'), as in both dialects.
      while (this.current.type === 'string') value += this.advance().text;
      return { kind: 'literal', literal: 'string', value, pos };
    }
    if (t.type === 'op') {
      if (t.text === '(') return this.parseParenthesized();
      if (t.text === '-' || t.text === '+' || t.text === '~') {
        this.advance();
        const arg = this.parseExpr(UNARY_BP);
        if (t.text === '-' && arg.kind === 'literal' && arg.literal === 'number' && !String(arg.value).startsWith('-'))
          return { ...arg, value: `-${arg.value}`, pos };
        if (t.text === '-' && arg.kind === 'interval') return { ...arg, negative: !arg.negative, pos };
        return { kind: 'unary', op: t.text as '-' | '+' | '~', arg, pos };
      }
      if (t.text === '*') {
        this.advance();
        return { kind: 'star', pos };
      }
      if (t.text === '!') {
        this.advance();
        return { kind: 'unary', op: 'NOT', arg: this.parseExpr(NOT_BP), pos };
      }
      throw this.unexpected('an expression');
    }
    if (t.type === 'quoted') return this.parseNameOrCall();
    if (t.type !== 'ident') throw this.unexpected('an expression');
    return this.parseKeywordPrefix(t.upper, pos) ?? this.parseNameOrCall();
  }

  private parseKeywordPrefix(word: string, pos: SourcePosition): Expr | undefined {
    const nextIsString = this.peek().type === 'string';
    switch (word) {
      case 'NOT':
        this.advance();
        return { kind: 'unary', op: 'NOT', arg: this.parseExpr(NOT_BP), pos };
      case 'NULL':
        this.advance();
        return { kind: 'literal', literal: 'null', value: null, pos };
      case 'TRUE':
      case 'FALSE':
        this.advance();
        return { kind: 'literal', literal: 'boolean', value: word === 'TRUE', pos };
      case 'DATE':
      case 'TIME':
      case 'TIMESTAMP':
      case 'TIMESTAMP_LTZ':
      case 'TIMESTAMP_NTZ':
        if (!nextIsString) return undefined;
        this.advance();
        return {
          kind: 'literal',
          literal: word === 'TIMESTAMP_NTZ' ? 'timestamp' : (word.toLowerCase() as 'date' | 'time' | 'timestamp' | 'timestamp_ltz'),
          value: this.advance().text,
          pos,
        };
      case 'X':
        if (!nextIsString) return undefined;
        this.advance();
        return { kind: 'literal', literal: 'binary', value: this.advance().text, pos };
      case 'INTERVAL':
        return this.parseInterval();
      case 'CASE':
        return this.parseCase();
      case 'CAST':
      case 'TRY_CAST':
        if (!this.isOp('(', 1)) return undefined;
        return this.parseCast(word === 'CAST' ? 'cast' : 'try');
      case 'EXISTS':
        if (!this.isOp('(', 1)) return undefined;
        this.advance();
        this.expectOp('(');
        {
          const query = this.parseQuery();
          this.expectOp(')');
          return { kind: 'exists', query, pos };
        }
      case 'CURRENT_DATE':
      case 'CURRENT_TIMESTAMP':
      case 'CURRENT_TIME':
      case 'LOCALTIMESTAMP':
      case 'LOCALTIME':
        if (this.isOp('(', 1) || this.isOp('.', 1)) return undefined;
        this.advance();
        return this.call(word, [], pos);
      case 'RUNNING':
      case 'FINAL':
        if (this.peek().type !== 'ident' || !this.isOp('(', 2)) return undefined;
        this.advance();
        {
          const inner = this.parseNameOrCall();
          if (inner.kind !== 'call') throw this.error(`${word} must be followed by a function call`, pos);
          return { ...inner, semantics: word, pos };
        }
      case 'ARRAY':
      case 'MAP':
        if (!this.isOp('[', 1)) return undefined;
        this.advance();
        this.advance();
        {
          const args = this.isOp(']') ? [] : this.parseExprList();
          this.expectOp(']');
          return this.call(word, args, pos);
        }
      default:
        return undefined;
    }
  }

  protected call(name: string, args: Expr[], pos: SourcePosition): CallExpr {
    return { kind: 'call', name, args, distinct: false, star: false, pos };
  }

  private parseParenthesized(): Expr {
    const pos = this.pos;
    this.expectOp('(');
    if (this.isKeyword('SELECT') || this.isKeyword('WITH') || this.isKeyword('VALUES')) {
      const query = this.parseQuery();
      this.expectOp(')');
      return { kind: 'subquery', query, pos };
    }
    const first = this.parseExpr();
    if (this.acceptOp(',')) {
      const items = [first, ...this.parseExprList()];
      this.expectOp(')');
      return this.call('ROW', items, pos);
    }
    this.expectOp(')');
    return first;
  }

  private parseCase(): Expr {
    const pos = this.expectKeyword('CASE').pos;
    const operand = this.isKeyword('WHEN') ? undefined : this.parseExpr();
    const whens: { when: Expr; then: Expr }[] = [];
    while (this.acceptKeyword('WHEN')) {
      const when = this.parseExpr();
      this.expectKeyword('THEN');
      whens.push({ when, then: this.parseExpr() });
    }
    if (whens.length === 0) throw this.unexpected('WHEN');
    const otherwise = this.acceptKeyword('ELSE') ? this.parseExpr() : undefined;
    this.expectKeyword('END');
    return { kind: 'case', operand, whens, else: otherwise, pos };
  }

  private parseCast(mode: 'cast' | 'try'): Expr {
    const pos = this.advance().pos;
    this.expectOp('(');
    const expr = this.parseExpr();
    this.expectKeyword('AS');
    const type = this.parseTypeName();
    this.expectOp(')');
    return { kind: 'cast', expr, type, mode, pos };
  }

  /** INTERVAL '10' SECOND, INTERVAL '1 02:00' DAY TO MINUTE, Spark INTERVAL 3 DAYS 2 HOURS. */
  private parseInterval(): Expr {
    const pos = this.expectKeyword('INTERVAL').pos;
    let negative = false;
    if (this.acceptOp('-')) negative = true;
    else this.acceptOp('+');
    const parts: Expr[] = [];
    do {
      const t = this.current;
      if (t.type !== 'string' && t.type !== 'number') throw this.unexpected("an interval value such as '10'");
      this.advance();
      let value = t.text;
      let unitToken = this.current;
      if (t.type === 'string' && (unitToken.type !== 'ident' || !UNITS[unitToken.upper])) {
        // Spark: INTERVAL '1 day 2 hours' (units inside the string)
        return { kind: 'call', name: '__INTERVAL_STRING', args: [{ kind: 'literal', literal: 'string', value, pos }], distinct: false, star: false, pos };
      }
      const from = UNITS[unitToken.upper];
      if (!from) throw this.unexpected('an interval unit (YEAR, MONTH, DAY, HOUR, MINUTE, SECOND, ...)');
      this.advance();
      if (this.acceptOp('(')) {
        this.expectInteger();
        if (this.acceptOp(',')) this.expectInteger();
        this.expectOp(')');
      }
      let to: IntervalUnit | undefined;
      if (this.acceptKeyword('TO')) {
        unitToken = this.current;
        to = UNITS[unitToken.upper];
        if (!to) throw this.unexpected('an interval unit');
        this.advance();
        if (this.acceptOp('(')) {
          this.expectInteger();
          this.expectOp(')');
        }
      }
      if (value.startsWith('-')) {
        value = value.slice(1);
        parts.push({ kind: 'interval', value, from, to, negative: !negative, pos });
      } else parts.push({ kind: 'interval', value, from, to, negative, pos });
    } while (this.dialect === 'spark' && (this.current.type === 'number' || this.current.type === 'string') && UNITS[this.peek().upper]);
    return parts.reduce((a, b) => ({ kind: 'binary', op: '+', left: a, right: b, pos }));
  }

  /** Identifiers (a, a.b, a.*) and function calls with their special argument syntaxes. */
  private parseNameOrCall(): Expr {
    const pos = this.pos;
    const first = this.current;
    const parts = [this.expectIdentifierOrKeyword()];
    while (this.isOp('.')) {
      if (this.isOp('*', 1)) {
        this.advance();
        this.advance();
        return { kind: 'star', qualifier: parts, pos };
      }
      this.advance();
      parts.push(this.expectIdentifierOrKeyword());
    }
    if (!this.isOp('(') || first.type === 'quoted') return { kind: 'column', parts, pos };
    const name = parts.join('.').toUpperCase();
    this.advance();
    return this.parseCallRest(name, pos);
  }

  private expectIdentifierOrKeyword(): string {
    const t = this.current;
    if (t.type === 'ident' || t.type === 'quoted') {
      this.advance();
      return t.text;
    }
    throw this.unexpected('an identifier');
  }

  private parseCallRest(name: string, pos: SourcePosition): Expr {
    const special = this.parseSpecialCallArgs(name, pos);
    if (special) return special;
    let distinct = false;
    let star = false;
    let args: Expr[] = [];
    if (this.acceptOp('*')) star = true;
    else if (!this.isOp(')')) {
      distinct = this.acceptKeyword('DISTINCT');
      if (!distinct) this.acceptKeyword('ALL');
      args = this.parseExprList();
    }
    let ignoreNulls: boolean | undefined;
    if (this.acceptKeyword('IGNORE', 'NULLS')) ignoreNulls = true;
    else if (this.acceptKeyword('RESPECT', 'NULLS')) ignoreNulls = false;
    this.expectOp(')');
    if (this.acceptKeyword('IGNORE', 'NULLS')) ignoreNulls = true;
    else if (this.acceptKeyword('RESPECT', 'NULLS')) ignoreNulls = false;
    let filter: Expr | undefined;
    if (this.isKeyword('FILTER') && this.isOp('(', 1)) {
      this.advance();
      this.advance();
      this.expectKeyword('WHERE');
      filter = this.parseExpr();
      this.expectOp(')');
    }
    let over: WindowSpec | undefined;
    if (this.acceptKeyword('OVER')) over = this.parseWindowSpecOrName();
    return { kind: 'call', name, args, distinct, star, filter, over, ignoreNulls, pos };
  }

  /** EXTRACT(f FROM x), POSITION(a IN b), TRIM([BOTH|LEADING|TRAILING] [c] FROM s), SUBSTRING(s FROM a FOR b), FLOOR(x TO u). */
  private parseSpecialCallArgs(name: string, pos: SourcePosition): Expr | undefined {
    const str = (value: string): Expr => ({ kind: 'literal', literal: 'string', value, pos });
    if (name === 'EXTRACT') {
      const field = this.current.type === 'string' ? this.advance().text.toUpperCase() : this.expectIdentifierOrKeyword().toUpperCase();
      if (!this.acceptKeyword('FROM')) this.expectOp(',');
      const arg = this.parseExpr();
      this.expectOp(')');
      return this.call('EXTRACT', [str(UNITS[field] ?? field), arg], pos);
    }
    if (name === 'POSITION' && !this.isOp(')')) {
      const needle = this.parseExpr(COMPARISON_BP);
      if (this.acceptKeyword('IN')) {
        const haystack = this.parseExpr();
        this.expectOp(')');
        return { ...this.call('POSITION', [needle, haystack], pos), form: 'IN' };
      }
      const rest = this.acceptOp(',') ? this.parseExprList() : [];
      this.expectOp(')');
      return this.call('POSITION', [needle, ...rest], pos);
    }
    if (name === 'TRIM' || name === 'LTRIM' || name === 'RTRIM') return this.parseTrimArgs(name, pos);
    if (name === 'JSON_VALUE' && this.dialect === 'flink' && !this.isOp(')')) return parseJsonValueArgs(this, pos);
    if ((name === 'SUBSTRING' || name === 'SUBSTR') && !this.isOp(')')) {
      const s = this.parseExpr();
      if (this.acceptKeyword('FROM')) {
        const args = [s, this.parseExpr()];
        if (this.acceptKeyword('FOR')) args.push(this.parseExpr());
        this.expectOp(')');
        return { ...this.call(name, args, pos), form: 'FROM' };
      }
      const args = [s, ...(this.acceptOp(',') ? this.parseExprList() : [])];
      this.expectOp(')');
      return this.call(name, args, pos);
    }
    if ((name === 'FLOOR' || name === 'CEIL' || name === 'CEILING') && !this.isOp(')')) {
      const x = this.parseExpr();
      if (this.acceptKeyword('TO')) {
        const unit = this.expectIdentifierOrKeyword().toUpperCase();
        this.expectOp(')');
        return this.call(name === 'FLOOR' ? 'TIME_FLOOR' : 'TIME_CEIL', [x, str(UNITS[unit] ?? unit)], pos);
      }
      const args = [x, ...(this.acceptOp(',') ? this.parseExprList() : [])];
      this.expectOp(')');
      return this.call(name, args, pos);
    }
    if ((name === 'TIMESTAMPADD' || name === 'TIMESTAMPDIFF') && this.current.type === 'ident' && UNITS[this.current.upper] && this.isOp(',', 1)) {
      const unit = UNITS[this.advance().upper];
      this.expectOp(',');
      const args = [str(unit), ...this.parseExprList()];
      this.expectOp(')');
      return this.call(name, args, pos);
    }
    return undefined;
  }

  private parseTrimArgs(name: string, pos: SourcePosition): Expr {
    const str = (value: string): Expr => ({ kind: 'literal', literal: 'string', value, pos });
    let mode = name === 'LTRIM' ? 'LEADING' : name === 'RTRIM' ? 'TRAILING' : 'BOTH';
    let explicitMode = false;
    for (const m of ['BOTH', 'LEADING', 'TRAILING']) {
      if (this.acceptKeyword(m)) {
        mode = m;
        explicitMode = true;
      }
    }
    if (explicitMode && this.acceptKeyword('FROM')) {
      const s = this.parseExpr();
      this.expectOp(')');
      return { ...this.call('TRIM', [str(mode), str(' '), s], pos), form: 'FROM' };
    }
    const first = this.parseExpr();
    if (this.acceptKeyword('FROM')) {
      const s = this.parseExpr();
      this.expectOp(')');
      return { ...this.call('TRIM', [str(mode), first, s], pos), form: 'FROM' };
    }
    if (this.acceptOp(',')) {
      // Spark: trim(str, trimStr) / ltrim(str, trimStr)
      const chars = this.parseExpr();
      this.expectOp(')');
      return this.call('TRIM', [str(mode), chars, first], pos);
    }
    this.expectOp(')');
    const form = name === 'LTRIM' ? 'LTRIM' : name === 'RTRIM' ? 'RTRIM' : undefined;
    return { ...this.call('TRIM', [str(mode), str(' '), first], pos), form };
  }

  parseWindowSpecOrName(): WindowSpec {
    const pos = this.pos;
    if (!this.isOp('(')) return { name: this.expectIdentifier('a window name or ('), partitionBy: [], orderBy: [], pos };
    this.expectOp('(');
    let name: string | undefined;
    if (this.isIdentifier() && !this.isKeyword('PARTITION') && !this.isKeyword('ORDER') && !this.isKeyword('ROWS') && !this.isKeyword('RANGE'))
      name = this.expectIdentifier();
    const partitionBy = this.acceptKeyword('PARTITION', 'BY') ? this.parseExprList() : [];
    const orderBy = this.acceptKeyword('ORDER', 'BY') ? this.parseOrderList() : [];
    const frame = parseFrame(this);
    this.expectOp(')');
    return { name, partitionBy, orderBy, frame, pos };
  }

  parseOrderList(): OrderItem[] {
    const items: OrderItem[] = [];
    do {
      const pos = this.pos;
      const expr = this.parseExpr();
      let descending = false;
      if (this.acceptKeyword('DESC')) descending = true;
      else this.acceptKeyword('ASC');
      let nullsFirst: boolean | undefined;
      if (this.acceptKeyword('NULLS', 'FIRST')) nullsFirst = true;
      else if (this.acceptKeyword('NULLS', 'LAST')) nullsFirst = false;
      items.push({ expr, descending, nullsFirst, pos });
    } while (this.acceptOp(','));
    return items;
  }
}
