import { parseBooleanText, parseDoubleText, parseIntegralText } from '../../types/cast-numeric';
import { T, type SqlType } from '../../types/sql-type';
import type { ResolvedFunction, ScalarFunctionSpec } from './function-spec';
import { argumentError, checkArity, coerceArgs, defineFunction, literalString, nullableLike, stringArg } from './function-helpers';
import {
  JsonNumber,
  evaluateJsonPath,
  isJsonScalar,
  jsonNumberText,
  jsonText,
  parseJson,
  parseJsonPath,
  type JsonPath,
  type JsonValue,
} from './json-path';

/**
 * JSON functions. Flink: JSON_VALUE (scalar as STRING, or the RETURNING type given as a third
 * literal argument such as 'INT'), JSON_QUERY (object or array as JSON text), JSON_EXISTS; all
 * lax by default, NULL (FALSE) ON EMPTY and ON ERROR. Spark: GET_JSON_OBJECT, which returns
 * scalars as text, objects and arrays as JSON text, and several wildcard matches as an array.
 */
function pathGetter(name: string, literals: readonly unknown[]): (p: unknown) => JsonPath | undefined {
  const literal = literalString(literals, 1);
  if (literal !== undefined) {
    const path = parseJsonPath(literal);
    if (!path) throw argumentError(name, "(STRING, a JSON path such as '$.a.b[0]')", []);
    return () => path;
  }
  const cache = new Map<string, JsonPath | undefined>();
  return (p) => {
    const text = p as string;
    if (!cache.has(text)) {
      if (cache.size > 1000) cache.clear();
      cache.set(text, parseJsonPath(text));
    }
    return cache.get(text);
  };
}

function select(json: unknown, path: JsonPath | undefined, laxWrapping?: boolean): JsonValue[] | undefined {
  if (!path) return undefined;
  const doc = parseJson(json as string);
  return doc === undefined ? undefined : evaluateJsonPath(doc, path, laxWrapping ?? !path.strict);
}

function scalarText(v: JsonValue): string | null {
  if (v === null) return null;
  if (typeof v === 'string') return v;
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  return v instanceof JsonNumber ? jsonNumberText(v) : null;
}

const RETURNING: Record<string, SqlType> = {
  STRING: T.string(), VARCHAR: T.string(), CHAR: T.string(), BOOLEAN: T.boolean(),
  INT: T.int(), INTEGER: T.int(), BIGINT: T.bigint(), DOUBLE: T.double(), FLOAT: T.float(),
};

function returningConverter(type: SqlType): (text: string) => unknown {
  switch (type.kind) {
    case 'BOOLEAN':
      return (s) => parseBooleanText(s) ?? null;
    case 'INT': {
      return (s) => {
        const n = parseIntegralText(s, 32);
        return n === undefined ? null : Number(n);
      };
    }
    case 'BIGINT':
      return (s) => parseIntegralText(s, 64) ?? null;
    case 'DOUBLE':
    case 'FLOAT':
      return (s) => parseDoubleText(s, 'flink') ?? null;
    default:
      return (s) => s;
  }
}

const jsonValue = defineFunction(
  'JSON_VALUE',
  (args, _ctx, literals): ResolvedFunction => {
    const sig = "(STRING, STRING[, 'RETURNING TYPE'])";
    checkArity('JSON_VALUE', sig, args, 2, 3);
    const returning = args.length === 3 ? RETURNING[(literalString(literals, 2) ?? '').toUpperCase()] : T.string();
    if (!returning) throw argumentError('JSON_VALUE', sig, args);
    const argTypes = coerceArgs('JSON_VALUE', sig, args, [stringArg]);
    const path = pathGetter('JSON_VALUE', literals);
    const convert = returningConverter(returning);
    return {
      returnType: { ...returning, nullable: true },
      argTypes,
      impl: (json, p) => {
        const found = select(json, path(p));
        if (!found || found.length !== 1 || !isJsonScalar(found[0])) return null;
        const text = scalarText(found[0]);
        return text === null ? null : convert(text);
      },
    };
  },
  ['flink'],
);

const jsonQuery = defineFunction(
  'JSON_QUERY',
  (args, _ctx, literals) => {
    const sig = '(STRING, STRING)';
    checkArity('JSON_QUERY', sig, args, 2);
    const argTypes = coerceArgs('JSON_QUERY', sig, args, [stringArg]);
    const path = pathGetter('JSON_QUERY', literals);
    return {
      returnType: T.string(true),
      argTypes,
      impl: (json, p) => {
        const found = select(json, path(p));
        if (!found || found.length !== 1 || isJsonScalar(found[0])) return null;
        return jsonText(found[0]);
      },
    };
  },
  ['flink'],
);

const jsonExists = defineFunction(
  'JSON_EXISTS',
  (args, _ctx, literals) => {
    const sig = '(STRING, STRING)';
    checkArity('JSON_EXISTS', sig, args, 2);
    const argTypes = coerceArgs('JSON_EXISTS', sig, args, [stringArg]);
    const path = pathGetter('JSON_EXISTS', literals);
    return {
      returnType: nullableLike(T.boolean(), args),
      argTypes,
      impl: (json, p) => {
        const found = select(json, path(p));
        return found !== undefined && found.length > 0;
      },
    };
  },
  ['flink'],
);

const getJsonObject = defineFunction(
  'GET_JSON_OBJECT',
  (args, _ctx, literals) => {
    const sig = '(STRING, STRING)';
    checkArity('GET_JSON_OBJECT', sig, args, 2);
    const argTypes = coerceArgs('GET_JSON_OBJECT', sig, args, [stringArg]);
    const path = pathGetter('GET_JSON_OBJECT', literals);
    return {
      returnType: T.string(true),
      argTypes,
      impl: (json, p) => {
        const compiled = path(p);
        if (compiled?.strict) return null;
        const found = select(json, compiled, false);
        if (!found || found.length === 0) return null;
        if (found.length > 1) return jsonText(found);
        const v = found[0];
        return isJsonScalar(v) ? scalarText(v) : jsonText(v);
      },
    };
  },
  ['spark'],
);

export const jsonFunctions: readonly ScalarFunctionSpec[] = [jsonValue, jsonQuery, jsonExists, getJsonObject];
