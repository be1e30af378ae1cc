import { T, type SqlType } from '../../types/sql-type';
import { FunctionArgumentError, type ResolvedFunction, type ScalarFunctionSpec } from './function-spec';
import {
  checkArity,
  coerceArgs,
  defineFunction,
  intArg,
  literalString,
  nullableLike,
  stringArg,
} from './function-helpers';
import { cachedJavaRegex, compileJavaRegex, javaSplit, translateJavaReplacement } from './java-regex';

/**
 * Regular-expression functions. Patterns are Java regexes, translated once when they are
 * literals (java-regex.ts) and through a bounded cache otherwise.
 */

/** A regex getter: fixed when the pattern is a literal, cached lookup otherwise. */
function regexGetter(name: string, literals: readonly unknown[], index: number, flags = ''): (pattern: unknown) => RegExp | undefined {
  const literal = literalString(literals, index);
  if (literal !== undefined) {
    const re = compileJavaRegex(literal, flags);
    if (!re) throw new FunctionArgumentError(`${name}: invalid regular expression '${literal}'`);
    return () => re;
  }
  return (pattern) => cachedJavaRegex(pattern as string, flags);
}

/**
 * REGEXP_EXTRACT(s, regex[, group]). Flink: group defaults to 0, no match or a missing group is
 * NULL. Spark: group defaults to 1, no match gives ''.
 */
const regexpExtract = defineFunction('REGEXP_EXTRACT', (args, ctx, literals) => {
  const sig = '(STRING, STRING[, INT])';
  checkArity('REGEXP_EXTRACT', sig, args, 2, 3);
  const argTypes = coerceArgs('REGEXP_EXTRACT', sig, args, [stringArg, stringArg, intArg]);
  const flink = ctx.dialect === 'flink';
  const regex = regexGetter('REGEXP_EXTRACT', literals, 1);
  const miss = flink ? null : '';
  const impl = (s: unknown, p: unknown, g: unknown = flink ? 0 : 1) => {
    const re = regex(p);
    if (!re) return null;
    const m = re.exec(s as string);
    const group = g as number;
    if (!m) return miss;
    if (group < 0 || group >= m.length) return null;
    return m[group] ?? miss;
  };
  return { returnType: T.string(true), argTypes, impl };
});

/** REGEXP_REPLACE(s, regex, replacement[, position (Spark, 1-based)]). */
const regexpReplace = defineFunction('REGEXP_REPLACE', (args, ctx, literals) => {
  const sig = '(STRING, STRING, STRING[, INT])';
  checkArity('REGEXP_REPLACE', sig, args, 3, ctx.dialect === 'spark' ? 4 : 3);
  const argTypes = coerceArgs('REGEXP_REPLACE', sig, args, [stringArg, stringArg, stringArg, intArg]);
  const regex = regexGetter('REGEXP_REPLACE', literals, 1, 'g');
  const literalReplacement = literalString(literals, 2);
  const fixed = literalReplacement === undefined ? undefined : translateJavaReplacement(literalReplacement);
  const impl = (s: unknown, p: unknown, r: unknown, pos: unknown = 1) => {
    const re = regex(p);
    if (!re) return null;
    re.lastIndex = 0;
    const replacement = fixed ?? translateJavaReplacement(r as string);
    const start = Math.max((pos as number) - 1, 0);
    const str = s as string;
    return start === 0 ? str.replace(re, replacement) : str.slice(0, start) + str.slice(start).replace(re, replacement);
  };
  return { returnType: nullableLike(T.string(), args), argTypes, impl };
});

/** REGEXP(s, regex) / RLIKE: TRUE when any substring matches. */
function regexpTest(name: string, dialects?: readonly ('flink' | 'spark')[]): ScalarFunctionSpec {
  return defineFunction(
    name,
    (args, _ctx, literals): ResolvedFunction => {
      const sig = '(STRING, STRING)';
      checkArity(name, sig, args, 2);
      const argTypes = coerceArgs(name, sig, args, [stringArg]);
      const regex = regexGetter(name, literals, 1);
      return {
        returnType: nullableLike(T.boolean(), args),
        argTypes,
        impl: (s, p) => {
          const re = regex(p);
          return re ? re.test(s as string) : null;
        },
      };
    },
    dialects,
  );
}

/** Spark SPLIT(s, regex[, limit]) -> ARRAY<STRING>, Java String.split with limit -1 by default. */
const split = defineFunction(
  'SPLIT',
  (args, _ctx, literals) => {
    const sig = '(STRING, STRING[, INT])';
    checkArity('SPLIT', sig, args, 2, 3);
    const argTypes = coerceArgs('SPLIT', sig, args, [stringArg, stringArg, intArg]);
    const regex = regexGetter('SPLIT', literals, 1);
    const returnType: SqlType = nullableLike(T.array(T.string(false)), args);
    return {
      returnType,
      argTypes,
      impl: (s, p, limit = -1) => {
        const re = regex(p);
        return re ? javaSplit(s as string, re, limit as number) : null;
      },
    };
  },
  ['spark'],
);

export const regexFunctions: readonly ScalarFunctionSpec[] = [
  regexpExtract,
  regexpReplace,
  regexpTest('REGEXP'),
  regexpTest('RLIKE', ['spark']),
  split,
];
