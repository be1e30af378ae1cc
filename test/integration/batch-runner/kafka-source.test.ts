import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BatchFixture, expectedReport, makeOrders } from './batch-fixture';

describe('batch runner: Kafka sources with Spark options', () => {
  let fixture: BatchFixture;
  let topic: string;
  const orders = makeOrders(300, '2024-03-01');

  beforeAll(async () => {
    fixture = await BatchFixture.create();
    topic = await fixture.ordersTopic(3);
    await fixture.produceOrders(topic, orders);
    await fixture.startRunner();
  });

  afterAll(async () => {
    await fixture?.close();
  });

  async function runOnce(id: string, sql: string) {
    await fixture.deploy(id, { sql });
    await fixture.admin.request(id, { scheduledFor: new Date('2024-03-01T00:00:00Z') });
    const [run] = await fixture.waitForFinishedRuns(id, 1);
    expect(run!.error).toBeNull();
    return run!;
  }

  it("reads Spark's fixed Kafka columns: CAST(value AS STRING) and get_json_object", async () => {
    await runOnce(
      'fixed-schema',
      `CREATE TABLE raw USING kafka OPTIONS (subscribe '${topic}', minPartitions '6');
CREATE TABLE counts (product STRING, orders BIGINT, partitions BIGINT) USING jdbc OPTIONS (dbtable 'counts');
INSERT OVERWRITE TABLE counts
SELECT get_json_object(CAST(value AS STRING), '$.payload.product'), count(*), count(DISTINCT partition)
FROM raw GROUP BY 1;`,
    );
    const expected = expectedReport(orders);
    expect(await fixture.rows('counts', 'product')).toEqual(
      Object.entries(expected).map(([product, r]) => ({
        product,
        orders: String(r.orders),
        partitions: '3',
      })),
    );
    const run = (await fixture.runs('fixed-schema'))[0]!;
    expect((run.inputRanges as { inputs: { splits: number }[] }).inputs[0]!.splits).toBe(6);
  });

  it('reads the offsets given by assign, startingOffsets and endingOffsets', async () => {
    const run = await runOnce(
      'offsets',
      `CREATE TABLE slice (orderId STRING) USING kafka OPTIONS (assign '{"${topic}":[0,2]}', startingOffsets '{"${topic}":{"0":10,"2":-2}}', endingOffsets '{"${topic}":{"0":-1,"2":25}}', format 'sluice-envelope');
CREATE TABLE slice_size (orders BIGINT) USING jdbc OPTIONS (dbtable 'slice_size');
INSERT OVERWRITE TABLE slice_size SELECT count(*) FROM slice;`,
    );
    // Round-robin over 3 partitions: 100 orders each; partition 0 from offset 10, partition 2 up to 25.
    expect(await fixture.rows('slice_size', 'orders')).toEqual([{ orders: String(90 + 25) }]);
    expect((run.inputRanges as { inputs: { ranges: unknown[] }[] }).inputs[0]!.ranges).toEqual([
      { key: `${topic}/0`, start: '10', end: '100' },
      { key: `${topic}/2`, start: '0', end: '25' },
    ]);
  });
});
