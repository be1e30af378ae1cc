import { ExecutionError } from '@sluice/contracts';
import {
  compileJsonDecoder,
  formatType,
  INVALID_JSON_VALUE,
  T,
  type ColumnDefinition,
  type Row,
  type TableDefinition,
} from '@sluice/engine';
import type { FetchedRecord } from './kafka-range-client';
import type { ValueFormat } from './spark-kafka-options';

/**
 * Spark's Kafka source schema (key and value as bytes), when the table declares no columns. Marked
 * as metadata columns, so a table given these columns still reads them (not JSON values).
 */
export const KAFKA_FIXED_COLUMNS: readonly ColumnDefinition[] = [
  { name: 'key', type: T.bytes(), metadataKey: 'key' },
  { name: 'value', type: T.bytes(), metadataKey: 'value' },
  { name: 'topic', type: T.string(), metadataKey: 'topic' },
  { name: 'partition', type: T.int(), metadataKey: 'partition' },
  { name: 'offset', type: T.bigint(), metadataKey: 'offset' },
  { name: 'timestamp', type: T.timestamp(3), metadataKey: 'timestamp' },
  { name: 'timestampType', type: T.int(), metadataKey: 'timestampType' },
];

/** Fields of the gateway's envelope that `sluice-envelope` tables may declare next to payload fields. */
const ENVELOPE_FIELDS = new Set(['eventId', 'stream', 'key', 'eventTime', 'ingestTime']);

export type RecordDecoder = (record: FetchedRecord, topic: string, partition: number) => Row | undefined;

type FieldReader = (record: FetchedRecord, topic: string, partition: number) => unknown;

/** Metadata columns (Flink's `METADATA FROM 'offset'`) and Spark's fixed columns, by name. */
const METADATA: Record<string, FieldReader> = {
  key: (r) => r.key,
  value: (r) => r.value,
  topic: (_r, topic) => topic,
  partition: (_r, _t, partition) => partition,
  offset: (r) => BigInt(r.offset),
  timestamp: (r) => r.timestampMs,
  timestampType: () => 0,
  'timestamp-type': () => 0,
};

/**
 * Record -> row in the table's physical column order. `kafka`: Spark's fixed columns (or a
 * subset, by name). `json`: the value is a JSON object whose fields are the declared columns.
 * `sluice-envelope`: the value is the gateway's envelope and columns are read from its payload,
 * falling back to the envelope's own fields (eventId, eventTime, ...). A value that does not fit
 * its column fails the task, or becomes NULL with 'json.ignore-parse-errors' (a record that is
 * not JSON at all is then skipped).
 */
export function compileRecordDecoder(
  table: TableDefinition,
  format: ValueFormat,
  timeZone: string,
  ignoreParseErrors: boolean,
): RecordDecoder {
  const columns = table.columns.filter((c) => !c.computed);
  if (format === 'kafka') {
    const readers = columns.map((c) => METADATA[c.metadataKey ?? c.name] ?? unknownFixed(table, c));
    return (record, topic, partition) => readers.map((read) => read(record, topic, partition));
  }
  const fields = columns.map((c) => ({
    column: c,
    metadata: c.metadataKey !== undefined ? METADATA[c.metadataKey] : undefined,
    decode: compileJsonDecoder(c.type, timeZone),
  }));
  const isEnvelope = format === 'sluice-envelope';
  return (record, topic, partition) => {
    let parsed: unknown;
    try {
      parsed = JSON.parse(record.value === null ? 'null' : record.value.toString('utf8'));
    } catch {
      parsed = undefined;
    }
    const source = isEnvelope ? envelopeFields(parsed) : parsed;
    if (typeof source !== 'object' || source === null || Array.isArray(source)) {
      if (ignoreParseErrors) return undefined;
      throw malformed(
        topic,
        partition,
        record,
        isEnvelope ? 'not a Sluice event envelope' : 'not a JSON object',
      );
    }
    const envelope = parsed as Record<string, unknown>;
    const object = source as Record<string, unknown>;
    const row = new Array<unknown>(fields.length);
    for (let i = 0; i < fields.length; i++) {
      const f = fields[i];
      if (f.metadata) {
        row[i] = f.metadata(record, topic, partition);
        continue;
      }
      const name = f.column.name;
      const raw = name in object || !isEnvelope || !ENVELOPE_FIELDS.has(name) ? object[name] : envelope[name];
      const value = f.decode(raw);
      if (value !== INVALID_JSON_VALUE) row[i] = value;
      else if (ignoreParseErrors) row[i] = null;
      else
        throw malformed(
          topic,
          partition,
          record,
          `field '${name}' = ${JSON.stringify(raw)} is not a valid ${formatType(f.column.type)}`,
        );
    }
    return row;
  };
}

function envelopeFields(parsed: unknown): unknown {
  if (typeof parsed !== 'object' || parsed === null) return undefined;
  const payload = (parsed as { payload?: unknown }).payload;
  return typeof payload === 'object' &&
    payload !== null &&
    typeof (parsed as { eventId?: unknown }).eventId === 'string'
    ? payload
    : undefined;
}

function malformed(topic: string, partition: number, record: FetchedRecord, problem: string): ExecutionError {
  return new ExecutionError(
    'EXECUTION_FAILED',
    `Kafka record ${topic}/${partition}@${record.offset}: ${problem} (set 'json.ignore-parse-errors' 'true' to read such values as NULL)`,
  );
}

function unknownFixed(table: TableDefinition, column: ColumnDefinition): never {
  throw new ExecutionError(
    'CONFIG_INVALID',
    `table '${table.name}' (kafka): column '${column.name}' is not one of Spark's Kafka columns (${KAFKA_FIXED_COLUMNS.map((c) => c.name).join(', ')}); to read JSON values into columns add format 'json'`,
    {
      position: column.pos ?? table.pos,
    },
  );
}
