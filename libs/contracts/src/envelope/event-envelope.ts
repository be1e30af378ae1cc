/**
 * The wire envelope of one event as the gateway writes it to Kafka (message value, JSON).
 * The Kafka message key is `key`; `eventId` makes client retries detectable downstream.
 */
export interface EventEnvelope<P = Record<string, unknown>> {
  /** Client-supplied or UUIDv7; unique per logical event. */
  readonly eventId: string;
  readonly stream: string;
  /** Value of the stream's key field, as a string (null when the event has none). */
  readonly key: string | null;
  /** Event time in epoch milliseconds, from the stream's event-time field. */
  readonly eventTime: number;
  /** When the gateway accepted the event, epoch milliseconds. */
  readonly ingestTime: number;
  readonly payload: P;
  readonly headers: Readonly<Record<string, string>>;
}

export const ENVELOPE_CONTENT_TYPE = 'application/vnd.sluice.envelope+json;v=1';

export function encodeEnvelope(envelope: EventEnvelope): Buffer {
  return Buffer.from(JSON.stringify(envelope));
}

/** Decodes a Kafka message value; returns undefined for anything that is not an envelope. */
export function decodeEnvelope(value: Buffer | string | null): EventEnvelope | undefined {
  if (value === null) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(typeof value === 'string' ? value : value.toString('utf8'));
  } catch {
    return undefined;
  }
  if (!isEnvelope(parsed)) return undefined;
  return parsed;
}

function isEnvelope(value: unknown): value is EventEnvelope {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return (
    typeof v.eventId === 'string' &&
    typeof v.stream === 'string' &&
    (typeof v.key === 'string' || v.key === null) &&
    typeof v.eventTime === 'number' &&
    typeof v.ingestTime === 'number' &&
    typeof v.payload === 'object' &&
    v.payload !== null
  );
}
