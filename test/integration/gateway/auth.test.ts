import { revokeApiKey } from '@sluice/contracts/db';
import type { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DATA_SOURCE } from '../../../apps/gateway/src/app-tokens';
import { testKafka } from '../../harness/test-context';
import { keysCoveringPartitions } from './expected-partition';
import { GatewayFixture, PAYMENTS_PARTITIONS } from './gateway-fixture';
import { TopicReader } from './topic-reader';

const ORDER = { orderId: 'o-1', customerId: 'c-1', amount: 1, ts: '2024-03-01T08:00:00Z' };

describe('API keys and scopes', () => {
  let gateway: GatewayFixture;
  let keys: { orders: string; all: string; admin: string; payments: string };

  beforeAll(async () => {
    // No auth cache, so a revoked key is refused on its very next request.
    gateway = await GatewayFixture.start({ GATEWAY_AUTH_CACHE_TTL_MS: '0' });
    keys = {
      orders: await gateway.createKey('ingest:orders'),
      all: await gateway.createKey('ingest:*'),
      admin: await gateway.createKey('admin'),
      payments: await gateway.createKey('ingest:payments'),
    };
  });
  afterAll(async () => {
    await gateway?.close();
  });

  const ingest = (key: string | undefined, stream = 'orders', headers: Record<string, string> = {}) =>
    gateway.request('POST', `/v1/streams/${stream}/events`, { key, body: ORDER, headers });

  it('answers 401 for a missing, malformed, unknown, wrong or revoked key', async () => {
    const [, id, secret] = /^sluice_([0-9a-f]{16})_(.+)$/.exec(keys.orders)!;
    const wrongSecret = `sluice_${id}_${secret!.startsWith('A') ? 'B' : 'A'}${secret!.slice(1)}`;
    const unknownId = `sluice_0000000000000000_${secret}`;
    const revoked = await gateway.createKey('ingest:orders');
    expect((await ingest(revoked)).status).toBe(202);
    await revokeApiKey(
      gateway.app.get<DataSource>(DATA_SOURCE),
      /^sluice_([0-9a-f]{16})_/.exec(revoked)![1]!,
    );

    const answers = [
      await ingest(undefined),
      await ingest(undefined, 'orders', { authorization: `Basic ${Buffer.from('a:b').toString('base64')}` }),
      await ingest('not-a-sluice-key'),
      await ingest(unknownId),
      await ingest(wrongSecret),
      await ingest(revoked),
    ];
    expect(answers.map((a) => a.status)).toEqual([401, 401, 401, 401, 401, 401]);
    expect(answers.map((a) => (a.body as { code: string }).code)).toEqual(Array(6).fill('UNAUTHENTICATED'));
    expect((answers[5]!.body as { detail: string }).detail).toMatch(/revoked/);
  });

  it('answers 403 when the key lacks the route scope', async () => {
    const answers = [
      await ingest(keys.payments, 'orders'),
      await ingest(keys.admin, 'orders'),
      await gateway.request('GET', '/v1/rules', { key: keys.all }),
      await gateway.request('PUT', '/v1/jobs/j1', { key: keys.orders, body: { sql: 'SELECT 1' } }),
    ];
    expect(answers.map((a) => a.status)).toEqual([403, 403, 403, 403]);
    expect((answers[0]!.body as { detail: string }).detail).toBe(
      "this API key lacks the 'ingest:orders' scope",
    );
    expect(answers[0]!.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  });

  it('accepts ingest:<stream> for its stream and ingest:* for every stream', async () => {
    expect((await ingest(keys.orders, 'orders')).status).toBe(202);
    expect((await ingest(keys.all, 'orders')).status).toBe(202);
    const payment = await gateway.request('POST', '/v1/streams/payments/events', {
      key: keys.all,
      body: { orderId: 'o-1', at: 1 },
    });
    expect(payment.status).toBe(202);
  });

  it('lists only the streams a key may write to', async () => {
    const names = async (key: string) =>
      (
        (await gateway.request('GET', '/v1/streams', { key })).body as { streams: Array<{ name: string }> }
      ).streams.map((s) => s.name);
    expect(await names(keys.orders)).toEqual(['orders']);
    expect(await names(keys.all)).toEqual(['orders', 'payments']);
    expect(await names(keys.admin)).toEqual(['orders', 'payments']);
    expect((await gateway.request('GET', '/v1/streams/payments', { key: keys.orders })).status).toBe(404);
  });

  it('produces nothing for requests refused by authentication or scope', async () => {
    const sentinels = keysCoveringPartitions(gateway.topics.payments, PAYMENTS_PARTITIONS, 'sentinel');
    await gateway.request('POST', '/v1/streams/payments/events', { body: { orderId: 'anonymous', at: 1 } });
    await gateway.request('POST', '/v1/streams/payments/events', {
      key: keys.orders,
      body: { orderId: 'forbidden', at: 1 },
    });
    const body = sentinels.map((orderId) => ({ orderId, at: 2 }));
    expect(
      (await gateway.request('POST', '/v1/streams/payments/events', { key: keys.payments, body })).status,
    ).toBe(202);

    const reader = await TopicReader.start(testKafka(), gateway.topics.payments);
    try {
      // 'o-1' is the payment the previous test sent; a refused event would sit before a sentinel.
      const records = await reader.waitFor(1 + sentinels.length);
      expect(records.map((r) => r.envelope.payload.orderId).sort()).toEqual(['o-1', ...sentinels].sort());
    } finally {
      await reader.stop();
    }
  });
});
