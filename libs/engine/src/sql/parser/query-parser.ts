import type { SourcePosition } from '@sluice/contracts';
import type {
  Cte,
  Expr,
  FromItem,
  GroupingElement,
  JoinType,
  Query,
  QueryBody,
  Select,
  SelectItem,
  TableAlias,
  TvfArg,
  WindowSpec,
} from '../ast';
import { ExpressionParser } from './expression-parser';
import { parseMatchRecognize } from './match-recognize-parser';

/** SELECT queries: WITH, set operations, SELECT blocks, FROM items, ORDER BY / LIMIT. */
export class QueryParser extends ExpressionParser {
  parseQuery(): Query {
    const pos = this.pos;
    const ctes: Cte[] = [];
    if (this.acceptKeyword('WITH')) {
      this.acceptKeyword('RECURSIVE');
      do ctes.push(this.parseCte());
      while (this.acceptOp(','));
    }
    const body = this.parseSetExpression(0);
    const orderBy = this.acceptKeyword('ORDER', 'BY') ? this.parseOrderList() : [];
    let limit: Expr | undefined;
    let offset: Expr | undefined;
    for (;;) {
      if (!limit && this.acceptKeyword('LIMIT')) {
        limit = this.acceptKeyword('ALL') ? undefined : this.parseExpr();
        if (limit && this.acceptOp(',')) {
          // MySQL-style LIMIT offset, count is not valid in either dialect.
          throw this.error('LIMIT offset, count is not valid here; write LIMIT count OFFSET offset');
        }
      } else if (!offset && this.acceptKeyword('OFFSET')) {
        offset = this.parseExpr();
        if (!this.acceptKeyword('ROWS')) this.acceptKeyword('ROW');
      } else if (!limit && this.acceptKeyword('FETCH')) {
        if (!this.acceptKeyword('FIRST')) this.expectKeyword('NEXT');
        limit = this.isKeyword('ROW') || this.isKeyword('ROWS') ? { kind: 'literal', literal: 'number', value: '1', pos: this.pos } : this.parseExpr();
        if (!this.acceptKeyword('ROWS')) this.expectKeyword('ROW');
        this.expectKeyword('ONLY');
      } else break;
    }
    return { kind: 'query', with: ctes, body, orderBy, limit, offset, pos };
  }

  private parseCte(): Cte {
    const pos = this.pos;
    const name = this.expectIdentifier('a CTE name');
    const columns = this.isOp('(') ? this.parseColumnAliasList() : undefined;
    this.expectKeyword('AS');
    this.expectOp('(');
    const query = this.parseQuery();
    this.expectOp(')');
    return { name, columns, query, pos };
  }

  /** UNION/EXCEPT bind looser than INTERSECT, as in the SQL standard and both dialects. */
  private parseSetExpression(minBp: number): QueryBody {
    let left = this.parseQueryPrimary();
    for (;;) {
      const pos = this.pos;
      let op: 'UNION' | 'INTERSECT' | 'EXCEPT';
      let bp: number;
      if (this.isKeyword('UNION')) [op, bp] = ['UNION', 1];
      else if (this.isKeyword('EXCEPT') || this.isKeyword('MINUS')) [op, bp] = ['EXCEPT', 1];
      else if (this.isKeyword('INTERSECT')) [op, bp] = ['INTERSECT', 2];
      else return left;
      if (bp <= minBp) return left;
      this.advance();
      const all = this.acceptKeyword('ALL');
      if (!all) this.acceptKeyword('DISTINCT');
      const right = this.parseSetExpression(bp);
      left = { kind: 'setop', op, all, left, right, pos };
    }
  }

  private parseQueryPrimary(): QueryBody {
    const pos = this.pos;
    if (this.isKeyword('SELECT')) return this.parseSelect();
    if (this.isKeyword('VALUES')) {
      this.advance();
      return { kind: 'values', rows: this.parseValuesRows(), pos };
    }
    if (this.isKeyword('TABLE')) {
      this.advance();
      const name = this.parseQualifiedName();
      return this.selectStarFrom({ kind: 'table', name, pos }, pos);
    }
    if (this.acceptOp('(')) {
      const q = this.parseQuery();
      this.expectOp(')');
      return q;
    }
    if (this.isKeyword('FROM')) throw this.unexpected('SELECT (FROM-first queries are not valid in Flink or Spark SQL)');
    throw this.unexpected('SELECT, VALUES or (');
  }

