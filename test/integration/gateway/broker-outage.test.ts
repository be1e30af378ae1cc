import { logLevel } from 'kafkajs';
import { setTimeout as delay } from 'node:timers/promises';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { kafkaFaults, testKafka } from '../../harness/test-context';
import { waitUntil } from '../../harness/wait-until';
import { GatewayFixture } from './gateway-fixture';
import { TopicReader } from './topic-reader';

// Fault injection needs the mock broker's control port (local services).
const faults = kafkaFaults();

/** Concurrent clients posting small batches until stopped, tallying what the gateway answered. */
class Load {
  readonly acked = new Set<string>();
  readonly statuses = new Map<number, number>();
  unavailableWithoutRetryAfter = 0;
  private isStopped = false;
  private clients: Promise<void>[] = [];
  private sequence = 0;

  constructor(
    private readonly gateway: GatewayFixture,
    private readonly key: string,
  ) {}

  start(clients: number): void {
    this.clients = Array.from({ length: clients }, () => this.client());
  }

  count(status: number): number {
    return this.statuses.get(status) ?? 0;
  }

  async stop(): Promise<void> {
    this.isStopped = true;
    await Promise.all(this.clients);
  }

  private async client(): Promise<void> {
    while (!this.isStopped) {
      const body = Array.from({ length: 10 }, () => {
        const n = this.sequence++;
        return { orderId: `o-${n}`, customerId: `c-${n % 41}`, amount: 1, ts: '2024-03-01T08:00:00Z' };
      });
      const response = await this.gateway.request('POST', '/v1/streams/orders/events', {
        key: this.key,
        body,
      });
      this.statuses.set(response.status, this.count(response.status) + 1);
      if (response.status === 202)
        for (const id of (response.body as { eventIds: string[] }).eventIds) this.acked.add(id);
      if (response.status === 503) {
        if (!response.headers.get('retry-after')) this.unavailableWithoutRetryAfter++;
        await delay(20); // a polite client backs off; not honouring Retry-After fully keeps the test short
      }
    }
  }
}

describe.skipIf(!faults)('ingestion while a Kafka broker is down', () => {
  let gateway: GatewayFixture;
  let key: string;
  let downBroker: number | undefined;
  const kafka = testKafka({ logLevel: logLevel.NOTHING });

  beforeAll(async () => {
    gateway = await GatewayFixture.start({
      GATEWAY_BROKER_COOLDOWN_MS: '300',
      GATEWAY_PRODUCE_TIMEOUT_MS: '5000',
    });
    key = await gateway.createKey('ingest:orders');
  });
  afterEach(async () => {
    if (downBroker !== undefined) await faults!.brokerUp(downBroker);
    downBroker = undefined;
  });
  afterAll(async () => {
    await gateway?.close();
  });

  async function leaderOfPartitionZero(topic: string): Promise<number> {
    const admin = kafka.admin();
    await admin.connect();
    try {
      const [metadata] = (await admin.fetchTopicMetadata({ topics: [topic] })).topics;
      return metadata!.partitions.find((p) => p.partitionId === 0)!.leader;
    } finally {
      await admin.disconnect();
    }
  }

  it('answers 503 with Retry-After during the outage and every event that got a 202 is in Kafka', async () => {
    const leader = await leaderOfPartitionZero(gateway.topics.orders);
    const load = new Load(gateway, key);
    load.start(4);
    try {
      await waitUntil(() => load.count(202) >= 20, {
        timeoutMs: 20_000,
        description: '20 accepted requests before the outage',
      });
      await faults!.brokerDown(leader);
      downBroker = leader;
      await waitUntil(() => load.count(503) >= 10, {
        timeoutMs: 20_000,
        description: '503 answers during the outage',
      });
      const acceptedBeforeRecovery = load.count(202);
      await faults!.brokerUp(leader);
      downBroker = undefined;
      await waitUntil(() => load.count(202) >= acceptedBeforeRecovery + 20, {
        timeoutMs: 20_000,
        description: '20 accepted requests after the outage',
      });
    } finally {
      await load.stop();
    }

    expect([...load.statuses.keys()].sort()).toEqual([202, 503]);
    expect(load.unavailableWithoutRetryAfter).toBe(0);
    const reader = await TopicReader.start(kafka, gateway.topics.orders);
    try {
      const found = () => reader.records.filter((r) => load.acked.has(r.envelope.eventId)).length;
      await waitUntil(() => found() >= load.acked.size, {
        timeoutMs: 30_000,
        description: `${load.acked.size} acknowledged events`,
      }).catch(() => {});
      // Counted, not sampled: each of the acknowledged events is there.
      expect(
        new Set(reader.records.map((r) => r.envelope.eventId).filter((id) => load.acked.has(id))).size,
      ).toBe(load.acked.size);
    } finally {
      await reader.stop();
    }
  });
});
