import { T } from '../../types/sql-type';
import type { ScalarFunctionSpec } from './function-spec';
import { aliases, charLength, charSlice, checkArity, coerceArgs, defineFunction, intArg, nullableLike, stringArg } from './function-helpers';

/** Searching and padding string functions: POSITION/LOCATE/INSTR, LPAD/RPAD, SPLIT_INDEX, SUBSTRING_INDEX. */
const SURROGATE = /[\uD800-\uDFFF]/;

/** 1-based character position of `sub` in `s` at or after character `from` (1-based); 0 if absent. */
export function charPosition(s: string, sub: string, from = 1): number {
  if (from < 1) return 0;
  if (!SURROGATE.test(s) && !SURROGATE.test(sub)) {
    if (from - 1 > s.length) return 0;
    return s.indexOf(sub, from - 1) + 1;
  }
  const chars = Array.from(s);
  const prefix = chars.slice(0, from - 1).join('');
  const at = s.indexOf(sub, prefix.length);
  return at < 0 ? 0 : Array.from(s.slice(0, at)).length + 1;
}

/** POSITION(sub IN s) arrives as POSITION(sub, s); LOCATE(sub, s[, pos]) likewise. */
const position = defineFunction('POSITION', (args) => {
  const sig = '(STRING, STRING[, INT])';
  checkArity('POSITION', sig, args, 2, 3);
  const argTypes = coerceArgs('POSITION', sig, args, [stringArg, stringArg, intArg]);
  return {
    returnType: nullableLike(T.int(), args),
    argTypes,
    impl: (sub, s, from = 1) => charPosition(s as string, sub as string, from as number),
  };
});

/** INSTR(s, sub): note the argument order is the reverse of POSITION. */
const instr = defineFunction('INSTR', (args) => {
  const sig = '(STRING, STRING)';
  checkArity('INSTR', sig, args, 2);
  const argTypes = coerceArgs('INSTR', sig, args, [stringArg]);
  return { returnType: nullableLike(T.int(), args), argTypes, impl: (s, sub) => charPosition(s as string, sub as string) };
});

/**
 * LPAD/RPAD(s, len[, pad]). Flink: len < 0 or an empty pad is NULL. Spark: pad defaults to ' ',
 * len <= 0 is '', an empty pad leaves s unpadded. Both truncate s to len characters.
 */
function pad(name: 'LPAD' | 'RPAD'): ScalarFunctionSpec {
  return defineFunction(name, (args, ctx) => {
    const sig = '(STRING, INT[, STRING])';
    checkArity(name, sig, args, ctx.dialect === 'spark' ? 2 : 3, 3);
    const argTypes = coerceArgs(name, sig, args, [stringArg, intArg, stringArg]);
    const flink = ctx.dialect === 'flink';
    const left = name === 'LPAD';
    const impl = (s: unknown, l: unknown, p: unknown = ' ') => {
      const str = s as string;
      const len = l as number;
      const padding = p as string;
      if (flink && (len < 0 || padding === '')) return null;
      if (len <= 0) return '';
      const n = charLength(str);
      if (len <= n) return charSlice(str, 0, len);
      if (padding === '') return str;
      const fill = charSlice(padding.repeat(Math.ceil((len - n) / charLength(padding))), 0, len - n);
      return left ? fill + str : str + fill;
    };
    return { returnType: nullableLike(T.string(), args, flink), argTypes, impl };
  });
}

/** Flink SPLIT_INDEX(s, delimiter, index): zero-based, NULL when out of range. */
const splitIndex = defineFunction(
  'SPLIT_INDEX',
  (args) => {
    const sig = '(STRING, STRING, INT)';
    checkArity('SPLIT_INDEX', sig, args, 3);
    const argTypes = coerceArgs('SPLIT_INDEX', sig, args, [stringArg, stringArg, intArg]);
    return {
      returnType: T.string(true),
      argTypes,
      impl: (s, d, i) => {
        const index = i as number;
        if (index < 0 || s === '') return null;
        const parts = d === '' ? (s as string).trim().split(/\s+/) : (s as string).split(d as string);
        return index < parts.length ? parts[index] : null;
      },
    };
  },
  ['flink'],
);

/** Spark SUBSTRING_INDEX(s, delim, count): text before the count-th delimiter (after, if negative). */
const substringIndex = defineFunction(
  'SUBSTRING_INDEX',
  (args) => {
    const sig = '(STRING, STRING, INT)';
    checkArity('SUBSTRING_INDEX', sig, args, 3);
    const argTypes = coerceArgs('SUBSTRING_INDEX', sig, args, [stringArg, stringArg, intArg]);
    return {
      returnType: nullableLike(T.string(), args),
      argTypes,
      impl: (s, d, c) => {
        const str = s as string;
        const delim = d as string;
        const count = c as number;
        if (count === 0 || delim === '') return '';
        const parts = str.split(delim);
        if (Math.abs(count) >= parts.length) return str;
        return count > 0 ? parts.slice(0, count).join(delim) : parts.slice(parts.length + count).join(delim);
      },
    };
  },
  ['spark'],
);

export const positionFunctions: readonly ScalarFunctionSpec[] = [
  position,
  ...aliases(position, ['LOCATE']),
  instr,
  splitIndex,
  substringIndex,
];

export const padFunctions: readonly ScalarFunctionSpec[] = [pad('LPAD'), pad('RPAD')];
