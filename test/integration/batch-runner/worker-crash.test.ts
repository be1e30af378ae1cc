import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitUntil } from '../../harness/wait-until';
import { BatchFixture, expectedReport, makeOrders, reportJobSql, reportRows } from './batch-fixture';

describe('batch runner: a worker killed in the middle of a run', () => {
  let fixture: BatchFixture;
  // Enough events that a map task takes a while: the kill must land while one is running.
  const orders = makeOrders(120_000, '2024-03-01', 1);

  beforeAll(async () => {
    fixture = await BatchFixture.create({
      BATCH_LOCK_DURATION_MS: '2000',
      BATCH_STALLED_INTERVAL_MS: '1000',
      BATCH_TASK_CONCURRENCY: '1',
      LOG_LEVEL: 'log',
    });
  });

  afterAll(async () => {
    await fixture?.close();
  });

  it('retries the killed task elsewhere and writes the report of an undisturbed run', async () => {
    const topic = await fixture.ordersTopic(4);
    const [workerA, workerB] = [fixture.spawnRunner(), fixture.spawnRunner()];
    await Promise.all([
      fixture.produceOrders(topic, orders),
      fixture.deploy('crash-safe', { sql: reportJobSql(topic, { kafkaOptions: "minPartitions '12'" }) }),
    ]);
    await Promise.all([fixture.waitForListening(workerA), fixture.waitForListening(workerB)]);

    const tasks = fixture.queue('tasks');
    await fixture.admin.request('crash-safe', { scheduledFor: new Date('2024-03-01T00:00:00Z') });
    // Both processes run one task at a time: with two tasks active, A is in the middle of one.
    await waitUntil(
      async () => (await tasks.getActiveCount()) === 2 && (await tasks.getCompletedCount()) >= 1,
      {
        timeoutMs: 60_000,
        intervalMs: 10,
        description: 'both workers busy with map tasks, one task done',
      },
    );
    workerA.kill('SIGKILL');

    const [run] = await fixture.waitForFinishedRuns('crash-safe', 1, 60_000);
    expect(run!.status).toBe('succeeded');
    const retried = (await tasks.getJobs(['completed'])).filter(
      (j) => j.stalledCounter > 0 || j.attemptsStarted > 1,
    );
    expect(retried.length).toBeGreaterThanOrEqual(1);
    expect(await tasks.getCompletedCount()).toBe(12);

    // The same run undisturbed (B alone), for another date: identical rows but for the date.
    await fixture.admin.request('crash-safe', { scheduledFor: new Date('2024-03-02T00:00:00Z') });
    await fixture.waitForFinishedRuns('crash-safe', 2, 60_000);
    const rows = await fixture.rows('product_revenue', 'report_date, product');
    const withoutDate = (date: string) =>
      rows.filter((r) => r.report_date === date).map(({ report_date: _, ...rest }) => rest);
    expect(withoutDate('2024-03-01')).toEqual(withoutDate('2024-03-02'));
    expect(rows.filter((r) => r.report_date === '2024-03-01')).toEqual(
      reportRows('2024-03-01', expectedReport(orders)),
    );
  });
});
