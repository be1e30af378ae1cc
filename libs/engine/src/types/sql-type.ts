/**
 * SQL data types shared by both dialects. A type is a plain immutable object; values of each
 * type have one JavaScript representation (see values.ts), fixed here so operators never guess:
 *
 *   BOOLEAN                 boolean
 *   TINYINT SMALLINT INT    number (integer)
 *   BIGINT                  bigint (exact over the whole 64-bit range)
 *   FLOAT DOUBLE            number
 *   DECIMAL(p,s)            Decimal (scaled bigint, exact)
 *   STRING VARCHAR CHAR     string
 *   BYTES                   Uint8Array
 *   DATE                    number: days since 1970-01-01
 *   TIME                    number: milliseconds of the day
 *   TIMESTAMP(p)            number: epoch milliseconds in UTC wall-clock (fraction = sub-ms)
 *   TIMESTAMP_LTZ(p)        number: epoch milliseconds (an instant)
 *   INTERVAL DAY TO SECOND  number: milliseconds
 *   INTERVAL YEAR TO MONTH  number: months
 *   ARRAY<T>                unknown[]
 *   MAP<K,V>                Map<unknown, unknown>
 *   ROW<...>                unknown[] (by field position)
 *   NULL                    null (every type admits null when nullable)
 */
export type TypeKind =
  | 'NULL'
  | 'BOOLEAN'
  | 'TINYINT'
  | 'SMALLINT'
  | 'INT'
  | 'BIGINT'
  | 'FLOAT'
  | 'DOUBLE'
  | 'DECIMAL'
  | 'CHAR'
  | 'VARCHAR'
  | 'STRING'
  | 'BYTES'
  | 'DATE'
  | 'TIME'
  | 'TIMESTAMP'
  | 'TIMESTAMP_LTZ'
  | 'INTERVAL_DAY_TIME'
  | 'INTERVAL_YEAR_MONTH'
  | 'ARRAY'
  | 'MAP'
  | 'ROW';

export interface SqlType {
  readonly kind: TypeKind;
  readonly nullable: boolean;
  /** DECIMAL precision, TIMESTAMP fractional precision, CHAR/VARCHAR length. */
  readonly precision?: number;
  /** DECIMAL scale. */
  readonly scale?: number;
  /** ARRAY element type, MAP value type. */
  readonly element?: SqlType;
  /** MAP key type. */
  readonly key?: SqlType;
  /** ROW fields. */
  readonly fields?: readonly { readonly name: string; readonly type: SqlType }[];
  /** Set on TIMESTAMP columns that are a time attribute (rowtime or proctime) of a table. */
  readonly timeAttribute?: 'rowtime' | 'proctime';
  /** Set on the window_start / window_end / window_time columns a window TVF adds. */
  readonly windowProperty?: 'start' | 'end' | 'time';
}

const cache = new Map<string, SqlType>();

function simple(kind: TypeKind, nullable = true): SqlType {
  const key = `${kind}:${nullable}`;
  let t = cache.get(key);
  if (!t) {
    t = Object.freeze({ kind, nullable });
    cache.set(key, t);
  }
  return t;
}

export const T = {
  null: () => simple('NULL'),
  boolean: (nullable = true) => simple('BOOLEAN', nullable),
  tinyint: (nullable = true) => simple('TINYINT', nullable),
  smallint: (nullable = true) => simple('SMALLINT', nullable),
  int: (nullable = true) => simple('INT', nullable),
  bigint: (nullable = true) => simple('BIGINT', nullable),
  float: (nullable = true) => simple('FLOAT', nullable),
  double: (nullable = true) => simple('DOUBLE', nullable),
  string: (nullable = true) => simple('STRING', nullable),
  bytes: (nullable = true) => simple('BYTES', nullable),
  date: (nullable = true) => simple('DATE', nullable),
  time: (nullable = true) => simple('TIME', nullable),
  intervalDayTime: (nullable = true) => simple('INTERVAL_DAY_TIME', nullable),
  intervalYearMonth: (nullable = true) => simple('INTERVAL_YEAR_MONTH', nullable),
  decimal: (precision: number, scale: number, nullable = true): SqlType =>
    Object.freeze({ kind: 'DECIMAL', nullable, precision, scale }),
  varchar: (length: number, nullable = true): SqlType => Object.freeze({ kind: 'VARCHAR', nullable, precision: length }),
  char: (length: number, nullable = true): SqlType => Object.freeze({ kind: 'CHAR', nullable, precision: length }),
  timestamp: (precision = 3, nullable = true): SqlType => Object.freeze({ kind: 'TIMESTAMP', nullable, precision }),
  timestampLtz: (precision = 3, nullable = true): SqlType =>
    Object.freeze({ kind: 'TIMESTAMP_LTZ', nullable, precision }),
  array: (element: SqlType, nullable = true): SqlType => Object.freeze({ kind: 'ARRAY', nullable, element }),
  map: (key: SqlType, value: SqlType, nullable = true): SqlType =>
    Object.freeze({ kind: 'MAP', nullable, key, element: value }),
  row: (fields: { name: string; type: SqlType }[], nullable = true): SqlType =>
    Object.freeze({ kind: 'ROW', nullable, fields }),
};