  private selectStarFrom(from: FromItem, pos: SourcePosition): Select {
    return { kind: 'select', distinct: false, items: [{ expr: { kind: 'star', pos }, pos }], from, groupBy: [], windows: [], pos };
  }

  parseValuesRows(): Expr[][] {
    const rows: Expr[][] = [];
    do {
      if (this.acceptOp('(')) {
        rows.push(this.parseExprList());
        this.expectOp(')');
      } else rows.push([this.parseExpr()]);
    } while (this.acceptOp(','));
    return rows;
  }

  private parseSelect(): Select {
    const pos = this.expectKeyword('SELECT').pos;
    const distinct = this.acceptKeyword('DISTINCT');
    if (!distinct) this.acceptKeyword('ALL');
    const items: SelectItem[] = [];
    do items.push(this.parseSelectItem());
    while (this.acceptOp(','));
    const from = this.acceptKeyword('FROM') ? this.parseFrom() : undefined;
    const where = this.acceptKeyword('WHERE') ? this.parseExpr() : undefined;
    const groupBy = this.acceptKeyword('GROUP', 'BY') ? this.parseGroupBy() : [];
    const having = this.acceptKeyword('HAVING') ? this.parseExpr() : undefined;
    const windows: { name: string; spec: WindowSpec }[] = [];
    if (this.acceptKeyword('WINDOW')) {
      do {
        const name = this.expectIdentifier('a window name');
        this.expectKeyword('AS');
        windows.push({ name, spec: this.parseWindowSpecOrName() });
      } while (this.acceptOp(','));
    }
    const qualify = this.acceptKeyword('QUALIFY') ? this.parseExpr() : undefined;
    return { kind: 'select', distinct, items, from, where, groupBy, having, windows, qualify, pos };
  }

  private parseSelectItem(): SelectItem {
    const pos = this.pos;
    const expr = this.parseExpr();
    if (this.acceptKeyword('AS')) {
      if (this.isOp('(')) throw this.error('multi-column aliases AS (a, b) are not supported yet', this.pos);
      return { expr, alias: this.current.type === 'string' ? this.advance().text : this.expectIdentifier('an alias'), pos };
    }
    if (this.isIdentifier()) return { expr, alias: this.expectIdentifier(), pos };
    return { expr, pos };
  }

  private parseGroupBy(): GroupingElement[] {
    const elements: GroupingElement[] = [];
    do {
      const pos = this.pos;
      if (this.acceptKeyword('GROUPING', 'SETS')) {
        this.expectOp('(');
        const sets: Expr[][] = [];
        do sets.push(this.parseGroupingSet());
        while (this.acceptOp(','));
        this.expectOp(')');
        elements.push({ kind: 'sets', sets, pos });
      } else if ((this.isKeyword('ROLLUP') || this.isKeyword('CUBE')) && this.isOp('(', 1)) {
        const kind = this.advance().upper === 'ROLLUP' ? 'rollup' : 'cube';
        this.expectOp('(');
        const items: Expr[][] = [];
        do items.push(this.parseGroupingSet());
        while (this.acceptOp(','));
        this.expectOp(')');
        if (items.some((i) => i.length === 0)) throw this.error(`Empty set in ${kind.toUpperCase()} grouping sets is not supported`, pos);
        // ROLLUP((a, b), c): a parenthesized list is one unit, so expand to grouping sets here.
        if (items.every((i) => i.length === 1)) elements.push({ kind, exprs: items.map((i) => i[0]), pos });
        else elements.push({ kind: 'sets', sets: expandRollupOrCube(kind, items), pos });
      } else elements.push({ kind: 'expr', expr: this.parseExpr() });
    } while (this.acceptOp(','));
    // Spark: GROUP BY a, b GROUPING SETS ((a), (b)): the list names the grouping expressions,
    // the grouping sets alone decide the groups.
    if (this.dialect === 'spark' && this.isKeyword('GROUPING') && this.isKeyword('SETS', 1) && elements.every((e) => e.kind === 'expr')) {
      const pos = this.pos;
      this.acceptKeyword('GROUPING', 'SETS');
      this.expectOp('(');
      const sets: Expr[][] = [];
      do sets.push(this.parseGroupingSet());
      while (this.acceptOp(','));
      this.expectOp(')');
      return [{ kind: 'sets', sets, declared: elements.map((e) => (e as { expr: Expr }).expr), pos }];
    }
    // Spark: GROUP BY a, b WITH ROLLUP / WITH CUBE
    if (this.acceptKeyword('WITH', 'ROLLUP') || this.acceptKeyword('WITH', 'CUBE')) {
      const kind = this.tokens[this.index - 1].upper === 'ROLLUP' ? 'rollup' : 'cube';
      const exprs = elements.map((e) => {
        if (e.kind !== 'expr') throw this.error(`WITH ${kind.toUpperCase()} needs plain grouping expressions`);
        return e.expr;
      });
      return [{ kind, exprs, pos: this.pos }];
    }
    return elements;
  }

