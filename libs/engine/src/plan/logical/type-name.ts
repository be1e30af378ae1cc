import { PlanError } from '@sluice/contracts';
import type { TypeName } from '../../sql/ast';
import { T, type SqlType } from '../../types/sql-type';

/** A SQL type as written -> SqlType. Defaults follow each dialect (DECIMAL = (10,0); Flink TIMESTAMP = 6, Spark = 6). */
export function typeFromName(t: TypeName, dialect: 'flink' | 'spark'): SqlType {
  const nullable = !t.notNull;
  const [p, s] = t.params;
  switch (t.name) {
    case 'BOOLEAN':
      return T.boolean(nullable);
    case 'TINYINT':
      return T.tinyint(nullable);
    case 'SMALLINT':
      return T.smallint(nullable);
    case 'INT':
      return T.int(nullable);
    case 'BIGINT':
      return T.bigint(nullable);
    case 'FLOAT':
      return T.float(nullable);
    case 'DOUBLE':
      return T.double(nullable);
    case 'DECIMAL': {
      const precision = p ?? 10;
      const scale = s ?? 0;
      if (precision < 1 || precision > 38 || scale < 0 || scale > precision)
        throw new PlanError('PLAN_TYPE_MISMATCH', `invalid DECIMAL(${precision}, ${scale}): precision must be 1..38 and scale 0..precision`, { position: t.pos });
      return T.decimal(precision, scale, nullable);
    }
    case 'STRING':
      return T.string(nullable);
    case 'VARCHAR':
      return p === undefined || p >= 2147483647 ? T.string(nullable) : T.varchar(p, nullable);
    case 'CHAR':
      return T.char(p ?? 1, nullable);
    case 'BYTES':
      return T.bytes(nullable);
    case 'DATE':
      return T.date(nullable);
    case 'TIME':
      return T.time(nullable);
    case 'TIMESTAMP':
      return T.timestamp(p ?? 6, nullable);
    case 'TIMESTAMP_LTZ':
      return T.timestampLtz(p ?? 6, nullable);
    case 'INTERVAL_DAY_TIME':
      return T.intervalDayTime(nullable);
    case 'INTERVAL_YEAR_MONTH':
      return T.intervalYearMonth(nullable);
    case 'ARRAY':
      return T.array(typeFromName(t.element!, dialect), nullable);
    case 'MAP':
      return T.map(typeFromName(t.key!, dialect), typeFromName(t.element!, dialect), nullable);
    case 'ROW':
      return T.row(t.fields!.map((f) => ({ name: f.name, type: typeFromName(f.type, dialect) })), nullable);
    case 'NULL':
    case 'VOID':
      return T.null();
    default:
      throw new PlanError('NOT_SUPPORTED', `type ${t.name} is not supported yet`, { position: t.pos });
  }
}
