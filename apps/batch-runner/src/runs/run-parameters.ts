import type { Job, JobRun } from '@sluice/contracts/db';

/**
 * The `${name}` values of one run: the job's defaults, the run's overrides, then the values every
 * run sets. `run_date` is the run's logical date (its scheduled time, as a date in the job's time
 * zone); `window_start` / `window_end` are its data interval [previous cron fire, this fire) as
 * UTC timestamps `YYYY-MM-DD HH:MM:SS.fff`. A run without a data interval (a job without cron)
 * covers the whole of run_date in the job's time zone.
 */
export function runParameters(
  job: Pick<Job, 'parameters' | 'timezone'>,
  run: Pick<JobRun, 'parameters' | 'scheduledFor' | 'windowStart' | 'windowEnd'>,
): Record<string, string> {
  const runDate = dateIn(run.scheduledFor, job.timezone);
  const dayStart = startOfDayIn(runDate, job.timezone);
  const windowStart = run.windowStart ?? dayStart;
  const windowEnd = run.windowEnd ?? new Date(startOfDayIn(nextDate(runDate), job.timezone).getTime());
  return {
    ...job.parameters,
    ...run.parameters,
    run_date: runDate,
    window_start: utcText(windowStart),
    window_end: utcText(windowEnd),
  };
}

/** `YYYY-MM-DD` of an instant in an IANA time zone. */
export function dateIn(instant: Date, timeZone: string): string {
  return new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(instant);
}

export function utcText(instant: Date): string {
  return instant.toISOString().replace('T', ' ').replace('Z', '');
}

function nextDate(date: string): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
}

/** The instant a calendar date starts in a time zone (offsets found by asking Intl, DST-safe). */
function startOfDayIn(date: string, timeZone: string): Date {
  const utcMidnight = Date.parse(`${date}T00:00:00Z`);
  let guess = utcMidnight;
  for (let i = 0; i < 3; i++) {
    const offsetMs = offsetOf(new Date(guess), timeZone);
    const next = utcMidnight - offsetMs;
    if (next === guess) break;
    guess = next;
  }
  return new Date(guess);
}

function offsetOf(instant: Date, timeZone: string): number {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    })
      .formatToParts(instant)
      .map((p) => [p.type, Number(p.value)]),
  );
  const wall = Date.UTC(parts.year!, parts.month! - 1, parts.day!, parts.hour!, parts.minute!, parts.second!);
  return wall - Math.floor(instant.getTime() / 1000) * 1000;
}
