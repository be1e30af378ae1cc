import type { Expr } from '../../sql/ast';

/**
 * Name of an unaliased SELECT item. Flink (Calcite) names it EXPR$<position>; Spark prints the
 * expression (Spark's toPrettySQL): `count(1)`, `(a + 1)`, `max(price)`.
 */
export function defaultColumnName(e: Expr, position: number, dialect: 'flink' | 'spark'): string {
  if (e.kind === 'column') return e.parts[e.parts.length - 1];
  if (dialect === 'flink') return `EXPR$${position}`;
  return sparkSql(e);
}

export function sparkSql(e: Expr): string {
  switch (e.kind) {
    case 'column':
      return e.parts[e.parts.length - 1];
    case 'literal':
      if (e.literal === 'null') return 'NULL';
      if (e.literal === 'boolean') return e.value ? 'true' : 'false';
      if (e.literal === 'date') return `DATE '${e.value}'`;
      if (e.literal === 'timestamp') return `TIMESTAMP '${e.value}'`;
      return String(e.value) + (e.suffix ?? '');
    case 'interval':
      return `INTERVAL '${e.negative ? '-' : ''}${e.value}' ${e.from}${e.to ? ` TO ${e.to}` : ''}`;
    case 'star':
      return '*';
    case 'unary':
      return e.op === 'NOT' ? `(NOT ${sparkSql(e.arg)})` : `(${e.op} ${sparkSql(e.arg)})`;
    case 'binary': {
      const op = e.op === '<>' ? '!=' : e.op === 'IS NOT DISTINCT FROM' ? '<=>' : e.op === 'DIV' ? 'div' : e.op;
      return `(${sparkSql(e.left)} ${op} ${sparkSql(e.right)})`;
    }
    case 'call': {
      const name = e.name.toLowerCase();
      if (e.star) return `${name}(1)`;
      const args = e.args.map(sparkSql).join(', ');
      const base = `${name}(${e.distinct ? 'DISTINCT ' : ''}${args})`;
      return e.over ? `${base} OVER (...)` : base;
    }
    case 'cast':
      return `CAST(${sparkSql(e.expr)} AS ${e.type.name === 'INT' ? 'INT' : e.type.name}${e.type.params.length ? `(${e.type.params.join(',')})` : ''})`;
    case 'case': {
      const head = e.operand ? `CASE ${sparkSql(e.operand)}` : 'CASE';
      const whens = e.whens.map((w) => ` WHEN ${sparkSql(w.when)} THEN ${sparkSql(w.then)}`).join('');
      return `${head}${whens}${e.else ? ` ELSE ${sparkSql(e.else)}` : ''} END`;
    }
    case 'between':
      return `(${sparkSql(e.expr)} ${e.negated ? 'NOT ' : ''}BETWEEN ${sparkSql(e.low)} AND ${sparkSql(e.high)})`;
    case 'in':
      return `(${sparkSql(e.expr)} ${e.negated ? 'NOT ' : ''}IN (${e.list ? e.list.map(sparkSql).join(', ') : 'listquery()'}))`;
    case 'like':
      return `${e.negated ? 'NOT ' : ''}${sparkSql(e.expr)} ${e.op} ${sparkSql(e.pattern)}`;
    case 'is':
      return `(${sparkSql(e.expr)} IS ${e.negated ? 'NOT ' : ''}${e.test})`;
    case 'exists':
      return 'exists(...)';
    case 'subquery':
      return 'scalarsubquery()';
    case 'subscript':
      return `${sparkSql(e.expr)}[${sparkSql(e.index)}]`;
    case 'field':
      return `${sparkSql(e.expr)}.${e.field}`;
  }
}
