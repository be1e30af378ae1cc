import type { CallExpr, Expr, FrameBound, LiteralExpr, WindowSpec } from '../../sql/ast';
import { Decimal } from '../../types/decimal';
import { javaBigDecimalToString, javaDoubleToString, javaFloatToString } from '../../types/value-text';

/**
 * Name of an unaliased SELECT item. Flink (Calcite) names it EXPR$<position>; Spark prints the
 * expression the way its analyzer does (toPrettySQL of the resolved expression, implicit casts
 * left out): `count(1)`, `(a + 1)`, `substring(s, 2, 2147483647)`,
 * `sum(v) OVER (PARTITION BY k ORDER BY t ASC NULLS FIRST RANGE BETWEEN ...)`.
 * Written against Spark 4's sql-expression-schema.md and the sql-tests golden files.
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
      return literalSql(e);
    case 'interval':
      return `INTERVAL '${e.negative ? '-' : ''}${e.value}' ${e.from}${e.to ? ` TO ${e.to}` : ''}`;
    case 'star':
      return '*';
    case 'unary':
      if (e.op === 'NOT') return `(NOT ${sparkSql(e.arg)})`;
      return e.op === '~' ? `~${sparkSql(e.arg)}` : `(${e.op} ${sparkSql(e.arg)})`;
    case 'binary':
      return binarySql(e.op, sparkSql(e.left), sparkSql(e.right));
    case 'call':
      return callSql(e);
    case 'cast':
      return `${e.mode === 'try' ? 'TRY_CAST' : 'CAST'}(${sparkSql(e.expr)} AS ${typeSql(e.type.name, e.type.params)})`;
    case 'case': {
      // A simple CASE is analyzed into a searched one: CASE WHEN (x = 1) THEN ...
      const when = (w: Expr) => (e.operand ? `(${sparkSql(e.operand)} = ${sparkSql(w)})` : sparkSql(w));
      const whens = e.whens.map((w) => ` WHEN ${when(w.when)} THEN ${sparkSql(w.then)}`).join('');
      return `CASE${whens}${e.else ? ` ELSE ${sparkSql(e.else)}` : ''} END`;
    }
    case 'between': {
      const test = `between(${sparkSql(e.expr)}, ${sparkSql(e.low)}, ${sparkSql(e.high)})`;
      return e.negated ? `(NOT ${test})` : test;
    }
    case 'in': {
      const test = `(${sparkSql(e.expr)} IN (${e.list ? e.list.map(sparkSql).join(', ') : 'listquery()'}))`;
      return e.negated ? `(NOT ${test})` : test;
    }
    case 'like': {
      const x = sparkSql(e.expr);
      const p = sparkSql(e.pattern);
      const test = e.op === 'RLIKE' ? `RLIKE(${x}, ${p})` : e.op === 'ILIKE' ? `ilike(${x}, ${p})` : `${x} ${e.op} ${p}`;
      return e.negated ? `(NOT ${test})` : test;
    }
    case 'is':
      if (e.test === 'TRUE' || e.test === 'FALSE') {
        const test = `(${sparkSql(e.expr)} <=> ${e.test.toLowerCase()})`; // Spark parses IS TRUE as <=> true
        return e.negated ? `(NOT ${test})` : test;
      }
      return `(${sparkSql(e.expr)} IS ${e.negated ? 'NOT ' : ''}NULL)`;
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

/** Numeric literals print as their Java value (1L -> 1, 1D -> 1.0, 1e3 -> 1000.0), strings unquoted. */
function literalSql(e: LiteralExpr): string {
  switch (e.literal) {
    case 'null':
      return 'NULL';
    case 'boolean':
      return e.value ? 'true' : 'false';
    case 'date':
      return `DATE '${e.value}'`;
    case 'timestamp':
      return `TIMESTAMP '${e.value}'`;
    case 'number': {
      const text = String(e.value);
      if (e.suffix === 'D' || (!e.suffix && /[eE]/.test(text))) return javaDoubleToString(Number(text));
      if (e.suffix === 'F') return javaFloatToString(Math.fround(Number(text)));
      if (e.suffix === 'BD' || text.includes('.')) {
        const d = Decimal.fromString(text);
        return d ? javaBigDecimalToString(d) : text;
      }
      return /^-?\d+$/.test(text) ? BigInt(text).toString() : text;
    }
    default:
      return String(e.value);
  }
}

