import { ConfigError, SluiceError } from '@sluice/contracts';
import {
  T,
  type ColumnDefinition,
  type InputSplit,
  type Row,
  type SplittableConnector,
  type SqlType,
  type TableDefinition,
} from '@sluice/engine';
import type { FieldPacket } from 'mysql2';
import { compileFromMysql } from '../jdbc/mysql-types';
import { quoteName } from '../jdbc/mysql-url';
import type { MysqlPools } from './mysql-pools';

/** Spark's JDBC partitioning options, all or none. */
interface JdbcPartitioning {
  readonly column: string;
  readonly lower: number;
  readonly upper: number;
  readonly count: number;
}

/**
 * Spark's JDBC source (`USING jdbc OPTIONS (url, dbtable | query, user, password,
 * partitionColumn, lowerBound, upperBound, numPartitions)`) over MySQL: without partitioning one
 * split reads everything; with it, one split per stride of the partition column, cut exactly as
 * Spark's JDBCRelation.columnPartition cuts it (the bounds only decide the stride: the first
 * split also takes rows below lowerBound and NULLs, the last one rows above upperBound).
 * Columns without a declaration are taken from the result set's metadata.
 */
export function sparkJdbcSource(pools: MysqlPools): SplittableConnector {
  return {
    name: 'jdbc',
    validate(table) {
      pools.target(table);
      partitioningOf(table);
      if (option(table, 'sluice.incremental')?.toLowerCase() === 'true')
        throw new ConfigError(
          `table '${table.name}' (jdbc): 'sluice.incremental' is only supported by Kafka sources`,
          { position: table.pos },
        );
    },
    async inferColumns(table): Promise<ColumnDefinition[]> {
      const target = pools.target(table);
      const [, fields] = await query(pools, table, `SELECT * FROM ${target.from} LIMIT 0`);
      return fields.map((f) => ({ name: f.name, type: sqlTypeOf(f) }));
    },
    async planSplits(table) {
      const p = partitioningOf(table);
      const wheres = p ? columnPartition(p) : [undefined];
      return {
        splits: wheres.map((where, i): InputSplit => ({
          key: where ?? 'all rows',
          spec: { where: where ?? null, index: i },
        })),
        ranges: [],
        isIncremental: false,
      };
    },
    createSplitSource: (table, _ctx, split) => ({
      readAll: () => readRows(pools, table, (split.spec as { where: string | null }).where ?? undefined),
    }),
    createBoundedSource: (table) => ({ readAll: () => readRows(pools, table, undefined) }),
  };
}

async function readRows(
  pools: MysqlPools,
  table: TableDefinition,
  where: string | undefined,
): Promise<Row[]> {
  const target = pools.target(table);
  const columns = table.columns.filter((c) => !c.computed);
  const list = columns.map((c) => quoteName(c.name)).join(', ');
  const [rows] = await query(
    pools,
    table,
    `SELECT ${list} FROM ${target.from}${where ? ` WHERE ${where}` : ''}`,
  );
  const convert = columns.map((c) => compileFromMysql(c.type));
  return (rows as unknown[][]).map((r) => r.map((v, i) => convert[i]!(v)));
}

async function query(
  pools: MysqlPools,
  table: TableDefinition,
  sql: string,
): Promise<[unknown[], FieldPacket[]]> {
  try {
    const [rows, fields] = await pools.pool(pools.target(table).location).query({ sql, rowsAsArray: true });
    return [rows as unknown[], fields];
  } catch (error) {
    const e = error as { code?: string; message: string };
    // Missing tables and bad SQL will not heal by themselves; lost connections may.
    const isPermanent =
      e.code === 'ER_NO_SUCH_TABLE' ||
      e.code === 'ER_PARSE_ERROR' ||
      e.code === 'ER_BAD_FIELD_ERROR' ||
      e.code === 'ER_ACCESS_DENIED_ERROR';
    throw new SluiceError('SOURCE_UNAVAILABLE', `table '${table.name}' (jdbc): ${e.message}`, {
      cause: error,
      retriable: !isPermanent,
      position: table.pos,
    });
  }
}