  private parseGroupingSet(): Expr[] {
    if (this.acceptOp('(')) {
      if (this.acceptOp(')')) return [];
      const list = this.parseExprList();
      this.expectOp(')');
      return list;
    }
    return [this.parseExpr()];
  }

  parseFrom(): FromItem {
    let left = this.parseFromPrimaryWithSuffix();
    for (;;) {
      const pos = this.pos;
      if (this.acceptOp(',')) {
        const right = this.parseFromPrimaryWithSuffix();
        left = { kind: 'join', type: 'CROSS', left, right, natural: false, pos };
        continue;
      }
      const join = this.parseJoinKeyword();
      if (!join) return left;
      const right = this.parseFromPrimaryWithSuffix();
      let on: Expr | undefined;
      let using: string[] | undefined;
      if (join.type !== 'CROSS' && !join.natural) {
        if (this.acceptKeyword('ON')) on = this.parseExpr();
        else if (this.acceptKeyword('USING')) using = this.parseColumnAliasList();
        else if (join.type === 'INNER' && !join.explicit) {
          // Spark allows `a JOIN b` without a condition (a cross join); Flink requires ON.
          if (this.dialect === 'flink') throw this.unexpected('ON or USING');
        } else throw this.unexpected('ON or USING');
      }
      left = { kind: 'join', type: join.type, left, right, on, using, natural: join.natural, pos };
    }
  }

  private parseJoinKeyword(): { type: JoinType; natural: boolean; explicit: boolean } | undefined {
    const natural = this.acceptKeyword('NATURAL');
    let type: JoinType | undefined;
    let explicit = true;
    if (this.acceptKeyword('JOIN')) {
      type = 'INNER';
      explicit = false;
    }
    else if (this.acceptKeyword('INNER', 'JOIN')) type = 'INNER';
    else if (this.acceptKeyword('CROSS', 'JOIN')) type = 'CROSS';
    else if (this.acceptKeyword('LEFT', 'SEMI', 'JOIN') || this.acceptKeyword('SEMI', 'JOIN')) type = 'LEFT SEMI';
    else if (this.acceptKeyword('LEFT', 'ANTI', 'JOIN') || this.acceptKeyword('ANTI', 'JOIN')) type = 'LEFT ANTI';
    else {
      for (const [word, t] of [['LEFT', 'LEFT'], ['RIGHT', 'RIGHT'], ['FULL', 'FULL']] as const) {
        if (this.acceptKeyword(word, 'OUTER', 'JOIN') || this.acceptKeyword(word, 'JOIN')) {
          type = t;
          break;
        }
      }
    }
    if (!type) {
      if (natural) throw this.unexpected('JOIN');
      return undefined;
    }
    return { type, natural, explicit };
  }

  private parseFromPrimaryWithSuffix(): FromItem {
    let item = this.parseFromPrimary();
    while (this.isKeyword('MATCH_RECOGNIZE')) {
      const pos = this.advance().pos;
      const spec = parseMatchRecognize(this, pos);
      item = { kind: 'matchRecognize', input: item, spec, alias: this.parseOptionalAlias(), pos };
    }
    return item;
  }

