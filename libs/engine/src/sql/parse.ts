import type { Expr, Statement } from './ast';
import { tokenize } from './lexer';
import { StatementParser } from './parser/statement-parser';

export type SqlDialect = 'flink' | 'spark';

/** Parses a script of statements separated by ';'. Throws SqlSyntaxError with line:column. */
export function parseScript(sql: string, dialect: SqlDialect): Statement[] {
  return new StatementParser(tokenize(sql, { dialect }), dialect).parseScript();
}

/** Parses one standalone expression (used by connectors' computed columns and by tests). */
export function parseExpression(sql: string, dialect: SqlDialect): Expr {
  const parser = new StatementParser(tokenize(sql, { dialect }), dialect);
  const expr = parser.parseExpr();
  if (parser.current.type !== 'eof') throw parser.unexpected('end of expression');
  return expr;
}
