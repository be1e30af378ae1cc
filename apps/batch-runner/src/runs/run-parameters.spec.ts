import { describe, expect, it } from 'vitest';
import { runParameters } from './run-parameters';

describe(runParameters.name, () => {
  const job = { parameters: { min_amount: '10', region: 'EU' }, timezone: 'Europe/Paris' };

  it('sets run_date in the job time zone and the data interval in UTC, after the job and run values', () => {
    const run = {
      parameters: { region: 'US' },
      scheduledFor: new Date('2024-03-09T23:30:00Z'),
      windowStart: new Date('2024-03-08T23:30:00Z'),
      windowEnd: new Date('2024-03-09T23:30:00Z'),
    };
    expect(runParameters(job, run)).toEqual({
      min_amount: '10',
      region: 'US',
      run_date: '2024-03-10',
      window_start: '2024-03-08 23:30:00.000',
      window_end: '2024-03-09 23:30:00.000',
    });
  });

  it('gives a run without a data interval the whole of its day, daylight saving included', () => {
    const run = {
      parameters: {},
      scheduledFor: new Date('2024-03-31T10:00:00Z'),
      windowStart: null,
      windowEnd: null,
    };
    expect(runParameters(job, run)).toMatchObject({
      run_date: '2024-03-31',
      window_start: '2024-03-30 23:00:00.000',
      window_end: '2024-03-31 22:00:00.000',
    });
  });
});
