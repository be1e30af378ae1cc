import { encodeEnvelope, SluiceError, type ErrorDetail, type EventEnvelope } from '@sluice/contracts';
import type { ProduceMessage } from '../kafka/produce-sink';
import { MAX_REPORTED_PROBLEMS } from './decode-event-batch';
import { idempotentEventId, uuidv7 } from './event-id';
import { escapePointer, type CompiledStream } from './stream-registry';

/** Who sent the request, for event ids and the envelope's headers. */
export interface IngestContext {
  readonly apiKeyId: string;
  readonly idempotencyKey?: string;
}

export interface PreparedEvents {
  readonly messages: ProduceMessage[];
  readonly eventIds: string[];
  /** Bytes of keys and values: what the produce buffer accounts for. */
  readonly bytes: number;
}

/** A client-chosen event id: short and printable, so it can be a database key downstream. */
const CLIENT_EVENT_ID = /^[\x21-\x7e]{1,128}$/;

/**
 * Validates every event of a request and builds its Kafka records (envelope, key, event time,
 * event id). All or nothing: one bad event fails the request with EVENT_INVALID listing each
 * problem by event index and JSON pointer, and nothing is produced.
 */
export function prepareEvents(
  stream: CompiledStream,
  events: readonly unknown[],
  context: IngestContext,
  nowMs: number,
): PreparedEvents {
  const eventTimes = validateAll(stream, events);
  const { name, keyField } = stream.definition;
  // Who sent it, for audits. The request id stays in the logs: it would add ~40 bytes per event.
  const headers = { apiKeyId: context.apiKeyId };
  const messages: ProduceMessage[] = [];
  const eventIds: string[] = [];
  let bytes = 0;
  events.forEach((event, index) => {
    const payload = event as Record<string, unknown>;
    const eventId = eventIdOf(payload, index, name, context);
    const key = keyOf(payload[keyField]);
    const envelope: EventEnvelope = {
      eventId,
      stream: name,
      key,
      eventTime: eventTimes[index]!,
      ingestTime: nowMs,
      payload,
      headers,
    };
    const value = encodeEnvelope(envelope);
    bytes += value.length + (key === null ? 0 : key.length);
    // No Kafka record headers: in kafkajs one header nearly doubles the cost of encoding a
    // record, and a stream's topic only ever holds envelopes (decodeEnvelope checks them).
    messages.push({ key, value });
    eventIds.push(eventId);
  });
  return { messages, eventIds, bytes };
}

/** Checks every event (not just up to the first bad one) and returns their event times. */
function validateAll(stream: CompiledStream, events: readonly unknown[]): number[] {
  const eventTimes: number[] = [];
  const problems: ErrorDetail[] = [];
  let badEvents = 0;
  events.forEach((payload, index) => {
    const eventProblems = checkEvent(stream, payload);
    // The event time is only looked for in an event that passed its schema.
    if (eventProblems.length === 0) {
      eventTimes[index] = eventTimeOf(
        payload as Record<string, unknown>,
        stream.definition.eventTimeField,
        eventProblems,
      );
    }
    if (eventProblems.length === 0) return;
    badEvents++;
    for (const p of eventProblems)
      if (problems.length < MAX_REPORTED_PROBLEMS) problems.push({ ...p, index });
  });
  if (badEvents > 0) {
    const message = `${badEvents} of ${events.length} event(s) are invalid for stream '${stream.definition.name}'; nothing was produced`;
    throw new SluiceError('EVENT_INVALID', message, { details: problems });
  }
  return eventTimes;
}

function checkEvent(stream: CompiledStream, payload: unknown): ErrorDetail[] {
  if (typeof payload !== 'object' || payload === null || Array.isArray(payload)) {
    return [{ pointer: '', message: 'an event must be a JSON object' }];
  }
  const problems = stream.validate(payload);
  const eventId = (payload as Record<string, unknown>).eventId;
  if (eventId !== undefined && (typeof eventId !== 'string' || !CLIENT_EVENT_ID.test(eventId))) {
    problems.push({ pointer: '/eventId', message: 'eventId must be 1 to 128 printable ASCII characters' });
  }
  return problems;
}

/** Event time in epoch ms from an ISO-8601 string or a number of epoch milliseconds. */
function eventTimeOf(payload: Record<string, unknown>, field: string, problems: ErrorDetail[]): number {
  const value = payload[field];
  const ms = typeof value === 'number' ? value : typeof value === 'string' ? Date.parse(value) : Number.NaN;
  if (Number.isFinite(ms)) return ms;
  const message =
    value === undefined
      ? `missing the stream's event-time field '${field}'`
      : 'event time must be an ISO-8601 timestamp or epoch milliseconds';
  problems.push({ pointer: `/${escapePointer(field)}`, message });
  return 0;
}

function eventIdOf(
  payload: Record<string, unknown>,
  index: number,
  stream: string,
  context: IngestContext,
): string {
  if (typeof payload.eventId === 'string') return payload.eventId;
  if (context.idempotencyKey !== undefined)
    return idempotentEventId(context.apiKeyId, stream, context.idempotencyKey, index);
  return uuidv7();
}

/** Kafka keys are strings; a missing key field leaves the record unkeyed (spread over partitions). */
function keyOf(value: unknown): string | null {
  if (value === undefined || value === null) return null;
  return typeof value === 'string' ? value : JSON.stringify(value);
}
