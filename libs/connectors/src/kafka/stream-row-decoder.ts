import type { EventEnvelope, StreamDefinition } from '@sluice/contracts';
import { compileJsonDecoder, INVALID_JSON_VALUE, streamTable, T, type Row, type TableDefinition } from '@sluice/engine';

/** Why an envelope could not become a row (the runner counts and skips it). */
export interface DecodeProblem {
  readonly field: string;
  readonly value: unknown;
  readonly type: string;
}

export type StreamRowDecoder = (envelope: EventEnvelope) => Row | DecodeProblem;

/**
 * Envelope (gateway's Kafka message value) -> row of the stream's table (engine/stream-table.ts),
 * decoding each payload field as the json format of `sluice run` does, so the runner and a
 * replay of the same events from a file see identical rows. Two differences, both about time:
 * the event-time column is the envelope's `eventTime` (the instant the gateway already parsed),
 * and other date-time fields are read as instants and shown in UTC, whatever offset they carry.
 */
export function compileStreamRowDecoder(stream: StreamDefinition, table: TableDefinition = streamTable(stream)): StreamRowDecoder {
  const columns = table.columns.filter((c) => !c.computed);
  const decoders = columns.map((c) => (c.type.kind === 'TIMESTAMP' ? compileJsonDecoder(T.timestampLtz(3), 'UTC') : compileJsonDecoder(c.type, 'UTC')));
  const names = columns.map((c) => c.name);
  const timeIndex = names.indexOf(stream.eventTimeField);
  return (envelope) => {
    const payload = envelope.payload;
    const row: unknown[] = new Array(names.length);
    for (let i = 0; i < names.length; i++) {
      if (i === timeIndex) {
        row[i] = envelope.eventTime;
        continue;
      }
      const raw = payload[names[i]];
      const value = decoders[i](raw);
      if (value === INVALID_JSON_VALUE) return { field: names[i], value: raw, type: columns[i].type.kind };
      row[i] = value;
    }
    return row;
  };
}

export function isDecodeProblem(decoded: Row | DecodeProblem): decoded is DecodeProblem {
  return !Array.isArray(decoded);
}
