import { createApiKey } from '@sluice/contracts/db';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitUntil } from '../../harness/wait-until';
import { BatchFixture, expectedReport, makeOrders, reportJobSql, reportRows } from './batch-fixture';

describe('batch runner: backfills, failures and operations', () => {
  let fixture: BatchFixture;

  beforeAll(async () => {
    fixture = await BatchFixture.create();
    await fixture.startRunner();
  });

  afterAll(async () => {
    await fixture?.close();
  });

  it('backfills three dates into three report partitions, each with that day only', async () => {
    const topic = await fixture.ordersTopic(3);
    // Five days of orders, 29 Feb to 4 Mar: the days around the backfill must stay out of it.
    const orders = makeOrders(600, '2024-02-29', 5);
    await fixture.produceOrders(topic, orders);
    await fixture.deploy('daily-revenue', {
      sql: reportJobSql(topic, { where: "to_date(ts) = DATE '${run_date}'" }),
      cron: '0 0 * * *',
      enabled: false,
    });

    const requested = await fixture.admin.request('daily-revenue', {
      backfill: { from: new Date('2024-03-01T00:00:00Z'), to: new Date('2024-03-04T00:00:00Z') },
    });
    expect(requested.map((r) => [r.trigger, r.scheduledFor.toISOString()])).toEqual([
      ['backfill', '2024-03-03T00:00:00.000Z'],
      ['backfill', '2024-03-02T00:00:00.000Z'],
      ['backfill', '2024-03-01T00:00:00.000Z'],
    ]);
    const runs = await fixture.waitForFinishedRuns('daily-revenue', 3);

    expect(runs.map((r) => r.status)).toEqual(['succeeded', 'succeeded', 'succeeded']);
    // One run of a job at a time (BATCH_MAX_RUNS_PER_JOB = 1): the runs did not overlap.
    const spans = [...runs].sort((a, b) => a.startedAt!.getTime() - b.startedAt!.getTime());
    spans
      .slice(1)
      .forEach((r, i) =>
        expect(r.startedAt!.getTime()).toBeGreaterThanOrEqual(spans[i]!.finishedAt!.getTime()),
      );
    const rows = await fixture.rows('product_revenue', 'report_date, product');
    const day = (date: string) => orders.filter((o) => o.ts.startsWith(date));
    expect(rows).toEqual(
      ['2024-03-01', '2024-03-02', '2024-03-03'].flatMap((date) =>
        reportRows(date, expectedReport(day(date))),
      ),
    );
  });

  it('replaces a partition when its run is requested again, instead of adding to it', async () => {
    const before = await fixture.rows('product_revenue', 'report_date, product');
    const [rerun] = await fixture.admin.request('daily-revenue', {
      scheduledFor: new Date('2024-03-02T00:00:00Z'),
    });
    expect(rerun).toMatchObject({ status: 'queued', attempts: 1 });
    await waitForAttempts(fixture, rerun!.id, 2);
    expect(await fixture.rows('product_revenue', 'report_date, product')).toEqual(before);
  });

  it('records a failed run with its error, where the gateway shows it', async () => {
    const sql = `CREATE TABLE customers (id BIGINT, name STRING) USING jdbc OPTIONS (dbtable 'no_such_customers');
CREATE TABLE customer_copy (id BIGINT, name STRING) USING jdbc OPTIONS (dbtable 'customer_copy');
INSERT INTO customer_copy SELECT id, name FROM customers;`;
    await fixture.deploy('broken-source', { sql });
    await fixture.admin.request('broken-source', { scheduledFor: new Date('2024-03-01T00:00:00Z') });
    const [run] = await fixture.waitForFinishedRuns('broken-source', 1);
    expect(run).toMatchObject({ status: 'failed', rowsWritten: null });
    expect(run!.error).toMatch(/no_such_customers' doesn't exist/);
    expect(run!.attempts).toBe(1);
  });

  it('fails a run that runs past its timeout (SET sluice.batch.timeout)', async () => {
    const topic = await fixture.ordersTopic(1);
    await fixture.deploy('too-slow', { sql: `SET sluice.batch.timeout = '1 ms';\n${reportJobSql(topic)}` });
    await fixture.admin.request('too-slow', { scheduledFor: new Date('2024-03-01T00:00:00Z') });
    const [run] = await fixture.waitForFinishedRuns('too-slow', 1);
    expect(run).toMatchObject({ status: 'failed' });
    expect(run!.error).toMatch(/timed out/);
  });

  it('serves Bull Board to admin keys only', async () => {
    const app = await fixture.startRunner();
    const base = await app.getUrl();
    const admin = await createApiKey(fixture.dataSource, { scopes: ['admin'] });
    const ingest = await createApiKey(fixture.dataSource, { scopes: ['ingest:*'] });
    const anonymous = await fetch(`${base}/board`);
    const asIngest = await fetch(`${base}/board`, { headers: { authorization: `Bearer ${ingest.token}` } });
    const asAdmin = await fetch(`${base}/board/api/queues`, {
      headers: { authorization: `Bearer ${admin.token}` },
    });
    const asBrowser = await fetch(`${base}/board`, {
      headers: { authorization: `Basic ${Buffer.from(`admin:${admin.token}`).toString('base64')}` },
    });

    expect([anonymous.status, anonymous.headers.get('www-authenticate')]).toEqual([
      401,
      'Basic realm="Sluice batch runner", charset="UTF-8"',
    ]);
    expect(asIngest.status).toBe(401);
    expect(asAdmin.status).toBe(200);
    const names = ((await asAdmin.json()) as { queues: { name: string }[] }).queues.map((q) => q.name).sort();
    expect(names).toEqual(
      ['runs', 'schedules', 'tasks'].map((k) => `${fixture.env.BATCH_QUEUE_PREFIX}-${k}`),
    );
    expect(asBrowser.status).toBe(200);
    expect(await asBrowser.text()).toContain('Sluice batch runner');
  });
});

async function waitForAttempts(fixture: BatchFixture, runId: string, attempts: number): Promise<void> {
  await waitUntil(
    async () => {
      const run = (await fixture.runs('daily-revenue')).find((r) => r.id === runId);
      return run?.status === 'succeeded' && run.attempts >= attempts;
    },
    { timeoutMs: 30_000, description: `run ${runId} to succeed again` },
  );
}
