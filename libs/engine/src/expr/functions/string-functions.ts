import { T, type SqlType } from '../../types/sql-type';
import { commonSuperType } from '../../types/common-type';
import type { ResolvedFunction, ScalarFunctionSpec } from './function-spec';
import {
  aliases,
  argumentError,
  charLength,
  charSlice,
  checkArity,
  coerceArgs,
  defineFunction,
  intArg,
  literalString,
  nullableLike,
  stringArg,
} from './function-helpers';
import { padFunctions, positionFunctions } from './string-position-functions';
import { regexFunctions } from './string-regex-functions';
import { codecFunctions } from './string-codec-functions';

/**
 * String functions (Flink "String Functions", Spark "String Functions"). Lengths and positions
 * count characters (code points) and are 1-based.
 */
function unaryString(name: string, fn: (s: string) => unknown, returnType: SqlType = T.string()): ScalarFunctionSpec {
  return defineFunction(name, (args) => {
    checkArity(name, '(STRING)', args, 1);
    const argTypes = coerceArgs(name, '(STRING)', args, [stringArg]);
    return { returnType: nullableLike(returnType, args), argTypes, impl: (s) => fn(s as string) };
  });
}

const concat = defineFunction('CONCAT', (args, ctx) => {
  if (args.length === 0) throw argumentError('CONCAT', '(STRING, ...)', args);
  if (ctx.dialect === 'spark' && args.every((a) => a.kind === 'ARRAY' || a.kind === 'NULL') && args.some((a) => a.kind === 'ARRAY')) {
    const type = commonSuperType(args, 'spark');
    if (!type) throw argumentError('CONCAT', '(ARRAY, ...)', args);
    return { returnType: type, argTypes: args.map(() => type), impl: (...arrays) => ([] as unknown[]).concat(...(arrays as unknown[][])) };
  }
  const argTypes = coerceArgs('CONCAT', '(STRING, ...)', args, [stringArg]);
  return { returnType: nullableLike(T.string(), args), argTypes, impl: (...parts) => parts.join('') };
});

/** CONCAT_WS(sep, s...): NULL arguments are skipped; Spark flattens ARRAY<STRING> arguments. */
const concatWs = defineFunction('CONCAT_WS', (args, ctx) => {
  const sig = '(STRING, STRING, ...)';
  if (args.length < 1) throw argumentError('CONCAT_WS', sig, args);
  const argTypes = args.map((a, i) => (i > 0 && ctx.dialect === 'spark' && a.kind === 'ARRAY' ? a : stringArg(a)));
  if (argTypes.some((t) => !t)) throw argumentError('CONCAT_WS', sig, args);
  return {
    returnType: T.string(args[0].nullable || args[0].kind === 'NULL'),
    argTypes: argTypes as SqlType[],
    nulls: 'custom',
    impl: (sep, ...parts) => {
      if (sep === null) return null;
      const kept: string[] = [];
      for (const p of parts) {
        if (p === null) continue;
        if (Array.isArray(p)) for (const e of p) if (e !== null) kept.push(e as string);
        if (typeof p === 'string') kept.push(p);
      }
      return kept.join(sep as string);
    },
  };
});

/**
 * SUBSTRING(s, pos[, len]). Flink (BinaryStringDataUtil.substringSQL): negative len is NULL and
 * a negative pos before the start gives ''. Spark (UTF8String.substringSQL): pos counts from the
 * end when negative and the window is clipped.
 */