export function withNullable(type: SqlType, nullable: boolean): SqlType {
  if (type.nullable === nullable) return type;
  return Object.freeze({ ...type, nullable });
}

export function withoutTimeAttribute(type: SqlType): SqlType {
  if (!type.timeAttribute) return type;
  const { timeAttribute: _dropped, ...rest } = type;
  return Object.freeze(rest);
}

export const isIntegral = (t: SqlType) =>
  t.kind === 'TINYINT' || t.kind === 'SMALLINT' || t.kind === 'INT' || t.kind === 'BIGINT';
export const isApproximate = (t: SqlType) => t.kind === 'FLOAT' || t.kind === 'DOUBLE';
export const isNumeric = (t: SqlType) => isIntegral(t) || isApproximate(t) || t.kind === 'DECIMAL';
export const isCharacter = (t: SqlType) => t.kind === 'STRING' || t.kind === 'VARCHAR' || t.kind === 'CHAR';
export const isTimestamp = (t: SqlType) => t.kind === 'TIMESTAMP' || t.kind === 'TIMESTAMP_LTZ';
export const isTemporal = (t: SqlType) => isTimestamp(t) || t.kind === 'DATE' || t.kind === 'TIME';
export const isInterval = (t: SqlType) => t.kind === 'INTERVAL_DAY_TIME' || t.kind === 'INTERVAL_YEAR_MONTH';
/** Integral kinds whose values are JS numbers (BIGINT is a bigint). */
export const isSmallIntegral = (t: SqlType) => t.kind === 'TINYINT' || t.kind === 'SMALLINT' || t.kind === 'INT';

/** Rank in the numeric widening order TINYINT < SMALLINT < INT < BIGINT < DECIMAL < FLOAT < DOUBLE. */
export function numericRank(t: SqlType): number {
  return ['TINYINT', 'SMALLINT', 'INT', 'BIGINT', 'DECIMAL', 'FLOAT', 'DOUBLE'].indexOf(t.kind);
}

/** Precision of integral types when they take part in DECIMAL arithmetic (SQL standard / Flink / Spark). */
export function integralDecimalPrecision(t: SqlType): number {
  switch (t.kind) {
    case 'TINYINT':
      return 3;
    case 'SMALLINT':
      return 5;
    case 'INT':
      return 10;
    case 'BIGINT':
      return 19;
    default:
      return 38;
  }
}

/** How the type prints in EXPLAIN, errors and DESCRIBE, in SQL syntax. */
export function formatType(t: SqlType): string {
  const suffix = t.nullable ? '' : ' NOT NULL';
  switch (t.kind) {
    case 'DECIMAL':
      return `DECIMAL(${t.precision}, ${t.scale})${suffix}`;
    case 'VARCHAR':
      return `VARCHAR(${t.precision})${suffix}`;
    case 'CHAR':
      return `CHAR(${t.precision})${suffix}`;
    case 'TIMESTAMP':
      return `TIMESTAMP(${t.precision ?? 3})${t.timeAttribute ? ` *${t.timeAttribute.toUpperCase()}*` : ''}${suffix}`;
    case 'TIMESTAMP_LTZ':
      return `TIMESTAMP_LTZ(${t.precision ?? 3})${t.timeAttribute ? ` *${t.timeAttribute.toUpperCase()}*` : ''}${suffix}`;
    case 'INTERVAL_DAY_TIME':
      return `INTERVAL DAY TO SECOND${suffix}`;
    case 'INTERVAL_YEAR_MONTH':
      return `INTERVAL YEAR TO MONTH${suffix}`;
    case 'ARRAY':
      return `ARRAY<${formatType(t.element!)}>${suffix}`;
    case 'MAP':
      return `MAP<${formatType(t.key!)}, ${formatType(t.element!)}>${suffix}`;
    case 'ROW':
      return `ROW<${t.fields!.map((f) => `${f.name} ${formatType(f.type)}`).join(', ')}>${suffix}`;
    default:
      return `${t.kind}${suffix}`;
  }
}

export function sameKind(a: SqlType, b: SqlType): boolean {
  return a.kind === b.kind && a.precision === b.precision && a.scale === b.scale;
}
