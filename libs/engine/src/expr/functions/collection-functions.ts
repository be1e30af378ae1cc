import { ExecutionError } from '@sluice/contracts';
import { commonSuperType } from '../../types/common-type';
import { T, withNullable, type SqlType } from '../../types/sql-type';
import { comparatorFor, groupKeyOf } from '../../types/values';
import type { ResolvedFunction, ScalarFunctionSpec } from './function-spec';
import { argumentError, checkArity, defineFunction, intArg } from './function-helpers';

/**
 * ARRAY and MAP constructors and accessors. Spark's SIZE/CARDINALITY of NULL is -1
 * (spark.sql.legacy.sizeOfNull defaults to true outside ANSI mode); Flink's is NULL.
 */
const array = defineFunction('ARRAY', (args, ctx) => {
  const element = args.length === 0 ? T.null() : commonSuperType(args, ctx.dialect);
  if (!element) throw argumentError('ARRAY', '(T, T, ...)', args);
  return {
    returnType: T.array(element, false),
    argTypes: args.map((a) => withNullable(element, a.nullable)),
    nulls: 'custom',
    impl: (...values) => values,
  };
});

/** MAP(k1, v1, k2, v2, ...) (Spark; Flink's MAP[...] constructor arrives the same way). */
const map = defineFunction('MAP', (args, ctx) => {
  const sig = '(K, V, K, V, ...)';
  if (args.length % 2 !== 0) throw argumentError('MAP', sig, args);
  const keys = args.filter((_, i) => i % 2 === 0);
  const values = args.filter((_, i) => i % 2 === 1);
  const key = keys.length ? commonSuperType(keys, ctx.dialect) : T.null();
  const value = values.length ? commonSuperType(values, ctx.dialect) : T.null();
  if (!key || !value) throw argumentError('MAP', sig, args);
  return {
    returnType: T.map(key, value, false),
    argTypes: args.map((a, i) => withNullable(i % 2 === 0 ? key : value, a.nullable)),
    nulls: 'custom',
    impl: (...kv) => {
      const out = new Map<unknown, unknown>();
      for (let i = 0; i < kv.length; i += 2) {
        if (kv[i] === null) throw new ExecutionError('EXECUTION_FAILED', 'MAP key cannot be NULL');
        out.set(kv[i], kv[i + 1]);
      }
      return out;
    },
  };
});

function sizeFunction(name: string, dialects?: readonly ('flink' | 'spark')[]): ScalarFunctionSpec {
  return defineFunction(name, (args, ctx): ResolvedFunction => {
    checkArity(name, '(ARRAY | MAP)', args, 1);
    const t = args[0];
    if (t.kind !== 'ARRAY' && t.kind !== 'MAP' && t.kind !== 'NULL') throw argumentError(name, '(ARRAY | MAP)', args);
    const legacyNull = ctx.dialect === 'spark' && !ctx.ansi;
    const size = (v: unknown) => (v instanceof Map ? v.size : (v as unknown[]).length);
    if (legacyNull) return { returnType: T.int(false), argTypes: [t], nulls: 'custom', impl: (v) => (v === null ? -1 : size(v)) };
    return { returnType: T.int(t.nullable || t.kind === 'NULL'), argTypes: [t], impl: size };
  }, dialects);
}

/** ELEMENT_AT(array, i) with 1-based i (negative counts from the end) or ELEMENT_AT(map, key). */
const elementAt = defineFunction('ELEMENT_AT', (args, ctx): ResolvedFunction => {
  const sig = '(ARRAY, INT) or (MAP, KEY)';
  checkArity('ELEMENT_AT', sig, args, 2);
  const [container, index] = args;
  if (container.kind === 'MAP') {
    const keyType = container.key!;
    const lookup = keyLookup(keyType);
    return { returnType: withNullable(container.element!, true), argTypes: [container, withNullable(keyType, index.nullable)], impl: (m, k) => lookup(m as Map<unknown, unknown>, k) };
  }
  const i = intArg(index);
  if (container.kind !== 'ARRAY' || !i) throw argumentError('ELEMENT_AT', sig, args);
  const strict = ctx.dialect === 'spark' && ctx.ansi === true;
  return {
    returnType: withNullable(container.element!, true),
    argTypes: [container, i],
    impl: (a, n) => {
      const arr = a as unknown[];
      const k = n as number;
      if (k === 0) throw new ExecutionError('EXECUTION_FAILED', 'SQL array indices start at 1');
      const at = k > 0 ? k - 1 : arr.length + k;
      if (at < 0 || at >= arr.length) {
        if (strict) throw new ExecutionError('EXECUTION_FAILED', `array index ${k} is out of bounds`);
        return null;
      }
      return arr[at];
    },
  };
});

/** Map lookup by SQL equality (decimals, arrays and other objects compare by value). */
function keyLookup(keyType: SqlType): (m: Map<unknown, unknown>, k: unknown) => unknown {
  if (keyType.kind !== 'DECIMAL' && keyType.kind !== 'ARRAY' && keyType.kind !== 'ROW' && keyType.kind !== 'BYTES') {
    return (m, k) => (m.has(k) ? m.get(k) : null);
  }
  return (m, k) => {
    const key = groupKeyOf(k);
    for (const [candidate, v] of m) if (groupKeyOf(candidate) === key) return v;
    return null;
  };
}

/**
 * ARRAY_CONTAINS(array, value). Spark: NULL when not found and the array holds a NULL. Flink:
 * a NULL needle finds a NULL element.
 */
const arrayContains = defineFunction('ARRAY_CONTAINS', (args, ctx): ResolvedFunction => {
  const sig = '(ARRAY, T)';
  checkArity('ARRAY_CONTAINS', sig, args, 2);
  const [arr, needle] = args;
  if (arr.kind !== 'ARRAY') throw argumentError('ARRAY_CONTAINS', sig, args);
  const element = commonSuperType([arr.element!, needle], ctx.dialect);
  if (!element) throw argumentError('ARRAY_CONTAINS', sig, args);
  const compare = comparatorFor(element);
  const spark = ctx.dialect === 'spark';
  const impl = (a: unknown, v: unknown) => {
    if (a === null) return null;
    if (v === null && spark) return null;
    let sawNull = false;
    for (const e of a as unknown[]) {
      if (e === null) {
        if (v === null) return true;
        sawNull = true;
      } else if (v !== null && compare(e, v) === 0) return true;
    }
    return spark && sawNull ? null : false;
  };
  return {
    returnType: T.boolean(true),
    argTypes: [T.array(element, arr.nullable), withNullable(element, needle.nullable)],
    nulls: 'custom',
    impl,
  };
});

function mapPart(name: string, keys: boolean): ScalarFunctionSpec {
  return defineFunction(name, (args) => {
    checkArity(name, '(MAP)', args, 1);
    const t = args[0];
    if (t.kind !== 'MAP') throw argumentError(name, '(MAP)', args);
    return {
      returnType: T.array(keys ? t.key! : t.element!, t.nullable),
      argTypes: [t],
      impl: (m) => [...(keys ? (m as Map<unknown, unknown>).keys() : (m as Map<unknown, unknown>).values())],
    };
  });
}

const size = sizeFunction('SIZE', ['spark']);

export const collectionFunctions: readonly ScalarFunctionSpec[] = [
  array,
  map,
  size,
  sizeFunction('CARDINALITY'),
  elementAt,
  arrayContains,
  mapPart('MAP_KEYS', true),
  mapPart('MAP_VALUES', false),
];
