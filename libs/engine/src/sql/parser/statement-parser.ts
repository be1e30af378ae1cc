import type { SourcePosition } from '@sluice/contracts';
import type { ColumnDef, CreateTable, Expr, Insert, Statement } from '../ast';
import { QueryParser } from './query-parser';

/** Statements of a script: DDL of both dialects, SET, INSERT, SELECT, EXPLAIN, statement sets. */
export class StatementParser extends QueryParser {
  parseScript(): Statement[] {
    const statements: Statement[] = [];
    for (;;) {
      while (this.acceptOp(';'));
      if (this.atEnd()) return statements;
      statements.push(this.parseStatement());
      if (!this.atEnd() && !this.isOp(';')) throw this.unexpected("';' or end of script");
    }
  }

  private atEnd(): boolean {
    return this.current.type === 'eof';
  }

  parseStatement(): Statement {
    const pos = this.pos;
    if (this.isKeyword('SELECT') || this.isKeyword('WITH') || this.isKeyword('VALUES') || this.isOp('(') || this.isKeyword('TABLE'))
      return { kind: 'select', query: this.parseQuery(), pos };
    if (this.acceptKeyword('EXPLAIN')) {
      for (const w of ['PLAN', 'EXTENDED', 'FORMATTED', 'CODEGEN', 'COST', 'ESTIMATED_COST', 'CHANGELOG_MODE', 'JSON_EXECUTION_PLAN']) this.acceptKeyword(w);
      this.acceptKeyword('FOR');
      return { kind: 'explain', statement: this.parseStatement(), pos };
    }
    if (this.isKeyword('CREATE')) return this.parseCreate();
    if (this.isKeyword('DROP')) return this.parseDrop();
    if (this.isKeyword('SET')) return this.parseSet();
    if (this.isKeyword('RESET')) {
      this.advance();
      return { kind: 'set', key: this.current.type === 'string' ? this.advance().text : undefined, value: undefined, pos };
    }
    if (this.isKeyword('INSERT')) return this.parseInsert();
    if (this.acceptKeyword('EXECUTE', 'STATEMENT', 'SET') || this.acceptKeyword('BEGIN', 'STATEMENT', 'SET')) return this.parseStatementSet(pos);
    if (this.isKeyword('EXECUTE')) {
      this.advance();
      return this.parseStatement();
    }
    throw this.unexpected('a statement (CREATE, INSERT, SELECT, SET, EXPLAIN, ...)');
  }

  private parseStatementSet(pos: SourcePosition): Statement {
    this.acceptKeyword('BEGIN'); // EXECUTE STATEMENT SET BEGIN ... END
    this.acceptOp(';');
    const inserts: Insert[] = [];
    while (!this.isKeyword('END')) {
      if (this.current.type === 'eof') throw this.unexpected('END');
      const statement = this.parseInsert();
      inserts.push(statement);
      this.expectOp(';');
    }
    this.advance();
    return { kind: 'statementSet', inserts, pos };
  }

  private parseSet(): Statement {
    const pos = this.expectKeyword('SET').pos;
    if (this.current.type === 'eof' || this.isOp(';')) return { kind: 'set', pos };
    // Flink: SET 'key' = 'value'; Spark: SET key=value (unquoted, dotted) or SET key = value.
    let key: string;
    if (this.current.type === 'string' || this.current.type === 'quoted') key = this.advance().text;
    else {
      key = this.rawUntil(['=', ';']).trim();
    }
    if (!this.acceptOp('=')) return { kind: 'set', key, pos };
    const value = this.current.type === 'string' ? this.advance().text : this.rawUntil([';']).trim();
    return { kind: 'set', key, value, pos };
  }

  /** Concatenates token texts until a stop operator, for Spark's unquoted SET key=value. */
  private rawUntil(stops: string[]): string {
    let text = '';
    let lastEnd = -1;
    while (this.current.type !== 'eof' && !(this.current.type === 'op' && stops.includes(this.current.text))) {
      const t = this.advance() as { text: string; offset: number; end: number };
      text += (lastEnd >= 0 && t.offset > lastEnd ? ' ' : '') + t.text;
      lastEnd = t.end;
    }
    if (text === '') throw this.unexpected('a configuration key or value');
    return text;
  }