  private parseFromPrimary(): FromItem {
    const pos = this.pos;
    const lateral = this.acceptKeyword('LATERAL');
    if (this.isOp('(')) {
      this.advance();
      if (this.isKeyword('SELECT') || this.isKeyword('WITH') || this.isKeyword('VALUES') || this.isOp('(')) {
        const query = this.parseQuery();
        this.expectOp(')');
        return { kind: 'subquery', query, alias: this.parseOptionalAlias(), lateral, pos };
      }
      const inner = this.parseFrom();
      this.expectOp(')');
      return inner;
    }
    if (this.isKeyword('TABLE') && this.isOp('(', 1)) {
      this.advance();
      this.expectOp('(');
      const tvf = this.parseTableFunction();
      this.expectOp(')');
      return { ...tvf, alias: this.parseOptionalAlias() };
    }
    if (this.isKeyword('VALUES')) {
      this.advance();
      const rows = this.parseValuesRows();
      return { kind: 'values', rows, alias: this.parseOptionalAlias(), pos };
    }
    const name = this.parseQualifiedName();
    if (this.isOp('(')) {
      // Spark's range(...) table function; other Spark-style table functions (explode(...)) are not supported.
      if (this.dialect === 'spark' && name.length === 1 && name[0].toLowerCase() === 'range') {
        this.expectOp('(');
        const args = this.isOp(')') ? [] : this.parseExprList().map((expr) => ({ kind: 'expr' as const, expr }));
        this.expectOp(')');
        return { kind: 'tvf', name: 'RANGE', args, alias: this.parseOptionalAlias(), pos };
      }
      throw this.error(`table function ${name.join('.')}(...) is not supported yet`, pos);
    }
    let forSystemTimeAsOf: Expr | undefined;
    if (this.acceptKeyword('FOR', 'SYSTEM_TIME', 'AS', 'OF')) forSystemTimeAsOf = this.parseExpr(8);
    return { kind: 'table', name, alias: this.parseOptionalAlias(), forSystemTimeAsOf, pos };
  }

  /** TUMBLE(TABLE t, DESCRIPTOR(ts), INTERVAL '1' MINUTE), also with named arguments (DATA => ...). */
  private parseTableFunction(): FromItem & { kind: 'tvf' } {
    const pos = this.pos;
    const name = this.expectIdentifier('a table function name').toUpperCase();
    this.expectOp('(');
    const args: TvfArg[] = [];
    if (!this.isOp(')')) {
      do {
        let argName: string | undefined;
        if (this.isIdentifier() && this.isOp('=>', 1)) {
          argName = this.expectIdentifier().toUpperCase();
          this.advance();
        }
        args.push(this.parseTvfArg(argName));
      } while (this.acceptOp(','));
    }
    this.expectOp(')');
    return { kind: 'tvf', name, args, pos };
  }

  private parseTvfArg(name: string | undefined): TvfArg {
    const pos = this.pos;
    if (this.acceptKeyword('TABLE')) {
      let table: FromItem;
      if (this.acceptOp('(')) {
        const query = this.parseQuery();
        this.expectOp(')');
        table = { kind: 'subquery', query, lateral: false, pos };
      } else table = { kind: 'table', name: this.parseQualifiedName(), pos };
      const partitionBy = this.acceptKeyword('PARTITION', 'BY') ? this.parsePartitionKeys() : undefined;
      return { kind: 'table', table, partitionBy, name };
    }
    if (this.acceptKeyword('DESCRIPTOR')) {
      this.expectOp('(');
      const columns = [this.expectIdentifier('a column name')];
      while (this.acceptOp(',')) columns.push(this.expectIdentifier('a column name'));
      this.expectOp(')');
      return { kind: 'descriptor', columns, name, pos };
    }
    return { kind: 'expr', expr: this.parseExpr(), name };
  }

  private parsePartitionKeys(): Expr[] {
    if (this.acceptOp('(')) {
      const list = this.parseExprList();
      this.expectOp(')');
      return list;
    }
    return [this.parseExpr(8)];
  }

  parseQualifiedName(): string[] {
    const parts = [this.expectIdentifier('a table name')];
    while (this.acceptOp('.')) parts.push(this.expectIdentifier('a name'));
    return parts;
  }

  parseOptionalAlias(): TableAlias | undefined {
    const explicit = this.acceptKeyword('AS');
    if (!explicit && !this.isIdentifier()) return undefined;
    if (!explicit && (this.isKeyword('WINDOW') || this.isKeyword('LIMIT'))) return undefined;
    const name = this.expectIdentifier('an alias');
    const columns = this.isOp('(') ? this.parseColumnAliasList() : undefined;
    return { name, columns };
  }

  parseColumnAliasList(): string[] {
    this.expectOp('(');
    const names = [this.expectIdentifier('a column name')];
    while (this.acceptOp(',')) names.push(this.expectIdentifier('a column name'));
    this.expectOp(')');
    return names;
  }
}

/** ROLLUP / CUBE over units (each unit a list of expressions) as explicit grouping sets. */
function expandRollupOrCube(kind: 'rollup' | 'cube', units: Expr[][]): Expr[][] {
  if (kind === 'rollup') return units.map((_, i) => units.slice(0, units.length - i).flat()).concat([[]]);
  const n = units.length;
  return Array.from({ length: 1 << n }, (_, mask) => units.filter((_, b) => !(mask & (1 << (n - 1 - b)))).flat());
}