function option(table: TableDefinition, name: string): string | undefined {
  return [...table.options].find(([k]) => k.toLowerCase() === name)?.[1];
}

function partitioningOf(table: TableDefinition): JdbcPartitioning | undefined {
  const names = ['partitioncolumn', 'lowerbound', 'upperbound', 'numpartitions'];
  const values = names.map((n) => option(table, n));
  const fail = (message: string) =>
    new ConfigError(`table '${table.name}' (jdbc): ${message}`, { position: table.pos });
  if (values.every((v) => v === undefined)) return undefined;
  if (values.some((v) => v === undefined))
    throw fail(`partitionColumn, lowerBound, upperBound and numPartitions go together`);
  if (option(table, 'query') !== undefined)
    throw fail(`'query' and 'partitionColumn' can not be specified together (use dbtable)`);
  const [column, lower, upper, count] = [values[0]!, Number(values[1]), Number(values[2]), Number(values[3])];
  if (![lower, upper].every(Number.isSafeInteger))
    throw fail(`lowerBound and upperBound must be whole numbers`);
  if (!Number.isInteger(count) || count < 1) throw fail(`numPartitions must be a positive whole number`);
  if (lower > upper) throw fail(`lowerBound (${lower}) must not be greater than upperBound (${upper})`);
  return { column, lower, upper, count };
}

/** Spark's JDBCRelation.columnPartition: WHERE clauses of the splits. */
export function columnPartition(p: JdbcPartitioning): string[] {
  const count = p.upper - p.lower >= p.count ? p.count : Math.max(1, p.upper - p.lower);
  if (count === 1) return ['1 = 1'];
  const column = quoteName(p.column);
  // Spark divides each bound first (integer division), which can leave the last split larger.
  const stride = Math.trunc(p.upper / count) - Math.trunc(p.lower / count);
  const wheres: string[] = [];
  let current = p.lower;
  for (let i = 0; i < count; i++) {
    const lower = i !== 0 ? `${column} >= ${current}` : undefined;
    current += stride;
    const upper = i !== count - 1 ? `${column} < ${current}` : undefined;
    wheres.push(
      upper === undefined
        ? lower!
        : lower === undefined
          ? `${upper} or ${column} is null`
          : `${lower} AND ${upper}`,
    );
  }
  return wheres;
}

/** MySQL result-set column -> SQL type (Spark's MySQL dialect: TINYINT(1) is BOOLEAN). */
function sqlTypeOf(field: FieldPacket): SqlType {
  const type = field.columnType ?? field.type;
  const isUnsigned = Array.isArray(field.flags)
    ? field.flags.includes('UNSIGNED')
    : ((field.flags as number) & 32) !== 0;
  const isBinary = field.characterSet === 63;
  switch (type) {
    case 1:
      return field.columnLength === 1 ? T.boolean() : isUnsigned ? T.smallint() : T.tinyint();
    case 2:
      return isUnsigned ? T.int() : T.smallint();
    case 3:
    case 9:
      return isUnsigned ? T.bigint() : T.int();
    case 8:
      return isUnsigned ? T.decimal(20, 0) : T.bigint();
    case 4:
      return T.float();
    case 5:
      return T.double();
    case 0:
    case 246:
      return T.decimal(
        Math.min(
          38,
          Math.max(1, (field.columnLength ?? 11) - (field.decimals > 0 ? 1 : 0) - (isUnsigned ? 0 : 1)),
        ),
        field.decimals,
      );
    case 10:
    case 14:
      return T.date();
    case 7:
    case 12:
      return T.timestamp(Math.min(field.decimals, 6));
    case 13:
      return T.int();
    case 249:
    case 250:
    case 251:
    case 252:
    case 253:
    case 254:
      return isBinary ? T.bytes() : T.string();
    default:
      return T.string();
  }
}