  private parseDrop(): Statement {
    const pos = this.expectKeyword('DROP').pos;
    this.acceptKeyword('TEMPORARY');
    const object = this.acceptKeyword('VIEW') ? 'VIEW' : (this.expectKeyword('TABLE'), 'TABLE');
    const ifExists = this.acceptKeyword('IF', 'EXISTS');
    return { kind: 'drop', object, name: this.parseQualifiedName(), ifExists, pos };
  }

  private parseCreate(): Statement {
    const pos = this.expectKeyword('CREATE').pos;
    const orReplace = this.acceptKeyword('OR', 'REPLACE');
    const temporary = this.acceptKeyword('TEMPORARY') || this.acceptKeyword('TEMP');
    if (this.acceptKeyword('GLOBAL')) this.acceptKeyword('TEMPORARY');
    if (this.acceptKeyword('VIEW')) {
      const ifNotExists = this.acceptKeyword('IF', 'NOT', 'EXISTS');
      const name = this.parseQualifiedName();
      // `(a, b) AS SELECT ...` names the view's columns; `(a INT, ...) USING ...` declares typed columns.
      const aliasList = this.isOp('(') && this.isIdentifier(1) && (this.isOp(',', 2) || this.isOp(')', 2));
      if (this.isKeyword('USING') || (this.isOp('(') && !this.isKeyword('SELECT', 1) && !aliasList)) {
        // Spark: CREATE TEMPORARY VIEW v [(cols)] USING json OPTIONS (...): a data source view.
        return this.parseCreateTableRest(name, pos, true, ifNotExists);
      }
      const columns = this.isOp('(') ? this.parseColumnAliasList() : undefined;
      if (this.acceptKeyword('COMMENT')) this.expectString();
      this.expectKeyword('AS');
      return { kind: 'createView', name, temporary, orReplace, ifNotExists, columns, query: this.parseQuery(), pos };
    }
    this.expectKeyword('TABLE');
    const ifNotExists = this.acceptKeyword('IF', 'NOT', 'EXISTS');
    const name = this.parseQualifiedName();
    return this.parseCreateTableRest(name, pos, temporary, ifNotExists);
  }

  private parseCreateTableRest(name: string[], pos: SourcePosition, temporary: boolean, ifNotExists: boolean): CreateTable {
    const columns: ColumnDef[] = [];
    let watermark: CreateTable['watermark'];
    let primaryKey: string[] | undefined;
    if (this.acceptOp('(')) {
      do {
        const at = this.pos;
        if (this.acceptKeyword('WATERMARK')) {
          this.expectKeyword('FOR');
          const column = this.expectIdentifier('a column name');
          this.expectKeyword('AS');
          watermark = { column, expr: this.parseExpr(), pos: at };
        } else if (this.isKeyword('PRIMARY') || this.isKeyword('CONSTRAINT')) {
          if (this.acceptKeyword('CONSTRAINT')) this.expectIdentifier('a constraint name');
          this.expectKeyword('PRIMARY', 'KEY');
          primaryKey = this.parseColumnAliasList();
          this.acceptKeyword('NOT', 'ENFORCED');
        } else columns.push(this.parseColumnDef((pk) => (primaryKey = pk)));
      } while (this.acceptOp(','));
      this.expectOp(')');
    }
    const options = new Map<string, string>();
    let using: string | undefined;
    let partitionedBy: string[] = [];
    let asQuery: CreateTable['asQuery'];
    for (;;) {
      if (this.acceptKeyword('WITH')) this.parseOptions(options, true);
      else if (this.acceptKeyword('USING')) using = this.expectIdentifier('a data source (json, csv, jdbc, kafka, ...)').toLowerCase();
      else if (this.acceptKeyword('OPTIONS') || this.acceptKeyword('TBLPROPERTIES')) this.parseOptions(options, false);
      else if (this.acceptKeyword('PARTITIONED', 'BY')) partitionedBy = this.parseColumnAliasList();
      else if (this.acceptKeyword('COMMENT')) this.expectString();
      else if (this.acceptKeyword('LOCATION')) options.set('path', this.expectString('a path'));
      else if (this.acceptKeyword('AS')) asQuery = this.parseQuery();
      else break;
    }
    return { kind: 'createTable', name, ifNotExists, temporary, columns, watermark, primaryKey, options, using, partitionedBy, asQuery, pos };
  }

