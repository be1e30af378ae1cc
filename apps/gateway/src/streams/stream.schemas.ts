import type { StreamDefinition } from '@sluice/contracts';

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
} as const;

export const STREAM_LIST_SCHEMA = {
  type: 'object',
  properties: { streams: { type: 'array', items: STREAM_SCHEMA } },
} as const;

export const INGEST_RESULT_SCHEMA = {
  type: 'object',
  required: ['accepted', 'eventIds'],
  properties: {
    accepted: { type: 'integer', description: 'events acknowledged by Kafka (all of the request)' },
    eventIds: { type: 'array', items: { type: 'string' }, description: 'in request order' },
  },
} as const;

export const EVENTS_BODY_CONTENT = {
  'application/json': {
    schema: { oneOf: [{ type: 'object' }, { type: 'array', items: { type: 'object' } }] },
    example: [{ orderId: 'o-1', customerId: 'c-anna', amount: 12.5, ts: '2024-03-01T08:00:00Z' }],
  },
  'application/x-ndjson': {
    schema: { type: 'string', description: 'one JSON object per line' },
    example: '{"orderId":"o-1","customerId":"c-anna","amount":12.5,"ts":"2024-03-01T08:00:00Z"}\n',
  },
} as const;

/** What GET /v1/streams shows of a definition. */
export function streamView(definition: StreamDefinition): Record<string, unknown> {
  const { name, topic, partitions, keyField, eventTimeField, maxOutOfOrdernessMs, schema } = definition;
  return { name, topic, partitions, keyField, eventTimeField, maxOutOfOrdernessMs, schema };
}
