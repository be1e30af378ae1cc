import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testKafka } from '../../harness/test-context';
import { GatewayFixture } from './gateway-fixture';
import { TopicReader } from './topic-reader';

const ORDER = { orderId: 'o-1', customerId: 'c-1', amount: 1, ts: '2024-03-01T08:00:00Z' };

describe('operations: docs, metrics, health, request ids', () => {
  let gateway: GatewayFixture;
  let key: string;

  beforeAll(async () => {
    gateway = await GatewayFixture.start();
    key = await gateway.createKey('ingest:*', 'admin');
  });
  afterAll(async () => {
    await gateway?.close();
  });

  it('serves OpenAPI at /docs describing every endpoint and its problem answers', async () => {
    const ui = await gateway.request('GET', '/docs');
    expect(ui.status).toBe(200);
    expect(String(ui.body)).toContain('swagger-ui');
    const spec = (await gateway.request('GET', '/docs-json')).body as {
      paths: Record<string, Record<string, { responses: Record<string, unknown> }>>;
    };
    expect(Object.keys(spec.paths).sort()).toEqual([
      '/health/live',
      '/health/ready',
      '/metrics',
      '/v1/jobs',
      '/v1/jobs/{id}',
      '/v1/jobs/{id}/runs',
      '/v1/rules',
      '/v1/rules/{id}',
      '/v1/streams',
      '/v1/streams/{stream}',
      '/v1/streams/{stream}/events',
    ]);
    const ingest = spec.paths['/v1/streams/{stream}/events']!.post!;
    expect(Object.keys(ingest.responses).sort()).toEqual([
      '202',
      '400',
      '401',
      '403',
      '404',
      '413',
      '415',
      '429',
      '503',
    ]);
    expect(ingest.responses['400']).toMatchObject({
      content: {
        'application/problem+json': {
          schema: { required: expect.arrayContaining(['type', 'title', 'status']) },
        },
      },
    });
    expect(Object.keys(spec.paths['/v1/rules/{id}']!.put!.responses)).toContain('422');
  });

  it('exports Prometheus metrics for requests, events, produce latency and buffer fill', async () => {
    await gateway.request('POST', '/v1/streams/orders/events', { key, body: [ORDER, ORDER] });
    await gateway.request('POST', '/v1/streams/orders/events', { key, body: { ...ORDER, amount: -1 } });
    const metrics = String((await gateway.request('GET', '/metrics')).body);
    expect(metrics).toContain('sluice_gateway_events_accepted_total{stream="orders"} 2');
    expect(metrics).toContain('sluice_gateway_events_rejected_total{stream="orders",reason="invalid"} 1');
    expect(metrics).toMatch(
      /sluice_gateway_http_requests_total\{method="POST",route="\/v1\/streams\/:stream\/events",status="202"\} 1/,
    );
    expect(metrics).toMatch(
      /sluice_gateway_produce_latency_seconds_count\{topic="[^"]+",outcome="acked"\} [1-9]/,
    );
    expect(metrics).toContain('sluice_gateway_produce_buffer_fill_ratio 0');
  });

  it('answers liveness and readiness with Kafka and MySQL up', async () => {
    expect((await gateway.request('GET', '/health/live')).status).toBe(200);
    const ready = await gateway.request('GET', '/health/ready');
    expect(ready.status).toBe(200);
    expect(ready.body).toMatchObject({
      status: 'ok',
      details: { kafka: { status: 'up' }, mysql: { status: 'up' } },
    });
  });

  it("echoes the client's request id and quotes it as the problem's correlation id", async () => {
    const response = await gateway.request('POST', '/v1/streams/orders/events', {
      key,
      body: [],
      headers: { 'x-request-id': 'client-req-7' },
    });
    expect(response.headers.get('x-request-id')).toBe('client-req-7');
    expect(response.body).toMatchObject({
      correlationId: 'client-req-7',
      instance: '/v1/streams/orders/events',
    });
    const generated = await gateway.request('GET', '/health/live', {
      headers: { 'x-request-id': 'bad id with spaces' },
    });
    expect(generated.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });
});

describe('graceful shutdown', () => {
  it('answers requests in flight with 202 and flushes their events to Kafka before closing', async () => {
    // A long linger keeps the events in the produce buffer when the shutdown starts.
    const gateway = await GatewayFixture.start({ GATEWAY_LINGER_MS: '400' });
    let isClosed = false;
    try {
      const key = await gateway.createKey('ingest:orders');
      const inFlight = Array.from({ length: 5 }, (_, i) =>
        gateway.request('POST', '/v1/streams/orders/events', {
          key,
          body: { ...ORDER, orderId: `late-${i}` },
        }),
      );
      await new Promise((resolve) => setTimeout(resolve, 100)); // let the requests reach the buffer
      await gateway.close();
      isClosed = true;
      const answers = await Promise.all(inFlight);
      expect(answers.map((a) => a.status)).toEqual([202, 202, 202, 202, 202]);

      const reader = await TopicReader.start(testKafka(), gateway.topics.orders);
      try {
        const records = await reader.waitFor(5);
        expect(records.map((r) => r.envelope.payload.orderId).sort()).toEqual([
          'late-0',
          'late-1',
          'late-2',
          'late-3',
          'late-4',
        ]);
      } finally {
        await reader.stop();
      }
    } finally {
      if (!isClosed) await gateway.close();
    }
  });
});