  private parseColumnDef(setPrimaryKey: (columns: string[]) => void): ColumnDef {
    const pos = this.pos;
    const name = this.expectIdentifier('a column name');
    if (this.acceptKeyword('AS')) {
      const computed = this.parseExpr();
      const comment = this.acceptKeyword('COMMENT') ? this.expectString() : undefined;
      return { name, computed, comment, pos };
    }
    const type = this.parseTypeName();
    let metadata: ColumnDef['metadata'];
    if (this.acceptKeyword('METADATA')) {
      const key = this.acceptKeyword('FROM') ? this.expectString('a metadata key') : undefined;
      metadata = { key, virtual: this.acceptKeyword('VIRTUAL') };
    }
    let notNull = type.notNull ?? false;
    let comment: string | undefined;
    for (;;) {
      if (this.acceptKeyword('NOT', 'NULL')) notNull = true;
      else if (this.acceptKeyword('NULL')) notNull = false;
      else if (this.acceptKeyword('COMMENT')) comment = this.expectString();
      else if (this.acceptKeyword('PRIMARY', 'KEY')) {
        this.acceptKeyword('NOT', 'ENFORCED');
        setPrimaryKey([name]);
      } else break;
    }
    return { name, type: { ...type, notNull }, metadata, comment, pos };
  }

  /** Flink: ('k' = 'v', ...). Spark: (k 'v', k.sub = 'v', 'k' 'v'). Keys keep their spelling. */
  private parseOptions(into: Map<string, string>, flinkStyle: boolean): void {
    this.expectOp('(');
    if (this.acceptOp(')')) return;
    do {
      const at = this.pos;
      let key: string;
      if (this.current.type === 'string') key = this.advance().text;
      else if (flinkStyle) throw this.unexpected("a quoted option key such as 'connector'");
      else {
        key = this.expectIdentifier('an option key');
        while (this.acceptOp('.')) key += `.${this.expectIdentifier('an option key')}`;
      }
      this.acceptOp('=');
      const value = this.parseOptionValue();
      if (into.has(key)) throw this.error(`option '${key}' is given twice`, at);
      into.set(key, value);
    } while (this.acceptOp(','));
    this.expectOp(')');
  }

  private parseOptionValue(): string {
    const t = this.current;
    if (t.type === 'string' || t.type === 'number') return String(this.advance().text);
    if (t.type === 'ident' && (t.upper === 'TRUE' || t.upper === 'FALSE')) return this.advance().text.toLowerCase();
    if (this.isOp('-') && this.peek().type === 'number') {
      this.advance();
      return `-${this.advance().text}`;
    }
    throw this.unexpected('an option value (a quoted string)');
  }

  private parseInsert(): Insert {
    const pos = this.expectKeyword('INSERT').pos;
    let overwrite = false;
    if (this.acceptKeyword('OVERWRITE')) overwrite = true;
    else this.expectKeyword('INTO');
    this.acceptKeyword('TABLE');
    const table = this.parseQualifiedName();
    let partition: { column: string; value?: Expr }[] | undefined;
    if (this.acceptKeyword('PARTITION')) {
      this.expectOp('(');
      partition = [];
      do {
        const column = this.expectIdentifier('a partition column');
        partition.push({ column, value: this.acceptOp('=') ? this.parseExpr() : undefined });
      } while (this.acceptOp(','));
      this.expectOp(')');
    }
    let columns: string[] | undefined;
    if (this.isOp('(') && !this.isKeyword('SELECT', 1) && !this.isKeyword('WITH', 1) && !this.isKeyword('VALUES', 1))
      columns = this.parseColumnAliasList();
    return { kind: 'insert', table, overwrite, columns, partition, query: this.parseQuery(), pos };
  }
}
