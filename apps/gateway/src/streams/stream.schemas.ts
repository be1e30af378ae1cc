import type { StreamDefinition } from '@sluice/contracts';
import type { SchemaObject } from '@nestjs/swagger/dist/interfaces/open-api-spec.interface';

/** OpenAPI schemas of the streams endpoints (plain JSON Schema, also what the code returns). */
export const STREAM_SCHEMA = {
  type: 'object',
  properties: {
    name: { type: 'string', example: 'orders' },
    topic: { type: 'string', example: 'sluice.orders' },
    partitions: { type: 'integer', example: 4 },
    keyField: { type: 'string', example: 'customerId' },
    eventTimeField: { type: 'string', example: 'ts' },
    maxOutOfOrdernessMs: { type: 'integer', example: 5000 },
    schema: { type: 'object', description: 'JSON Schema every event of the stream must satisfy' },
  },
} satisfies SchemaObject;

export const STREAM_LIST_SCHEMA = {
  type: 'object',
  properties: { streams: { type: 'array', items: STREAM_SCHEMA } },
} satisfies SchemaObject;

export const INGEST_RESULT_SCHEMA = {
  type: 'object',
  required: ['accepted', 'eventIds'],
  properties: {
    accepted: { type: 'integer', description: 'events acknowledged by Kafka (all of the request)' },
    eventIds: { type: 'array', items: { type: 'string' }, description: 'in request order' },
  },
} satisfies SchemaObject;

/** application/json form of the body; NDJSON is the same objects, one per line. */
export const EVENTS_BODY_SCHEMA = {
  oneOf: [{ type: 'object' }, { type: 'array', items: { type: 'object' } }],
  description: 'one event object, an array of them, or (application/x-ndjson) one event object per line',
  example: [{ orderId: 'o-1', customerId: 'c-anna', amount: 12.5, ts: '2024-03-01T08:00:00Z' }],
} satisfies SchemaObject;

/** What GET /v1/streams shows of a definition. */
export function streamView(definition: StreamDefinition): Record<string, unknown> {
  const { name, topic, partitions, keyField, eventTimeField, maxOutOfOrdernessMs, schema } = definition;
  return { name, topic, partitions, keyField, eventTimeField, maxOutOfOrdernessMs, schema };
}