const substring = defineFunction('SUBSTRING', (args, ctx) => {
  const sig = '(STRING, INT[, INT])';
  checkArity('SUBSTRING', sig, args, 2, 3);
  const argTypes = coerceArgs('SUBSTRING', sig, args, [stringArg, intArg]);
  const flink = ctx.dialect === 'flink';
  const impl = (s: unknown, p: unknown, l: unknown = 2147483647) => {
    const str = s as string;
    const pos = p as number;
    const len = l as number;
    const n = charLength(str);
    if (flink) {
      if (len < 0) return null;
      const start = pos > 0 ? pos - 1 : pos < 0 ? n + pos : 0;
      if (start < 0 || start >= n) return '';
      return charSlice(str, start, Math.min(n, start + len));
    }
    const start = pos > 0 ? pos - 1 : pos < 0 ? n + pos : 0;
    const end = start + len;
    const from = Math.max(start, 0);
    return from >= end ? '' : charSlice(str, from, Math.min(end, n));
  };
  return { returnType: nullableLike(T.string(), args, flink), argTypes, impl };
});

/** TRIM(s) | TRIM(mode, chars, s) | TRIM(mode, s) with mode 'BOTH' | 'LEADING' | 'TRAILING'. */
function trimmer(chars: string | undefined, leading: boolean, trailing: boolean): (s: string, dynamicChars?: string) => string {
  return (s, dynamicChars) => {
    const set = dynamicChars ?? chars ?? ' ';
    let start = 0;
    let end = s.length;
    if (leading) while (start < end && set.includes(s[start])) start++;
    if (trailing) while (end > start && set.includes(s[end - 1])) end--;
    return start === 0 && end === s.length ? s : s.slice(start, end);
  };
}

const TRIM_MODES: Record<string, [boolean, boolean]> = { BOTH: [true, true], LEADING: [true, false], TRAILING: [false, true] };

const trim = defineFunction('TRIM', (args, _ctx, literals) => {
  const sig = "(STRING) or ('BOTH'|'LEADING'|'TRAILING', STRING, STRING)";
  checkArity('TRIM', sig, args, 1, 3);
  const argTypes = coerceArgs('TRIM', sig, args, [stringArg]);
  if (args.length === 1) {
    const both = trimmer(' ', true, true);
    return { returnType: nullableLike(T.string(), args), argTypes, impl: (s) => both(s as string) };
  }
  const mode = literalString(literals, 0)?.toUpperCase();
  const sides = mode ? TRIM_MODES[mode] : undefined;
  if (!sides) {
    // Spark's legacy TRIM(trimStr, str).
    const both = trimmer(undefined, true, true);
    return { returnType: nullableLike(T.string(), args), argTypes, impl: (chars, s) => both(s as string, chars as string) };
  }
  const fn = trimmer(undefined, sides[0], sides[1]);
  const valueArgs = args.slice(1);
  if (args.length === 2) {
    return { returnType: nullableLike(T.string(), valueArgs), argTypes, impl: (_m, s) => fn(s as string, ' ') };
  }
  return { returnType: nullableLike(T.string(), valueArgs), argTypes, impl: (_m, chars, s) => fn(s as string, chars as string) };
});

function sideTrim(name: string, leading: boolean, trailing: boolean): ScalarFunctionSpec {
  return defineFunction(name, (args) => {
    const sig = '(STRING[, STRING])';
    checkArity(name, sig, args, 1, 2);
    const argTypes = coerceArgs(name, sig, args, [stringArg]);
    const fn = trimmer(undefined, leading, trailing);
    return { returnType: nullableLike(T.string(), args), argTypes, impl: (s, chars) => fn(s as string, (chars as string | undefined) ?? ' ') };
  });
}

const length = unaryString('CHAR_LENGTH', (s) => charLength(s), T.int());

const replace = defineFunction('REPLACE', (args) => {
  const sig = '(STRING, STRING[, STRING])';
  checkArity('REPLACE', sig, args, 2, 3);
  const argTypes = coerceArgs('REPLACE', sig, args, [stringArg]);
  return {
    returnType: nullableLike(T.string(), args),
    argTypes,
    impl: (s, search, rep = '') => ((search as string) === '' ? s : (s as string).split(search as string).join(rep as string)),
  };
});

