import { ConfigError, type StreamDefinition } from '@sluice/contracts';
import type { ColumnDefinition, TableDefinition } from '../catalog/table-definition';
import { typeFromName } from '../plan/logical/type-name';
import { parseExpression } from '../sql/parse';
import { T, type SqlType } from '../types/sql-type';

/**
 * A registered stream as the table rules read (`SELECT ... FROM orders`). Columns come from the
 * payload's JSON Schema, in the order of its `properties`:
 *
 *   string                      STRING
 *   string, format date-time    TIMESTAMP(3)  (UTC; an offset in the value is applied)
 *   string, format date         DATE
 *   integer                     BIGINT
 *   number                      DOUBLE, or DECIMAL(38, s) when `multipleOf` is 10^-s (0.01 -> s = 2)
 *   boolean                     BOOLEAN
 *   array of a scalar type      ARRAY<that type>
 *   object, other arrays        STRING holding the JSON text (read it with JSON_VALUE / JSON_QUERY)
 *   `x-sql-type: 'DECIMAL(10, 2)'` on a property overrides all of the above (any Flink type name).
 *
 * The stream's event-time field is always TIMESTAMP(3), holds the envelope's `eventTime` (the
 * instant the gateway parsed, in UTC) and is the rowtime: `WATERMARK FOR <field> AS <field> -
 * INTERVAL '<maxOutOfOrderness>' SECOND`. A computed `proc_time AS PROCTIME()` column comes
 * last, for lookup joins (`JOIN dim FOR SYSTEM_TIME AS OF o.proc_time`). The table's options say where rows come from
 * (`connector` = 'sluice-stream', `topic`); only the CEP runner feeds it.
 */
export function streamTable(stream: StreamDefinition): TableDefinition {
  const properties = (stream.schema.properties ?? {}) as Record<string, Record<string, unknown>>;
  const columns: ColumnDefinition[] = Object.entries(properties).map(([name, property]) => ({
    name,
    type: name === stream.eventTimeField ? T.timestamp(3) : columnType(stream, name, property ?? {}),
  }));
  if (!(stream.eventTimeField in properties)) columns.push({ name: stream.eventTimeField, type: T.timestamp(3) });
  // Lookup joins need a processing-time attribute (`FOR SYSTEM_TIME AS OF o.proc_time`), as in Flink.
  if (!columns.some((c) => c.name === PROC_TIME_COLUMN)) columns.push({ name: PROC_TIME_COLUMN, type: T.timestampLtz(3), computed: parseExpression('PROCTIME()', 'flink') });
  const seconds = stream.maxOutOfOrdernessMs / 1000;
  const time = quoteIdentifier(stream.eventTimeField);
  const watermark = seconds > 0 ? `${time} - INTERVAL '${seconds}' SECOND` : time;
  return {
    name: stream.name,
    columns,
    options: new Map([
      ['connector', STREAM_CONNECTOR],
      ['topic', stream.topic],
    ]),
    watermark: { column: stream.eventTimeField, expr: parseExpression(watermark, 'flink'), pos: { line: 1, column: 1 } },
    partitionedBy: [],
  };
}

/** The processing-time column every stream table has (unless its payload has a field of that name). */
export const PROC_TIME_COLUMN = 'proc_time';

/** The `connector` option of stream tables. */
export const STREAM_CONNECTOR = 'sluice-stream';

function columnType(stream: StreamDefinition, name: string, property: Record<string, unknown>): SqlType {
  const override = property['x-sql-type'];
  if (override !== undefined) return parseTypeName(stream, name, override);
  const type = jsonType(property);
  switch (type) {
    case 'integer':
      return T.bigint();
    case 'number':
      return numberType(property.multipleOf);
    case 'boolean':
      return T.boolean();
    case 'string':
      return property.format === 'date-time' ? T.timestamp(3) : property.format === 'date' ? T.date() : T.string();
    case 'array': {
      const items = property.items;
      const element = typeof items === 'object' && items !== null && !Array.isArray(items) ? scalarType(items as Record<string, unknown>) : undefined;
      return element ? T.array(element) : T.string();
    }
    default:
      return T.string();
  }
}

function scalarType(property: Record<string, unknown>): SqlType | undefined {
  const type = jsonType(property);
  if (type === 'integer') return T.bigint();
  if (type === 'number') return numberType(property.multipleOf);
  if (type === 'boolean') return T.boolean();
  if (type === 'string') return property.format === 'date-time' ? T.timestamp(3) : T.string();
  return undefined;
}

/** `type` may be a list (["string", "null"]): the first non-null entry decides. */
function jsonType(property: Record<string, unknown>): string | undefined {
  const type = property.type;
  if (typeof type === 'string') return type;
  if (Array.isArray(type)) return type.find((t) => t !== 'null') as string | undefined;
  return undefined;
}

function numberType(multipleOf: unknown): SqlType {
  if (typeof multipleOf !== 'number' || multipleOf <= 0 || multipleOf >= 1) return T.double();
  const scale = Math.round(-Math.log10(multipleOf));
  return scale >= 1 && scale <= 18 && Math.abs(10 ** -scale - multipleOf) < 1e-12 ? T.decimal(38, scale) : T.double();
}

function parseTypeName(stream: StreamDefinition, name: string, text: unknown): SqlType {
  const fail = (why: string) =>
    new ConfigError(`stream '${stream.name}', property '${name}': x-sql-type ${JSON.stringify(text)} ${why}`, { details: [{ pointer: `/streams/${stream.name}/schema/properties/${name}/x-sql-type`, message: why }] });
  if (typeof text !== 'string' || !/^[A-Za-z][\w\s(),<>]*$/.test(text)) throw fail('is not a SQL type name');
  try {
    const expr = parseExpression(`CAST(NULL AS ${text})`, 'flink');
    if (expr.kind !== 'cast') throw fail('is not a SQL type name');
    return typeFromName(expr.type, 'flink');
  } catch (error) {
    if (error instanceof ConfigError) throw error;
    throw fail(`is not a SQL type name (${(error as Error).message})`);
  }
}

function quoteIdentifier(name: string): string {
  return `\`${name.replace(/`/g, '``')}\``;
}
