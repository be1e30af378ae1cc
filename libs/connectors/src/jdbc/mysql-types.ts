import { compileOutputFormatter, Decimal, formatDate, formatNdjsonRow, formatTimestamp, parseTimestamp, type SqlType } from '@sluice/engine';

/**
 * SQL type -> MySQL column type for tables the jdbc sink creates (Flink's JDBC type mapping).
 * Key columns must be indexable, so unbounded strings become VARCHAR(255) there and TEXT
 * elsewhere. ARRAY/MAP/ROW are stored as JSON text; times are DATETIME in UTC.
 */
export function mysqlColumnType(type: SqlType, isKey: boolean): string {
  switch (type.kind) {
    case 'BOOLEAN':
      return 'BOOLEAN';
    case 'TINYINT':
    case 'SMALLINT':
    case 'INT':
    case 'BIGINT':
      return type.kind === 'INT' ? 'INT' : type.kind;
    case 'FLOAT':
      return 'FLOAT';
    case 'DOUBLE':
      return 'DOUBLE';
    case 'DECIMAL':
      return `DECIMAL(${Math.min(type.precision ?? 10, 65)}, ${Math.min(type.scale ?? 0, 30)})`;
    case 'CHAR':
      return (type.precision ?? 1) <= 255 ? `CHAR(${type.precision ?? 1})` : `VARCHAR(${type.precision})`;
    case 'VARCHAR':
      return (type.precision ?? 0) <= (isKey ? 768 : 16_383) ? `VARCHAR(${type.precision})` : 'MEDIUMTEXT';
    case 'STRING':
      return isKey ? 'VARCHAR(255)' : 'TEXT';
    case 'BYTES':
      return isKey ? 'VARBINARY(255)' : 'BLOB';
    case 'DATE':
      return 'DATE';
    case 'TIME':
      return 'TIME(3)';
    case 'TIMESTAMP':
    case 'TIMESTAMP_LTZ':
      return `DATETIME(${Math.min(type.precision ?? 3, 6)})`;
    case 'INTERVAL_DAY_TIME':
    case 'INTERVAL_YEAR_MONTH':
      return 'BIGINT';
    default:
      return isKey ? 'VARCHAR(255)' : 'TEXT';
  }
}

/** SQL value -> query parameter for mysql2 (exact: BIGINT and DECIMAL travel as text). */
export function compileToMysql(type: SqlType): (v: unknown) => unknown {
  const inner = toMysql(type);
  return (v) => (v === null || v === undefined ? null : inner(v));
}

function toMysql(type: SqlType): (v: unknown) => unknown {
  switch (type.kind) {
    case 'BOOLEAN':
      return (v) => (v ? 1 : 0);
    case 'BIGINT':
      return (v) => String(v);
    case 'FLOAT':
    case 'DOUBLE':
      // MySQL has no NaN or infinity; such a value is stored as NULL.
      return (v) => (Number.isFinite(v) ? v : null);
    case 'DECIMAL':
      return (v) => (v as Decimal).toString();
    case 'DATE':
      return (v) => formatDate(v as number);
    case 'TIMESTAMP':
    case 'TIMESTAMP_LTZ': {
      const digits = Math.min(type.precision ?? 3, 6);
      return (v) => formatTimestamp(v as number, digits);
    }
    case 'TIME':
    case 'ARRAY':
    case 'MAP':
    case 'ROW': {
      const format = compileOutputFormatter(type);
      return type.kind === 'TIME' ? format : (v) => jsonText(format, v);
    }
    default:
      return (v) => v;
  }
}

/** mysql2 value (supportBigNumbers + bigNumberStrings, dates as Date in UTC) -> SQL value. */
export function compileFromMysql(type: SqlType): (v: unknown) => unknown {
  const inner = fromMysql(type);
  return (v) => (v === null || v === undefined ? null : inner(v));
}

function fromMysql(type: SqlType): (v: unknown) => unknown {
  switch (type.kind) {
    case 'BOOLEAN':
      return (v) => v === true || v === 1 || v === '1';
    case 'TINYINT':
    case 'SMALLINT':
    case 'INT':
      return (v) => Number(v);
    case 'BIGINT':
      return (v) => BigInt(v as string | number);
    case 'FLOAT':
    case 'DOUBLE':
      return (v) => Number(v);
    case 'DECIMAL':
      return (v) => Decimal.fromString(String(v))!.rescale(type.scale ?? 0);
    case 'DATE':
      return (v) => (v instanceof Date ? Math.floor(v.getTime() / 86_400_000) : Math.floor(Date.parse(`${String(v)}T00:00:00Z`) / 86_400_000));
    case 'TIMESTAMP':
    case 'TIMESTAMP_LTZ':
      return (v) => (v instanceof Date ? v.getTime() : (parseTimestamp(String(v))?.wallMs ?? null));
    case 'CHAR':
    case 'VARCHAR':
    case 'STRING':
      return (v) => (Buffer.isBuffer(v) ? v.toString('utf8') : String(v));
    default:
      return (v) => v;
  }
}

const VALUE_KEY = ['v'];

/** The JSON text `sluice run` prints for a value (exact BIGINTs, DECIMALs as strings). */
function jsonText(format: (v: unknown) => unknown, value: unknown): string {
  return formatNdjsonRow(VALUE_KEY, [format], [value]).slice('{"v":'.length, -1);
}
