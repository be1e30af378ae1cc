import { commonSuperType } from '../../types/common-type';
import { T, isCharacter, withNullable, type SqlType } from '../../types/sql-type';
import { comparatorFor } from '../../types/values';
import type { Dialect, ResolvedFunction, ScalarFunctionSpec } from './function-spec';
import { aliases, argumentError, checkArity, defineFunction } from './function-helpers';

/**
 * Conditional functions. They see NULL arguments themselves (nulls: 'custom'). The result type
 * is the arguments' common super type (type-coercion.ts); the planner casts each argument to it.
 */
function common(name: string, signature: string, args: readonly SqlType[], dialect: Dialect): SqlType {
  const type = commonSuperType(args, dialect);
  if (!type) throw argumentError(name, signature, args);
  return type;
}

const allNullable = (args: readonly SqlType[]) => args.every((a) => a.nullable || a.kind === 'NULL');

const coalesce = defineFunction('COALESCE', (args, ctx): ResolvedFunction => {
  const sig = '(T, T, ...)';
  if (args.length === 0) throw argumentError('COALESCE', sig, args);
  const type = common('COALESCE', sig, args, ctx.dialect);
  return {
    returnType: withNullable(type, allNullable(args)),
    argTypes: args.map((a) => withNullable(type, a.nullable)),
    nulls: 'custom',
    impl: (...values) => {
      for (let i = 0; i < values.length; i++) if (values[i] !== null) return values[i];
      return null;
    },
  };
});

/** IFNULL(a, b) (Flink) / NVL (Spark): nullable only when the replacement is. */
const ifNull = defineFunction('IFNULL', (args, ctx) => {
  const sig = '(T, T)';
  checkArity('IFNULL', sig, args, 2);
  const type = common('IFNULL', sig, args, ctx.dialect);
  return {
    returnType: withNullable(type, args[1].nullable || args[1].kind === 'NULL'),
    argTypes: args.map((a) => withNullable(type, a.nullable)),
    nulls: 'custom',
    impl: (a, b) => (a === null ? b : a),
  };
});

const nvl2 = defineFunction(
  'NVL2',
  (args, ctx) => {
    const sig = '(ANY, T, T)';
    checkArity('NVL2', sig, args, 3);
    const type = common('NVL2', sig, args.slice(1), ctx.dialect);
    return {
      returnType: type,
      argTypes: [args[0], withNullable(type, args[1].nullable), withNullable(type, args[2].nullable)],
      nulls: 'custom',
      impl: (a, b, c) => (a === null ? c : b),
    };
  },
  ['spark'],
);

/** NULLIF(a, b): NULL when a = b, else a. */
const nullIf = defineFunction('NULLIF', (args, ctx) => {
  const sig = '(T, T)';
  checkArity('NULLIF', sig, args, 2);
  const type = common('NULLIF', sig, args, ctx.dialect);
  const compare = comparatorFor(type);
  return {
    returnType: withNullable(type, true),
    argTypes: args.map((a) => withNullable(type, a.nullable)),
    nulls: 'custom',
    impl: (a, b) => (a !== null && b !== null && compare(a, b) === 0 ? null : a),
  };
});

/** IF(condition, then, else): a NULL condition takes the else branch. */
const ifFunction = defineFunction('IF', (args, ctx) => {
  const sig = '(BOOLEAN, T, T)';
  checkArity('IF', sig, args, 3);
  if (args[0].kind !== 'BOOLEAN' && args[0].kind !== 'NULL') throw argumentError('IF', sig, args);
  const type = common('IF', sig, args.slice(1), ctx.dialect);
  return {
    returnType: type,
    argTypes: [T.boolean(args[0].nullable), withNullable(type, args[1].nullable), withNullable(type, args[2].nullable)],
    nulls: 'custom',
    impl: (c, a, b) => (c === true ? a : b),
  };
});

/**
 * GREATEST/LEAST. Flink: NULL if any argument is NULL. Spark: NULL arguments are skipped, and
 * strings do not mix with other types.
 */
function extremum(name: 'GREATEST' | 'LEAST'): ScalarFunctionSpec {
  return defineFunction(name, (args, ctx): ResolvedFunction => {
    const sig = '(T, T, ...)';
    if (args.length < (ctx.dialect === 'spark' ? 2 : 1)) throw argumentError(name, sig, args);
    const type = common(name, sig, args, ctx.dialect);
    if (isCharacter(type) && !args.every((a) => isCharacter(a) || a.kind === 'NULL')) throw argumentError(name, sig, args);
    const compare = comparatorFor(type);
    const sign = name === 'GREATEST' ? 1 : -1;
    const spark = ctx.dialect === 'spark';
    const impl = (...values: unknown[]) => {
      let best: unknown = null;
      for (const v of values) {
        if (v === null) {
          if (spark) continue;
          return null;
        }
        if (best === null || sign * compare(v, best) > 0) best = v;
      }
      return best;
    };
    return {
      returnType: withNullable(type, spark ? allNullable(args) : args.some((a) => a.nullable || a.kind === 'NULL')),
      argTypes: args.map((a) => withNullable(type, a.nullable)),
      nulls: 'custom',
      impl,
    };
  });
}

function nullTest(name: string, isNull: boolean): ScalarFunctionSpec {
  return defineFunction(
    name,
    (args) => {
      checkArity(name, '(ANY)', args, 1);
      return { returnType: T.boolean(false), argTypes: [args[0]], nulls: 'custom', impl: (v) => (v === null) === isNull };
    },
    ['spark'],
  );
}

const nanvl = defineFunction(
  'NANVL',
  (args) => {
    const sig = '(DOUBLE, DOUBLE)';
    checkArity('NANVL', sig, args, 2);
    const argTypes = [T.double(args[0].nullable), T.double(args[1].nullable)];
    return {
      returnType: T.double(args.some((a) => a.nullable || a.kind === 'NULL')),
      argTypes,
      impl: (a, b) => (Number.isNaN(a) ? b : a),
    };
  },
  ['spark'],
);

export const conditionalFunctions: readonly ScalarFunctionSpec[] = [
  coalesce,
  ifNull,
  ...aliases(ifNull, ['NVL'], ['spark']),
  nvl2,
  nullIf,
  ifFunction,
  extremum('GREATEST'),
  extremum('LEAST'),
  nullTest('ISNULL', true),
  nullTest('ISNOTNULL', false),
  nanvl,
];
