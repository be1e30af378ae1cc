import type { Job } from 'bullmq';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FireProcessor } from '../../../apps/batch-runner/src/scheduler/fire.processor';
import { SchedulerSync } from '../../../apps/batch-runner/src/scheduler/scheduler-sync.service';
import { BatchFixture, expectedReport, makeOrders, reportJobSql, reportRows } from './batch-fixture';

describe('batch runner: scheduled jobs', () => {
  let fixture: BatchFixture;
  const orders = makeOrders(400, '2024-03-01', 2);

  beforeAll(async () => {
    fixture = await BatchFixture.create();
  });

  afterAll(async () => {
    await fixture?.close();
  });

  it('fires a job on a short cron schedule and writes exact report rows for the run date', async () => {
    const topic = await fixture.ordersTopic(4);
    await fixture.produceOrders(topic, orders);
    await fixture.deploy('every-two-seconds', { sql: reportJobSql(topic), cron: '*/2 * * * * *' });
    await fixture.startRunner();

    const [run] = await fixture.waitForFinishedRuns('every-two-seconds', 1);
    expect(run).toMatchObject({
      status: 'succeeded',
      trigger: 'schedule',
      requestedBy: 'scheduler',
      rowsWritten: 4,
    });
    expect(run!.scheduledFor.getTime() % 2_000).toBe(0);
    const runDate = run!.scheduledFor.toISOString().slice(0, 10);
    const rows = await fixture.rows('product_revenue', 'report_date, product');
    expect(rows.filter((r) => r.report_date === runDate)).toEqual(
      reportRows(runDate, expectedReport(orders)),
    );
    expect(run!.inputRanges).toMatchObject({
      inputs: [{ table: 'orders', connector: 'kafka', splits: 4, isIncremental: false }],
    });
  });

  it('turns two fires of one cron slot into one run', async () => {
    await fixture.deploy('daily', { sql: reportJobSql(await fixture.ordersTopic(1)), cron: '0 2 * * *' });
    const fire = (await fixture.startRunner()).get(FireProcessor);
    // BullMQ moves an overdue fire to "now": the second fire of 02:00 carries a later time.
    const slot = Date.parse('2024-03-05T02:00:00Z');
    const first = await fire.process({
      data: { jobId: 'daily' },
      opts: { prevMillis: slot },
      id: `repeat:daily:${slot}`,
    } as unknown as Job<{ jobId: string }>);
    const second = await fire.process({
      data: { jobId: 'daily' },
      opts: { prevMillis: slot + 350 },
      id: `repeat:daily:${slot + 350}`,
    } as unknown as Job<{ jobId: string }>);

    expect([first, second]).toEqual([true, false]);
    const runs = (await fixture.runs('daily')).filter(
      (r) => r.trigger === 'schedule' && r.scheduledFor.getTime() === slot,
    );
    expect(runs).toHaveLength(1);
    expect(runs[0]).toMatchObject({
      windowStart: new Date('2024-03-04T02:00:00Z'),
      windowEnd: new Date(slot),
    });
  });

  it('keeps BullMQ job schedulers in step with the job definitions', async () => {
    const sync = (await fixture.startRunner({ BATCH_SCHEDULE_SYNC_INTERVAL_MS: '3600000' })).get(
      SchedulerSync,
    );
    const schedules = fixture.queue('schedules');
    const patterns = async () =>
      Object.fromEntries(
        (await schedules.getJobSchedulers(0, -1)).map((s) => [s.key, `${s.pattern} ${s.tz}`]),
      );
    const sql = reportJobSql(await fixture.ordersTopic(1));
    await fixture.deploy('synced', { sql, cron: '0 3 * * *', timezone: 'Europe/Paris' });
    await sync.sync();
    expect((await patterns()).synced).toBe('0 3 * * * Europe/Paris');

    await fixture.deploy('synced', { sql, cron: '30 4 * * 1', timezone: 'UTC' });
    await sync.sync();
    expect((await patterns()).synced).toBe('30 4 * * 1 UTC');

    await fixture.deploy('synced', { sql, cron: '30 4 * * 1', timezone: 'UTC', enabled: false });
    await sync.sync();
    expect((await patterns()).synced).toBeUndefined();
  });
});