function binarySql(op: string, l: string, r: string): string {
  switch (op) {
    case '<>':
      return `(NOT (${l} = ${r}))`;
    case 'IS DISTINCT FROM':
      return `(NOT (${l} <=> ${r}))`;
    case 'IS NOT DISTINCT FROM':
      return `(${l} <=> ${r})`;
    case '||':
      return `concat(${l}, ${r})`;
    case 'DIV':
      return `(${l} div ${r})`;
    default:
      return `(${l} ${op} ${r})`;
  }
}

function typeSql(name: string, params: readonly number[]): string {
  if (name === 'DECIMAL') return `DECIMAL(${params[0] ?? 10},${params[1] ?? 0})`;
  if (name === 'BYTES') return 'BINARY';
  return params.length > 0 ? `${name}(${params.join(',')})` : name;
}

/** Math functions whose Spark name is upper-case when called by their main name. */
const UPPER_CASE = new Set([
  'ACOS', 'ACOSH', 'ASIN', 'ASINH', 'ATAN', 'ATAN2', 'ATANH', 'CBRT', 'COS', 'COSH', 'COT', 'CSC', 'DEGREES', 'E', 'EXP', 'EXPM1',
  'HYPOT', 'LOG10', 'LOG1P', 'LOG2', 'LOG', 'PI', 'POWER', 'RADIANS', 'SEC', 'SIGNUM', 'SIN', 'SINH', 'SQRT', 'TAN', 'TANH',
]);

const DEFAULT_FORMAT = 'yyyy-MM-dd HH:mm:ss';

/** Arguments Spark's function builders add when they are left out (they show in the name). */
function withDefaults(name: string, args: string[]): string[] {
  switch (name) {
    case 'SUBSTRING':
    case 'SUBSTR':
      return args.length === 2 ? [...args, '2147483647'] : args;
    case 'SPLIT':
      return args.length === 2 ? [...args, '-1'] : args;
    case 'LOCATE':
    case 'POSITION':
    case 'REGEXP_REPLACE':
      return args.length === (name === 'REGEXP_REPLACE' ? 3 : 2) ? [...args, '1'] : args;
    case 'REGEXP_EXTRACT':
    case 'REGEXP_EXTRACT_ALL':
      return args.length === 2 ? [...args, '1'] : args;
    case 'REPLACE':
      return args.length === 2 ? [...args, ''] : args;
    case 'LPAD':
    case 'RPAD':
      return args.length === 2 ? [...args, ' '] : args;
    case 'ROUND':
    case 'BROUND':
      return args.length === 1 ? [...args, '0'] : args;
    case 'UNIX_TIMESTAMP':
    case 'TO_UNIX_TIMESTAMP':
      return args.length === 0 ? ['current_timestamp()', DEFAULT_FORMAT] : args.length === 1 ? [...args, DEFAULT_FORMAT] : args;
    case 'FROM_UNIXTIME':
      return args.length === 1 ? [...args, DEFAULT_FORMAT] : args;
    case 'MONTHS_BETWEEN':
      return args.length === 2 ? [...args, 'true'] : args;
    case 'LOG':
      return args.length === 1 ? ['E()', ...args] : args;
    default:
      return args;
  }
}

/** Function-style casts (date(x), int(x), ...) print as their argument. */
const CAST_FUNCTIONS = new Set(['BOOLEAN', 'TINYINT', 'SMALLINT', 'INT', 'BIGINT', 'FLOAT', 'DOUBLE', 'DECIMAL', 'STRING', 'BINARY', 'DATE', 'TIMESTAMP']);

const RENAMED: Record<string, string> = { ARRAY_AGG: 'collect_list', CURDATE: 'current_date' };

