import type { Job } from '@sluice/contracts/db';
import { describe, expect, it } from 'vitest';
import { planRuns } from './job-runs.service';

const MAX_RUNS = 50;

function job(cron: string | null, timezone = 'UTC'): Job {
  return {
    id: 'daily',
    sql: 'SELECT 1',
    cron,
    timezone,
    parameters: {},
    enabled: true,
    version: 3,
    createdAt: new Date(0),
    updatedAt: new Date(0),
  };
}

const iso = (d: Date | null) => d?.toISOString() ?? null;

describe(planRuns.name, () => {
  const now = new Date('2024-03-10T14:37:12.345Z');

  it('triggers one run now, truncated to the second, covering the data since the last fire', async () => {
    const { trigger, plans } = await planRuns(job('0 2 * * *'), {}, now, MAX_RUNS);
    expect(trigger).toBe('manual');
    expect(plans.map((p) => [iso(p.scheduledFor), iso(p.windowStart), iso(p.windowEnd)])).toEqual([
      ['2024-03-10T14:37:12.000Z', '2024-03-10T02:00:00.000Z', '2024-03-10T14:37:12.000Z'],
    ]);
  });

  it('gives a job without cron runs without a data interval', async () => {
    const { plans } = await planRuns(job(null), { scheduledFor: '2024-03-01T00:00:00Z' }, now, MAX_RUNS);
    expect(plans).toEqual([
      { scheduledFor: new Date('2024-03-01T00:00:00Z'), windowStart: null, windowEnd: null },
    ]);
  });

  it('backfills one run per fire time in [from, to), read in the job time zone', async () => {
    // 02:00 in Paris is 01:00 UTC in winter, 00:00 UTC in summer time; on 31 March 2024 02:00 does
    // not exist (clocks jump to 03:00) and the run fires at 03:00 CEST = 01:00 UTC, as BullMQ's would.
    const { trigger, plans } = await planRuns(
      job('0 2 * * *', 'Europe/Paris'),
      { backfill: { from: '2024-03-30T00:00:00Z', to: '2024-04-01T01:00:00Z' } },
      now,
      MAX_RUNS,
    );
    expect(trigger).toBe('backfill');
    expect(plans.map((p) => [iso(p.windowStart), iso(p.windowEnd)])).toEqual([
      ['2024-03-29T01:00:00.000Z', '2024-03-30T01:00:00.000Z'],
      ['2024-03-30T01:00:00.000Z', '2024-03-31T01:00:00.000Z'],
      ['2024-03-31T01:00:00.000Z', '2024-04-01T00:00:00.000Z'],
    ]);
  });

  it('refuses backfills that cannot be planned', async () => {
    await expect(
      planRuns(
        job(null),
        { backfill: { from: '2024-03-01T00:00:00Z', to: '2024-03-02T00:00:00Z' } },
        now,
        MAX_RUNS,
      ),
    ).rejects.toThrow(/no cron schedule/);
    await expect(
      planRuns(
        job('0 2 * * *'),
        { backfill: { from: '2024-03-02T00:00:00Z', to: '2024-03-01T00:00:00Z' } },
        now,
        MAX_RUNS,
      ),
    ).rejects.toThrow(/before/);
    await expect(
      planRuns(
        job('0 2 * * *'),
        { backfill: { from: '2024-03-01T03:00:00Z', to: '2024-03-02T01:00:00Z' } },
        now,
        MAX_RUNS,
      ),
    ).rejects.toThrow(/no cron fire/);
    await expect(
      planRuns(
        job('0 * * * *'),
        { backfill: { from: '2024-01-01T00:00:00Z', to: '2024-03-01T00:00:00Z' } },
        now,
        MAX_RUNS,
      ),
    ).rejects.toThrow(`more than ${MAX_RUNS} runs`);
    await expect(
      planRuns(
        job('0 2 * * *'),
        { scheduledFor: '2024-03-01T00:00:00Z', backfill: { from: 'a', to: 'b' } },
        now,
        MAX_RUNS,
      ),
    ).rejects.toThrow(/either/);
  });
});