/** Flink INITCAP: words are runs of letters and digits. Spark initcap: words are separated by spaces. */
const initcap = defineFunction('INITCAP', (args, ctx): ResolvedFunction => {
  checkArity('INITCAP', '(STRING)', args, 1);
  const argTypes = coerceArgs('INITCAP', '(STRING)', args, [stringArg]);
  const boundary = ctx.dialect === 'flink' ? /[\p{L}\p{N}]+/gu : /[^ ]+/g;
  return {
    returnType: nullableLike(T.string(), args),
    argTypes,
    impl: (s) => (s as string).replace(boundary, (w) => w.charAt(0).toUpperCase() + w.slice(1).toLowerCase()),
  };
});

const reverse = defineFunction('REVERSE', (args) => {
  checkArity('REVERSE', '(STRING)', args, 1);
  if (args[0].kind === 'ARRAY') return { returnType: args[0], argTypes: [args[0]], impl: (a) => [...(a as unknown[])].reverse() };
  const argTypes = coerceArgs('REVERSE', '(STRING)', args, [stringArg]);
  return { returnType: nullableLike(T.string(), args), argTypes, impl: (s) => Array.from(s as string).reverse().join('') };
});

const repeat = defineFunction('REPEAT', (args) => {
  const sig = '(STRING, INT)';
  checkArity('REPEAT', sig, args, 2);
  const argTypes = coerceArgs('REPEAT', sig, args, [stringArg, intArg]);
  return { returnType: nullableLike(T.string(), args), argTypes, impl: (s, n) => ((n as number) > 0 ? (s as string).repeat(n as number) : '') };
});

function leftRight(name: 'LEFT' | 'RIGHT'): ScalarFunctionSpec {
  return defineFunction(name, (args) => {
    const sig = '(STRING, INT)';
    checkArity(name, sig, args, 2);
    const argTypes = coerceArgs(name, sig, args, [stringArg, intArg]);
    const impl =
      name === 'LEFT'
        ? (s: unknown, n: unknown) => ((n as number) <= 0 ? '' : charSlice(s as string, 0, n as number))
        : (s: unknown, n: unknown) => {
            const len = charLength(s as string);
            return (n as number) <= 0 ? '' : charSlice(s as string, Math.max(0, len - (n as number)));
          };
    return { returnType: nullableLike(T.string(), args), argTypes, impl };
  });
}

/** OVERLAY(s PLACING r FROM pos [FOR len]) arrives as OVERLAY(s, r, pos[, len]). */
const overlay = defineFunction('OVERLAY', (args) => {
  const sig = '(STRING, STRING, INT[, INT])';
  checkArity('OVERLAY', sig, args, 3, 4);
  const argTypes = coerceArgs('OVERLAY', sig, args, [stringArg, stringArg, intArg]);
  const impl = (s: unknown, r: unknown, pos: unknown, len?: unknown) => {
    const str = s as string;
    const count = (len as number | undefined) ?? charLength(r as string);
    const start = Math.max((pos as number) - 1, 0);
    return charSlice(str, 0, start) + (r as string) + charSlice(str, start + Math.max(count, 0));
  };
  return { returnType: nullableLike(T.string(), args), argTypes, impl };
});

const upper = unaryString('UPPER', (s) => s.toUpperCase());
const lower = unaryString('LOWER', (s) => s.toLowerCase());

export const stringFunctions: readonly ScalarFunctionSpec[] = [
  concat,
  concatWs,
  substring,
  ...aliases(substring, ['SUBSTR']),
  upper,
  ...aliases(upper, ['UCASE']),
  lower,
  ...aliases(lower, ['LCASE']),
  trim,
  sideTrim('LTRIM', true, false),
  sideTrim('RTRIM', false, true),
  sideTrim('BTRIM', true, true),
  length,
  ...aliases(length, ['CHARACTER_LENGTH', 'LENGTH', 'LEN']),
  replace,
  initcap,
  reverse,
  repeat,
  leftRight('LEFT'),
  leftRight('RIGHT'),
  overlay,
  ...positionFunctions,
  ...padFunctions,
  ...regexFunctions,
  ...codecFunctions,
];

