import { T, type SqlType } from '../../types/sql-type';
import type { ScalarFunctionSpec } from './function-spec';
import { argumentError, defineFunction } from './function-helpers';

/** Spark's simpleString of a type: int, decimal(10,2), array<string>, struct<a:int>, void, ... */
export function sparkTypeName(t: SqlType): string {
  switch (t.kind) {
    case 'NULL':
      return 'void';
    case 'INT':
      return 'int';
    case 'DECIMAL':
      return `decimal(${t.precision},${t.scale})`;
    case 'CHAR':
    case 'VARCHAR':
    case 'STRING':
      return 'string';
    case 'BYTES':
      return 'binary';
    case 'TIMESTAMP':
      return 'timestamp';
    case 'TIMESTAMP_LTZ':
      return 'timestamp';
    case 'INTERVAL_DAY_TIME':
      return 'interval day to second';
    case 'INTERVAL_YEAR_MONTH':
      return 'interval year to month';
    case 'ARRAY':
      return `array<${sparkTypeName(t.element!)}>`;
    case 'MAP':
      return `map<${sparkTypeName(t.key!)},${sparkTypeName(t.element!)}>`;
    case 'ROW':
      return `struct<${t.fields!.map((f) => `${f.name}:${sparkTypeName(f.type)}`).join(',')}>`;
    default:
      return t.kind.toLowerCase();
  }
}

/** Spark: typeof(expr) is the name of the argument's type, decided at planning time. */
const typeOf = defineFunction(
  'TYPEOF',
  (args) => {
    if (args.length !== 1) throw argumentError('TYPEOF', '(ANY)', args);
    const name = sparkTypeName(args[0]);
    return { returnType: T.string(false), nulls: 'custom', impl: () => name };
  },
  ['spark'],
);

export const typeofFunctions: readonly ScalarFunctionSpec[] = [typeOf];
