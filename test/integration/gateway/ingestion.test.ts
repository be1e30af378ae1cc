import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { testKafka } from '../../harness/test-context';
import { expectedPartition, keysCoveringPartitions } from './expected-partition';
import { GatewayFixture, ORDERS_PARTITIONS, PAYMENTS_PARTITIONS } from './gateway-fixture';
import { TopicReader } from './topic-reader';

interface Order {
  readonly orderId: string;
  readonly customerId: string;
  readonly amount: number;
  readonly ts: string;
  readonly eventId?: string;
}

function orders(count: number, firstIndex: number): Order[] {
  return Array.from({ length: count }, (_, i) => {
    const n = firstIndex + i;
    const order = {
      orderId: `o-${n}`,
      customerId: `c-${n % 173}`,
      amount: (n % 500) / 4,
      ts: new Date(Date.UTC(2024, 2, 1) + n * 1000).toISOString(),
    };
    // Every 97th event brings its own id, which must be kept as is.
    return n % 97 === 0 ? { ...order, eventId: `client-id-${n}` } : order;
  });
}

type Format = 'object' | 'array' | 'ndjson';

/** Splits events into requests of varied size and format: single objects, arrays, NDJSON. */
function requestsFor(events: Order[]): Array<{ format: Format; events: Order[] }> {
  const plan: Array<{ format: Format; size: number }> = [
    { format: 'object', size: 1 },
    { format: 'array', size: 250 },
    { format: 'ndjson', size: 1000 },
    { format: 'array', size: 7 },
    { format: 'ndjson', size: 33 },
    { format: 'array', size: 1000 },
  ];
  const requests: Array<{ format: Format; events: Order[] }> = [];
  for (let at = 0, i = 0; at < events.length; i++) {
    const { format, size } = plan[i % plan.length]!;
    requests.push({ format, events: events.slice(at, at + size) });
    at += size;
  }
  return requests;
}

