import { decodeEnvelope, SluiceError, type StreamDefinition } from '@sluice/contracts';
import { describe, expect, it } from 'vitest';
import { prepareEvents } from './prepare-events';
import { StreamRegistry } from './stream-registry';

const ORDERS: StreamDefinition = {
  name: 'orders',
  topic: 'sluice.orders',
  partitions: 4,
  keyField: 'customerId',
  eventTimeField: 'ts',
  maxOutOfOrdernessMs: 0,
  schema: {
    type: 'object',
    required: ['customerId', 'amount'],
    properties: {
      customerId: { type: 'string' },
      amount: { type: 'number' },
      ts: { type: ['string', 'number'] },
      'a/b': { type: 'string' },
    },
  },
};
const stream = new StreamRegistry({ streams: [ORDERS] }).get('orders');
const context = { apiKeyId: 'k1' };

function problemsOf(events: unknown[]) {
  try {
    prepareEvents(stream, events, context, 0);
  } catch (error) {
    expect((error as SluiceError).code).toBe('EVENT_INVALID');
    return (error as SluiceError).details;
  }
  throw new Error('expected EVENT_INVALID');
}

describe(prepareEvents.name, () => {
  it('builds keyed envelopes with event time, ingest time and the sending API key', () => {
    const prepared = prepareEvents(
      stream,
      [
        { customerId: 'c-1', amount: 5, ts: '2024-03-01T08:00:00Z' },
        { customerId: 'c-2', amount: 1, ts: 1_700_000_000_000 },
      ],
      context,
      42,
    );
    expect(prepared.messages.map((m) => m.key)).toEqual(['c-1', 'c-2']);
    const envelope = decodeEnvelope(prepared.messages[0]!.value)!;
    expect(envelope).toMatchObject({
      stream: 'orders',
      key: 'c-1',
      eventTime: Date.parse('2024-03-01T08:00:00Z'),
      ingestTime: 42,
      headers: { apiKeyId: 'k1' },
    });
    expect(decodeEnvelope(prepared.messages[1]!.value)!.eventTime).toBe(1_700_000_000_000);
    expect(prepared.eventIds).toEqual([
      envelope.eventId,
      decodeEnvelope(prepared.messages[1]!.value)!.eventId,
    ]);
    expect(prepared.bytes).toBe(prepared.messages.reduce((n, m) => n + m.value.length + m.key!.length, 0));
  });

  it("keeps an event's own eventId and derives ids from an Idempotency-Key otherwise", () => {
    const events = [
      { customerId: 'c', amount: 1, ts: 0, eventId: 'mine-1' },
      { customerId: 'c', amount: 1, ts: 0 },
    ];
    const once = prepareEvents(stream, events, { ...context, idempotencyKey: 'k' }, 0).eventIds;
    const again = prepareEvents(stream, events, { ...context, idempotencyKey: 'k' }, 1).eventIds;
    expect(once[0]).toBe('mine-1');
    expect(again).toEqual(once);
    expect(prepareEvents(stream, events, context, 0).eventIds[1]).not.toBe(once[1]);
  });

  it('lists every problem of every bad event with its index and JSON pointer, and builds nothing', () => {
    expect(
      problemsOf([
        { customerId: 'c', amount: 1, ts: 0 },
        { amount: 'x', ts: 0, 'a/b': 1 },
        'not an object',
        { customerId: 'c', amount: 1, ts: 'last tuesday' },
        { customerId: 'c', amount: 1 },
        { customerId: 'c', amount: 1, ts: 0, eventId: '' },
      ]),
    ).toEqual([
      { index: 1, pointer: '/customerId', message: "must have required property 'customerId'" },
      { index: 1, pointer: '/amount', message: 'must be number' },
      { index: 1, pointer: '/a~1b', message: 'must be string' },
      { index: 2, pointer: '', message: 'an event must be a JSON object' },
      { index: 3, pointer: '/ts', message: 'event time must be an ISO-8601 timestamp or epoch milliseconds' },
      { index: 4, pointer: '/ts', message: "missing the stream's event-time field 'ts'" },
      { index: 5, pointer: '/eventId', message: 'eventId must be 1 to 128 printable ASCII characters' },
    ]);
  });

  it('leaves events without a key value unkeyed', () => {
    const loose = new StreamRegistry({
      streams: [{ ...ORDERS, schema: { type: 'object', properties: {} } }],
    }).get('orders');
    expect(
      prepareEvents(loose, [{ ts: 0 }, { ts: 0, customerId: 7 }], context, 0).messages.map((m) => m.key),
    ).toEqual([null, '7']);
  });
});
