import { SluiceError } from '@sluice/contracts';
import { parseExpression } from 'cron-parser';
import { setImmediate as yieldToEventLoop } from 'node:timers/promises';

/** cron-parser 4 needs milliseconds per step; yielding this often keeps ingestion responsive. */
const STEPS_PER_SLICE = 5;

/**
 * Cron handling for jobs, with cron-parser: the library BullMQ's job schedulers use, so an
 * expression the gateway accepts is one the batch runner can schedule, read the same way.
 */

/** Throws REQUEST_MALFORMED pointing at /cron or /timezone. */
export function checkSchedule(cron: string | null, timezone: string): void {
  if (!isTimeZone(timezone)) {
    throw malformed(
      '/timezone',
      `unknown time zone '${timezone}'; use an IANA name such as UTC or Europe/Paris`,
    );
  }
  if (cron === null) return;
  const fields = cron.trim().split(/\s+/).length;
  if (fields !== 5 && fields !== 6) throw malformed('/cron', `expected 5 or 6 cron fields, got ${fields}`);
  try {
    parseExpression(cron, { tz: timezone }).next();
  } catch (error) {
    throw malformed('/cron', `invalid cron expression: ${(error as Error).message}`);
  }
}

/**
 * Fire times t with from <= t < to, oldest first; throws when there would be more than `max`.
 * Asynchronous on purpose: a long backfill must not stall the event loop that serves events.
 */
export async function fireTimesBetween(
  cron: string,
  timezone: string,
  from: Date,
  to: Date,
  max: number,
): Promise<Date[]> {
  const times: Date[] = [];
  // next() is strictly after currentDate; start 1 ms early so `from` itself counts.
  const interval = parseExpression(cron, { tz: timezone, currentDate: new Date(from.getTime() - 1) });
  for (;;) {
    const t = interval.next().toDate();
    if (t.getTime() >= to.getTime()) return times;
    if (times.length === max) {
      throw malformed('/backfill', `the range holds more than ${max} runs; split it into several requests`);
    }
    times.push(t);
    if (times.length % STEPS_PER_SLICE === 0) await yieldToEventLoop();
  }
}

/** The last fire time strictly before `at` (start of the data interval that ends at `at`). */
export function previousFireTime(cron: string, timezone: string, at: Date): Date | null {
  const interval = parseExpression(cron, { tz: timezone, currentDate: at });
  return interval.hasPrev() ? interval.prev().toDate() : null;
}

function isTimeZone(name: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

function malformed(pointer: string, message: string): SluiceError {
  return new SluiceError('REQUEST_MALFORMED', message, { details: [{ pointer, message }] });
}
