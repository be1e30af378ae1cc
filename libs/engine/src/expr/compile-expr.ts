import { ExecutionError, InternalError, SluiceError, type SourcePosition } from '@sluice/contracts';
import type { Row } from '../types/values';
import { groupKeyOf } from '../types/values';
import type { BoundExpr, CompareNode, SubqueryNode } from './bound-expr';

export type CompiledExpr = (row: Row) => unknown;

/** What compiled subqueries need from the executor; absent where subqueries cannot occur. */
export interface SubqueryExecutor {
  /** Runs the subquery plan with `outer` as the stack of enclosing rows (innermost last). */
  run(plan: unknown, outer: readonly Row[]): Row[];
}

export interface CompileEnv {
  readonly subqueries?: SubqueryExecutor;
  /** Rows of enclosing queries, innermost last; set by the executor while a subquery runs. */
  readonly outerRows: Row[];
}

export const EMPTY_ENV: CompileEnv = { outerRows: [] };

/**
 * Turns a bound expression into a closure, once per query. Null handling follows SQL's
 * three-valued logic: strict functions return NULL on a NULL argument, AND/OR use Kleene logic.
 */
export function compileExpr(e: BoundExpr, env: CompileEnv = EMPTY_ENV): CompiledExpr {
  switch (e.kind) {
    case 'input': {
      const i = e.index;
      return (row) => row[i];
    }
    case 'outer': {
      const { index, depth } = e;
      return () => {
        const outer = env.outerRows[env.outerRows.length - depth];
        if (!outer) throw new InternalError(`outer row at depth ${depth} is not bound`);
        return outer[index];
      };
    }
    case 'literal': {
      const v = e.value;
      return () => v;
    }
    case 'call':
      return compileCall(e, env);
    case 'cast': {
      const arg = compileExpr(e.arg, env);
      const convert = e.convert;
      return (row) => {
        const v = arg(row);
        return v === null || v === undefined ? null : convert(v);
      };
    }
    case 'and':
      return compileAnd(e.args.map((a) => compileExpr(a, env)));
    case 'or':
      return compileOr(e.args.map((a) => compileExpr(a, env)));
    case 'not': {
      const arg = compileExpr(e.arg, env);
      return (row) => {
        const v = arg(row);
        return v === null ? null : !v;
      };
    }
    case 'is':
      return compileIs(e.test, e.negated, compileExpr(e.arg, env));
    case 'case': {
      const whens = e.whens.map((w) => [compileExpr(w.when, env), compileExpr(w.then, env)] as const);
      const otherwise = compileExpr(e.otherwise, env);
      return (row) => {
        for (let i = 0; i < whens.length; i++) if (whens[i][0](row) === true) return whens[i][1](row);
        return otherwise(row);
      };
    }
    case 'compare':
      return compileCompare(e, env);
    case 'inList':
      return compileInList(e.arg, e.list, e.negated, env);
    case 'subquery':
      return compileSubquery(e, env);
  }
}

function compileCall(e: BoundExpr & { kind: 'call' }, env: CompileEnv): CompiledExpr {
  const impl = positioned(e.fn.impl, e.pos);
  const args = e.args.map((a) => compileExpr(a, env));
  if (e.fn.nulls === 'custom') {
    if (args.length === 1) return (row) => impl(args[0](row));
    if (args.length === 2) return (row) => impl(args[0](row), args[1](row));
    return (row) => impl(...args.map((a) => a(row)));
  }
  switch (args.length) {
    case 0:
      return () => impl();
    case 1: {
      const [a] = args;
      return (row) => {
        const x = a(row);
        return x === null ? null : impl(x);
      };
    }
    case 2: {
      const [a, b] = args;
      return (row) => {
        const x = a(row);
        if (x === null) return null;
        const y = b(row);
        return y === null ? null : impl(x, y);
      };
    }
    default:
      return (row) => {
        const values = new Array(args.length);
        for (let i = 0; i < args.length; i++) {
          const v = args[i](row);
          if (v === null) return null;
          values[i] = v;
        }
        return impl(...values);
      };
  }
}

/** Runtime errors of a function (division by zero, bad cast) carry the call's SQL position. */
function positioned(impl: (...args: unknown[]) => unknown, pos: SourcePosition | undefined): (...args: unknown[]) => unknown {
  if (!pos) return impl;
  return (...args) => {
    try {
      return impl(...args);
    } catch (error) {
      if (error instanceof SluiceError && !error.position)
        throw new SluiceError(error.code, error.message, { position: pos, cause: error.cause, details: error.details, retriable: error.retriable });
      throw error;
    }
  };
}

function compileAnd(args: CompiledExpr[]): CompiledExpr {
  if (args.length === 2) {
    const [a, b] = args;
    return (row) => {
      const x = a(row);
      if (x === false) return false;
      const y = b(row);
      if (y === false) return false;
      return x === null || y === null ? null : true;
    };
  }
  return (row) => {
    let sawNull = false;
    for (const a of args) {
      const v = a(row);
      if (v === false) return false;
      if (v === null) sawNull = true;
    }
    return sawNull ? null : true;
  };
}

function compileOr(args: CompiledExpr[]): CompiledExpr {
  return (row) => {
    let sawNull = false;
    for (const a of args) {
      const v = a(row);
      if (v === true) return true;
      if (v === null) sawNull = true;
    }
    return sawNull ? null : false;
  };
}

