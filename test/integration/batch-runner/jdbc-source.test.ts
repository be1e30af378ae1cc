import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BatchFixture, makeOrders } from './batch-fixture';

/** id, segment (every tenth unknown), vip flag; ids 101 to 120 lie above upperBound. */
const CUSTOMERS: [number, string | null, number][] = Array.from({ length: 120 }, (_, i) => [
  i + 1,
  i % 10 === 9 ? null : ['retail', 'pro', 'wholesale'][i % 3]!,
  i % 4 === 0 ? 1 : 0,
]);

describe('batch runner: JDBC sources', () => {
  let fixture: BatchFixture;

  beforeAll(async () => {
    fixture = await BatchFixture.create();
    await fixture.dataSource.query(
      'CREATE TABLE customers (id BIGINT PRIMARY KEY, segment VARCHAR(20) NULL, vip TINYINT(1) NOT NULL)',
    );
    await fixture.dataSource.query(
      `INSERT INTO customers VALUES ${CUSTOMERS.map(() => '(?, ?, ?)').join(', ')}`,
      CUSTOMERS.flat(),
    );
    await fixture.startRunner();
  });

  afterAll(async () => {
    await fixture?.close();
  });

  it("reads a table in Spark's partitionColumn strides, one map task each, with the schema from MySQL", async () => {
    await fixture.deploy('segments', {
      sql: `CREATE TABLE customers USING jdbc OPTIONS (dbtable 'customers', partitionColumn 'id', lowerBound '1', upperBound '100', numPartitions '4');
CREATE TABLE segment_sizes (segment STRING, customers BIGINT, vips BIGINT) USING jdbc OPTIONS (dbtable 'segment_sizes');
INSERT OVERWRITE TABLE segment_sizes SELECT coalesce(segment, 'unknown'), count(*), count_if(vip) FROM customers GROUP BY segment;`,
    });
    await fixture.admin.request('segments', { scheduledFor: new Date('2024-03-01T00:00:00Z') });
    const [run] = await fixture.waitForFinishedRuns('segments', 1);

    expect(run).toMatchObject({ status: 'succeeded', rowsWritten: 4 });
    expect(run!.inputRanges).toEqual({
      inputs: [{ table: 'customers', connector: 'jdbc', splits: 4, ranges: [], isIncremental: false }],
    });
    const sizes = new Map<string, { customers: number; vips: number }>();
    for (const [, segment, vip] of CUSTOMERS) {
      const s = sizes.get(segment ?? 'unknown') ?? { customers: 0, vips: 0 };
      s.customers++;
      s.vips += vip;
      sizes.set(segment ?? 'unknown', s);
    }
    expect(await fixture.rows('segment_sizes', 'segment')).toEqual(
      [...sizes]
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([segment, s]) => ({ segment, customers: String(s.customers), vips: String(s.vips) })),
    );
  });

  it('joins Kafka events with a MySQL table read whole by every map task (a broadcast join)', async () => {
    const topic = await fixture.ordersTopic(2);
    const orders = makeOrders(240, '2024-03-01').map((o, i) => ({ ...o, customerId: (i % 120) + 1 }));
    await fixture.produceOrders(topic, orders);
    await fixture.deploy('revenue-by-segment', {
      sql: `CREATE TABLE orders (orderId STRING, customerId BIGINT, quantity INT) USING kafka OPTIONS (subscribe '${topic}', format 'sluice-envelope');
CREATE TABLE customers (id BIGINT, segment STRING) USING jdbc OPTIONS (dbtable 'customers');
CREATE TABLE units_by_segment (segment STRING, units BIGINT) USING jdbc OPTIONS (dbtable 'units_by_segment');
INSERT OVERWRITE TABLE units_by_segment
SELECT c.segment, sum(o.quantity) FROM orders o JOIN customers c ON o.customerId = c.id WHERE c.segment IS NOT NULL GROUP BY c.segment;`,
    });
    await fixture.admin.request('revenue-by-segment', { scheduledFor: new Date('2024-03-01T00:00:00Z') });
    const [run] = await fixture.waitForFinishedRuns('revenue-by-segment', 1);

    expect(run!.status).toBe('succeeded');
    const expected = new Map<string, number>();
    orders.forEach((o, i) => {
      const c = i % 120;
      if (c % 10 === 9) return;
      const segment = ['retail', 'pro', 'wholesale'][c % 3]!;
      expected.set(segment, (expected.get(segment) ?? 0) + o.quantity);
    });
    expect(await fixture.rows('units_by_segment', 'segment')).toEqual(
      [...expected]
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([segment, units]) => ({ segment, units: String(units) })),
    );
  });
});