function callSql(e: CallExpr): string {
  const upper = e.name.toUpperCase();
  const args = e.args.map(sparkSql);
  if (e.args.length === 1 && CAST_FUNCTIONS.has(upper) && !e.over) return args[0];
  if (upper === 'ISNULL' || upper === 'ISNOTNULL') return `(${args[0]} IS ${upper === 'ISNOTNULL' ? 'NOT ' : ''}NULL)`;
  if (upper === 'IF' && args.length === 3) return `(IF(${args.join(', ')}))`;
  if (upper === 'EXTRACT' && args.length === 2) return `extract(${args[0]} FROM ${args[1]})`;
  if (upper === 'TRIM') return trimSql(e, args);
  let base: string;
  if (e.star) base = `${e.name.toLowerCase()}(1)`;
  else {
    const name =
      upper === 'POSITION' && e.form === 'IN' ? 'locate' : upper === 'SUBSTR' && e.form === 'FROM' ? 'substring' : (RENAMED[upper] ?? (UPPER_CASE.has(upper) || ((upper === 'CEIL' || upper === 'FLOOR') && args.length === 1) ? upper : e.name.toLowerCase()));
    base = `${name}(${e.distinct ? 'DISTINCT ' : ''}${withDefaults(name.toUpperCase(), args).join(', ')})`;
  }
  if (e.filter) base += ` FILTER (WHERE ${sparkSql(e.filter)})`;
  return e.over ? `${windowFunctionSql(upper, base, e)} OVER (${windowSpecSql(upper, e.over, e.args)})` : base;
}

function trimSql(e: CallExpr, args: string[]): string {
  const [mode, chars, source] = e.args;
  const modeText = mode.kind === 'literal' ? String(mode.value) : 'BOTH';
  if (e.form === 'FROM') return `TRIM(${modeText} ${sparkSql(chars)} FROM ${sparkSql(source)})`;
  const name = e.form === 'LTRIM' ? 'ltrim' : e.form === 'RTRIM' ? 'rtrim' : 'trim';
  return `${name}(${args[2]})`;
}

/** Ranking functions print upper-case; LAG/LEAD show their default offset and default value. */
function windowFunctionSql(upper: string, base: string, e: CallExpr): string {
  if (upper === 'RANK' || upper === 'DENSE_RANK' || upper === 'PERCENT_RANK') return `${upper}()`;
  if ((upper === 'LAG' || upper === 'LEAD') && e.args.length < 3) {
    const args = e.args.map(sparkSql);
    return `${upper.toLowerCase()}(${[args[0], args[1] ?? '1', 'NULL'].join(', ')})`;
  }
  return base;
}

function windowSpecSql(fn: string, spec: WindowSpec, args: readonly Expr[]): string {
  const parts: string[] = [];
  if (spec.partitionBy.length > 0) parts.push(`PARTITION BY ${spec.partitionBy.map(sparkSql).join(', ')}`);
  if (spec.orderBy.length > 0)
    parts.push(`ORDER BY ${spec.orderBy.map((o) => `${sparkSql(o.expr)} ${o.descending ? 'DESC' : 'ASC'} NULLS ${(o.nullsFirst ?? !o.descending) ? 'FIRST' : 'LAST'}`).join(', ')}`);
  parts.push(frameSql(fn, spec, args));
  return parts.join(' ');
}

function frameSql(fn: string, spec: WindowSpec, args: readonly Expr[]): string {
  if (['ROW_NUMBER', 'RANK', 'DENSE_RANK', 'PERCENT_RANK', 'NTILE'].includes(fn)) return 'ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW';
  if (fn === 'LAG' || fn === 'LEAD') {
    const offset = args[1] ? sparkSql(args[1]) : '1';
    const signed = fn === 'LAG' ? (offset.startsWith('-') ? offset.slice(1) : `-${offset}`) : offset;
    return `ROWS BETWEEN ${signed} FOLLOWING AND ${signed} FOLLOWING`;
  }
  if (spec.frame) return `${spec.frame.units} BETWEEN ${boundSql(spec.frame.start)} AND ${boundSql(spec.frame.end)}`;
  return spec.orderBy.length > 0 ? 'RANGE BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW' : 'ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING';
}

function boundSql(b: FrameBound): string {
  switch (b.kind) {
    case 'unboundedPreceding':
      return 'UNBOUNDED PRECEDING';
    case 'unboundedFollowing':
      return 'UNBOUNDED FOLLOWING';
    case 'currentRow':
      return 'CURRENT ROW';
    case 'preceding':
      return `${sparkSql(b.offset)} PRECEDING`;
    case 'following':
      return `${sparkSql(b.offset)} FOLLOWING`;
  }
}
