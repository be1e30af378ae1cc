import { Decimal } from './decimal';
import type { SqlType } from './sql-type';

/** A row is positional: column i of the schema is row[i]. */
export type Row = unknown[];

/** Flink's changelog kinds: insert, update-before, update-after, delete. */
export type RowKind = '+I' | '-U' | '+U' | '-D';

/**
 * Total order over non-null values of one type, used by ORDER BY, MIN/MAX and sort-merge.
 * NULL placement is decided by the caller (NULLS FIRST/LAST), never here.
 */
export type Comparator = (a: unknown, b: unknown) => number;

export function comparatorFor(type: SqlType): Comparator {
  switch (type.kind) {
    case 'DECIMAL':
      return (a, b) => (a as Decimal).compare(b as Decimal);
    case 'BOOLEAN':
      return (a, b) => (a === b ? 0 : a ? 1 : -1);
    case 'FLOAT':
    case 'DOUBLE':
      // NaN sorts above every other value, as in Spark and Flink.
      return (a, b) => {
        const x = a as number;
        const y = b as number;
        if (x < y) return -1;
        if (x > y) return 1;
        if (x === y) return 0;
        return Number.isNaN(x) ? (Number.isNaN(y) ? 0 : 1) : -1;
      };
    case 'ARRAY':
      return compareArrays(comparatorFor(type.element!));
    case 'BYTES':
      return (a, b) => Buffer.compare(a as Uint8Array, b as Uint8Array);
    default:
      return (a, b) => ((a as number) < (b as number) ? -1 : (a as number) > (b as number) ? 1 : 0);
  }
}

function compareArrays(element: Comparator): Comparator {
  return (a, b) => {
    const x = a as unknown[];
    const y = b as unknown[];
    for (let i = 0; i < Math.min(x.length, y.length); i++) {
      if (x[i] === null || y[i] === null) {
        if (x[i] !== y[i]) return x[i] === null ? -1 : 1;
        continue;
      }
      const c = element(x[i], y[i]);
      if (c !== 0) return c;
    }
    return x.length - y.length;
  };
}

/**
 * A primitive that is equal (===, or same Map key) exactly when two values are SQL-equal for
 * grouping, DISTINCT and hash joins. Numbers, strings and bigints are their own key.
 */
export function groupKeyOf(value: unknown): unknown {
  if (value === null || typeof value !== 'object') {
    // -0 and 0 group together; NaN groups with NaN (Map uses SameValueZero).
    return value;
  }
  if (value instanceof Decimal) return `d:${value.hashKey()}`;
  if (Array.isArray(value)) return `a:${JSON.stringify(value.map(groupKeyOf), bigintReplacer)}`;
  if (value instanceof Map) return `m:${JSON.stringify([...value].map(([k, v]) => [groupKeyOf(k), groupKeyOf(v)]), bigintReplacer)}`;
  if (value instanceof Uint8Array) return `b:${Buffer.from(value).toString('base64')}`;
  return `o:${JSON.stringify(value, bigintReplacer)}`;
}

/** Composite key for several values; the separator cannot appear in a number or bigint. */
export function compositeKeyOf(values: readonly unknown[]): unknown {
  if (values.length === 1) return groupKeyOf(values[0]);
  let key = '';
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    key += encodeKeyPart(v === null || typeof v !== 'object' ? v : groupKeyOf(v)) + '\u0001';
  }
  return key;
}

function encodeKeyPart(v: unknown): string {
  switch (typeof v) {
    case 'string':
      return `s${v.length}:${v}`;
    case 'number':
      return `n${Object.is(v, -0) ? 0 : v}`;
    case 'bigint':
      return `i${v}`;
    case 'boolean':
      return v ? 'T' : 'F';
    default:
      return v === null ? 'N' : `o${String(v)}`;
  }
}

export function bigintReplacer(_key: string, value: unknown): unknown {
  return typeof value === 'bigint' ? value.toString() : value;
}