function compileIs(test: 'NULL' | 'TRUE' | 'FALSE', negated: boolean, arg: CompiledExpr): CompiledExpr {
  if (test === 'NULL') return negated ? (row) => arg(row) !== null : (row) => arg(row) === null;
  const want = test === 'TRUE';
  return negated ? (row) => arg(row) !== want : (row) => arg(row) === want;
}

function compileCompare(e: CompareNode, env: CompileEnv): CompiledExpr {
  const left = compileExpr(e.left, env);
  const right = compileExpr(e.right, env);
  const cmp = e.compare;
  // Primitive kinds compare with JS operators directly: the hot path of most filters.
  const primitive = isPrimitiveComparable(e.left.type.kind);
  switch (e.op) {
    case '<=>':
      return (row) => {
        const x = left(row);
        const y = right(row);
        if (x === null || y === null) return x === y;
        return cmp(x, y) === 0;
      };
    case 'IS DISTINCT FROM':
      return (row) => {
        const x = left(row);
        const y = right(row);
        if (x === null || y === null) return x !== y;
        return cmp(x, y) !== 0;
      };
  }
  if (primitive) {
    const test = PRIMITIVE_TESTS[e.op];
    return (row) => {
      const x = left(row);
      if (x === null) return null;
      const y = right(row);
      return y === null ? null : test(x as number, y as number);
    };
  }
  const test = CMP_TESTS[e.op];
  return (row) => {
    const x = left(row);
    if (x === null) return null;
    const y = right(row);
    return y === null ? null : test(cmp(x, y));
  };
}

function isPrimitiveComparable(kind: string): boolean {
  return ['TINYINT', 'SMALLINT', 'INT', 'BIGINT', 'STRING', 'VARCHAR', 'CHAR', 'DATE', 'TIME', 'TIMESTAMP', 'TIMESTAMP_LTZ', 'INTERVAL_DAY_TIME', 'INTERVAL_YEAR_MONTH'].includes(kind);
}

const PRIMITIVE_TESTS: Record<string, (x: number, y: number) => boolean> = {
  '=': (x, y) => x === y,
  '<>': (x, y) => x !== y,
  '<': (x, y) => x < y,
  '<=': (x, y) => x <= y,
  '>': (x, y) => x > y,
  '>=': (x, y) => x >= y,
};

const CMP_TESTS: Record<string, (c: number) => boolean> = {
  '=': (c) => c === 0,
  '<>': (c) => c !== 0,
  '<': (c) => c < 0,
  '<=': (c) => c <= 0,
  '>': (c) => c > 0,
  '>=': (c) => c >= 0,
};

/** x IN (a, b, ...): TRUE if some element equals x, else NULL if x or any element is NULL, else FALSE. */
function compileInList(argExpr: BoundExpr, list: readonly BoundExpr[], negated: boolean, env: CompileEnv): CompiledExpr {
  const arg = compileExpr(argExpr, env);
  const allLiteral = list.every((l) => l.kind === 'literal');
  if (allLiteral) {
    const keys = new Set<unknown>();
    let hasNull = false;
    for (const l of list) {
      const v = (l as { value: unknown }).value;
      if (v === null) hasNull = true;
      else keys.add(groupKeyOf(v));
    }
    return (row) => {
      const x = arg(row);
      if (x === null) return null;
      if (keys.has(groupKeyOf(x))) return !negated;
      return hasNull ? null : negated;
    };
  }
  const items = list.map((l) => compileExpr(l, env));
  return (row) => {
    const x = arg(row);
    if (x === null) return null;
    const kx = groupKeyOf(x);
    let sawNull = false;
    for (const item of items) {
      const v = item(row);
      if (v === null) sawNull = true;
      else if (groupKeyOf(v) === kx) return !negated;
    }
    return sawNull ? null : negated;
  };
}

function compileSubquery(e: SubqueryNode, env: CompileEnv): CompiledExpr {
  const executor = env.subqueries;
  if (!executor) throw new InternalError('subquery compiled without an executor');
  const arg = e.arg ? compileExpr(e.arg, env) : undefined;
  let cached: Row[] | undefined;
  const rowsFor = (row: Row): Row[] => {
    if (!e.correlated) return (cached ??= executor.run(e.plan, env.outerRows));
    env.outerRows.push(row);
    try {
      return executor.run(e.plan, env.outerRows);
    } finally {
      env.outerRows.pop();
    }
  };
  if (e.mode === 'exists') return (row) => (rowsFor(row).length > 0) !== (e.negated ?? false);
  if (e.mode === 'scalar')
    return (row) => {
      const rows = rowsFor(row);
      if (rows.length > 1) throw new ExecutionError('EXECUTION_FAILED', 'a scalar subquery returned more than one row', { position: e.pos });
      return rows.length === 0 ? null : rows[0][0];
    };
  const negated = e.negated ?? false;
  let keyCache: { keys: Set<unknown>; hasNull: boolean } | undefined;
  const keysOf = (rows: Row[]) => {
    const keys = new Set<unknown>();
    let hasNull = false;
    for (const r of rows) {
      if (r[0] === null) hasNull = true;
      else keys.add(groupKeyOf(r[0]));
    }
    return { keys, hasNull };
  };
  return (row) => {
    const x = arg!(row);
    const set = e.correlated ? keysOf(rowsFor(row)) : (keyCache ??= keysOf(rowsFor(row)));
    if (set.keys.size === 0 && !set.hasNull) return negated;
    if (x === null) return null;
    if (set.keys.has(groupKeyOf(x))) return !negated;
    return set.hasNull ? null : negated;
  };
}
