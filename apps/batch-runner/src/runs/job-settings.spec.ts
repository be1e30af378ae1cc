import { describe, expect, it } from 'vitest';
import { jobSettings } from './job-settings';

const defaults = { maxConcurrentPerJob: 1, attempts: 3, timeoutMs: 60_000 };

describe(jobSettings.name, () => {
  it('reads sluice.batch settings from SET statements', () => {
    const sql =
      "SET sluice.batch.max-concurrent-runs = 4;\nSET sluice.batch.attempts = 5;\nSET sluice.batch.timeout = '30 min';\nSELECT 1";
    expect(jobSettings(sql, {}, defaults)).toEqual({
      maxConcurrentRuns: 4,
      attempts: 5,
      timeoutMs: 1_800_000,
      isIncremental: false,
    });
  });

  it('runs incremental jobs one at a time whatever they set', () => {
    const sql =
      "SET sluice.batch.max-concurrent-runs = 4;\nCREATE TABLE e USING kafka OPTIONS (subscribe '${topic}', sluice.incremental 'true');\nSELECT * FROM e";
    expect(jobSettings(sql, { topic: 'orders' }, defaults)).toMatchObject({
      maxConcurrentRuns: 1,
      isIncremental: true,
    });
  });

  it('falls back to the defaults for a script that does not parse', () => {
    expect(jobSettings('SELEC 1', {}, defaults)).toEqual({
      maxConcurrentRuns: 1,
      attempts: 3,
      timeoutMs: 60_000,
      isIncremental: false,
    });
  });
});
