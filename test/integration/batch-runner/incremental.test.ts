import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitUntil } from '../../harness/wait-until';
import { BatchFixture, makeOrders, type OrderPayload } from './batch-fixture';

/** Orders per product from an incremental Kafka source: one partition per run (its window end). */
function incrementalSql(topic: string): string {
  return `CREATE TABLE orders (orderId STRING, product STRING, quantity INT)
USING kafka OPTIONS (subscribe '${topic}', format 'sluice-envelope', sluice.incremental 'true');

CREATE TABLE order_counts (batch_end STRING, product STRING, orders BIGINT, units BIGINT)
USING jdbc PARTITIONED BY (batch_end) OPTIONS (dbtable 'order_counts');

INSERT OVERWRITE TABLE order_counts PARTITION (batch_end = '\${window_end}')
SELECT product, count(*), sum(quantity) FROM orders GROUP BY product;`;
}

function countsOf(orders: readonly OrderPayload[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const o of orders) counts[o.product] = (counts[o.product] ?? 0) + 1;
  return counts;
}

describe('batch runner: incremental jobs', () => {
  let fixture: BatchFixture;
  let topic: string;
  const first = makeOrders(500, '2024-03-01', 1, 'a');
  const second = makeOrders(300, '2024-03-01', 1, 'bb');

  beforeAll(async () => {
    fixture = await BatchFixture.create();
    topic = await fixture.ordersTopic(3);
    await fixture.deploy('hourly-counts', { sql: incrementalSql(topic), cron: '0 * * * *', enabled: false });
    await fixture.startRunner();
  });

  afterAll(async () => {
    await fixture?.close();
  });

  async function totals(): Promise<Record<string, number>> {
    const rows = await fixture.rows('order_counts', 'batch_end, product');
    const sums: Record<string, number> = {};
    for (const r of rows) sums[r.product as string] = (sums[r.product as string] ?? 0) + Number(r.orders);
    return sums;
  }

  async function runAt(iso: string, expectedRuns: number) {
    await fixture.admin.request('hourly-counts', { scheduledFor: new Date(iso) });
    const runs = await fixture.waitForFinishedRuns('hourly-counts', expectedRuns);
    return runs.find((r) => r.scheduledFor.toISOString() === new Date(iso).toISOString())!;
  }

  it('counts each event exactly once across runs with new events in between', async () => {
    await fixture.produceOrders(topic, first);
    const run1 = await runAt('2024-03-01T10:00:00Z', 1);
    expect(run1.status).toBe('succeeded');
    expect(await totals()).toEqual(countsOf(first));

    await fixture.produceOrders(topic, second);
    const run2 = await runAt('2024-03-01T11:00:00Z', 2);
    expect(run2.status).toBe('succeeded');
    expect(await totals()).toEqual(countsOf([...first, ...second]));
    const ranges = (run: typeof run1) =>
      (run.inputRanges as { inputs: { ranges: { key: string; start: string; end: string }[] }[] }).inputs[0]!
        .ranges;
    // The second run starts each partition exactly where the first one stopped.
    expect(ranges(run2).map((r) => r.start)).toEqual(ranges(run1).map((r) => r.end));
    expect(ranges(run1).every((r) => r.start === '0')).toBe(true);

    const run3 = await runAt('2024-03-01T12:00:00Z', 3);
    expect(run3).toMatchObject({ status: 'succeeded', rowsWritten: 0 });
    expect(await totals()).toEqual(countsOf([...first, ...second]));
  });

  it('re-reads the same ranges when a finished run is requested again', async () => {
    const before = await fixture.rows('order_counts', 'batch_end, product');
    const original = (await fixture.runs('hourly-counts')).find(
      (r) => r.scheduledFor.toISOString() === '2024-03-01T10:00:00.000Z',
    )!;
    await fixture.produceOrders(topic, makeOrders(50, '2024-03-01', 1, 'ccc'));
    const [again] = await fixture.admin.request('hourly-counts', {
      scheduledFor: new Date('2024-03-01T10:00:00Z'),
    });
    expect(again!.status).toBe('queued');
    let rerun = again!;
    await waitUntil(
      async () =>
        (rerun = (await fixture.runs('hourly-counts')).find((r) => r.id === again!.id)!).status ===
        'succeeded',
      { timeoutMs: 30_000, description: 'the re-run' },
    );

    expect(rerun).toMatchObject({ attempts: 2, inputRanges: original.inputRanges });
    expect(await fixture.rows('order_counts', 'batch_end, product')).toEqual(before);
    // The new events are still unread: the next run gets them.
    const run4 = await runAt('2024-03-01T13:00:00Z', 4);
    expect(run4.rowsWritten).toBeGreaterThan(0);
    expect(Object.values(await totals()).reduce((a, b) => a + b, 0)).toBe(first.length + second.length + 50);
  });
});