describe('event ingestion into Kafka', () => {
  let gateway: GatewayFixture;
  let key: string;
  const kafka = testKafka();
  const readers: TopicReader[] = [];

  beforeAll(async () => {
    gateway = await GatewayFixture.start({ GATEWAY_MAX_EVENTS_PER_REQUEST: '1000' });
    key = await gateway.createKey('ingest:*');
  });
  afterEach(async () => {
    await Promise.all(readers.splice(0).map((reader) => reader.stop()));
  });
  afterAll(async () => {
    await gateway?.close();
  });

  async function read(topic: string): Promise<TopicReader> {
    const reader = await TopicReader.start(kafka, topic);
    readers.push(reader);
    return reader;
  }

  function send(stream: string, format: Format, events: unknown[], headers: Record<string, string> = {}) {
    const body =
      format === 'ndjson'
        ? events.map((e) => JSON.stringify(e)).join('\n') + '\n'
        : format === 'object'
          ? events[0]
          : events;
    const contentType = format === 'ndjson' ? 'application/x-ndjson' : 'application/json';
    return gateway.request('POST', `/v1/streams/${stream}/events`, { key, body, contentType, headers });
  }

  it('delivers 10,000 events sent as objects, arrays and NDJSON with their keys, partitions and event ids', async () => {
    const events = orders(10_000, 0);
    const requests = requestsFor(events);
    const acked = new Map<string, Order>();
    // Eight clients at once, so the gateway batches across requests.
    const queue = [...requests];
    await Promise.all(
      Array.from({ length: 8 }, async () => {
        for (let request = queue.shift(); request; request = queue.shift()) {
          const response = await send('orders', request.format, request.events);
          expect(response.status).toBe(202);
          const { accepted, eventIds } = response.body as { accepted: number; eventIds: string[] };
          expect(accepted).toBe(request.events.length);
          eventIds.forEach((id, i) => acked.set(id, request.events[i]!));
        }
      }),
    );
    expect(acked.size).toBe(10_000);

    const records = await (await read(gateway.topics.orders)).waitFor(10_000, 60_000);
    expect(records).toHaveLength(10_000);
    for (const { partition, key: recordKey, envelope } of records) {
      const sent = acked.get(envelope.eventId);
      expect(sent, `event ${envelope.eventId} was never acknowledged`).toBeDefined();
      expect(envelope.payload).toEqual(sent);
      expect(recordKey).toBe(sent!.customerId);
      expect(envelope.key).toBe(sent!.customerId);
      expect(partition).toBe(expectedPartition(gateway.topics.orders, ORDERS_PARTITIONS, sent!.customerId));
      expect(envelope.eventTime).toBe(Date.parse(sent!.ts));
      expect(envelope.stream).toBe('orders');
      if (sent!.eventId) expect(envelope.eventId).toBe(sent!.eventId);
    }
    expect(new Set(records.map((r) => r.envelope.eventId)).size).toBe(10_000);
    for (const id of acked.keys())
      if (!id.startsWith('client-id-'))
        expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  it('gives a retried request the same event ids when it carries the same Idempotency-Key', async () => {
    const events = orders(3, 20_000);
    const first = await send('orders', 'array', events, { 'idempotency-key': 'batch-42' });
    const retry = await send('orders', 'ndjson', events, { 'idempotency-key': 'batch-42' });
    const other = await send('orders', 'array', events, { 'idempotency-key': 'batch-43' });

    expect([first.status, retry.status, other.status]).toEqual([202, 202, 202]);
    const ids = (r: typeof first) => (r.body as { eventIds: string[] }).eventIds;
    expect(ids(retry)).toEqual(ids(first));
    expect(ids(other)).not.toEqual(ids(first));
    expect(new Set(ids(first)).size).toBe(3);
  });

  it('produces nothing for invalid, malformed, oversize or misaddressed requests', async () => {
    const valid = { orderId: 'p-1', at: 1_709_280_000_000 };
    expect((await send('payments', 'ndjson', [valid])).status).toBe(202);
    const refused = [
      // One bad event among good ones fails the whole request.
      await send('payments', 'array', [valid, { orderId: 7, at: 1 }, valid, { at: 'yesterday' }]),
      await gateway.request('POST', '/v1/streams/payments/events', {
        key,
        body: '{"orderId":"p-2","at":1}\n{"orderId":',
        contentType: 'application/x-ndjson',
      }),
      await send(
        'payments',
        'array',
        Array.from({ length: 1001 }, () => valid),
      ),
      await gateway.request('POST', '/v1/streams/payments/events', {
        key,
        body: JSON.stringify([valid]).padEnd(6 * 1024 * 1024, ' '),
      }),
      await gateway.request('POST', '/v1/streams/payments/events', {
        key,
        body: 'orderId=p-1',
        contentType: 'text/plain',
      }),
      await gateway.request('POST', '/v1/streams/payments/events', {
        key,
        body: 'orderId=p-1&at=1',
        contentType: 'application/x-www-form-urlencoded',
      }),
      await gateway.request('POST', '/v1/streams/payments/events', { key, body: [] }),
      await send('refunds', 'array', [valid]),
    ];
    expect(refused.map((r) => r.status)).toEqual([400, 400, 413, 413, 415, 415, 400, 404]);
    for (const r of refused) expect(r.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect((refused[0]!.body as { errors: unknown[] }).errors).toEqual([
      { index: 1, pointer: '/orderId', message: 'must be string' },
      { index: 3, pointer: '/orderId', message: "must have required property 'orderId'" },
      { index: 3, pointer: '/at', message: 'must be integer' },
    ]);
    expect((refused[1]!.body as { errors: unknown[] }).errors).toEqual([
      { index: 1, pointer: '', message: expect.stringMatching(/^line 2: /) },
    ]);

    // One accepted request before the refused ones, sentinels after them: once every sentinel is in,
    // anything produced before them would be too (a partition keeps the gateway's order).
    const sentinels = keysCoveringPartitions(gateway.topics.payments, PAYMENTS_PARTITIONS, 'sentinel');
    expect(
      (
        await send(
          'payments',
          'array',
          sentinels.map((orderId) => ({ orderId, at: 1 })),
        )
      ).status,
    ).toBe(202);
    const records = await (await read(gateway.topics.payments)).waitFor(1 + sentinels.length);
    expect(records.map((r) => r.envelope.payload.orderId).sort()).toEqual(['p-1', ...sentinels].sort());
  });
});
