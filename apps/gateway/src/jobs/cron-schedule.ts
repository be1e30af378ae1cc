import { SluiceError } from '@sluice/contracts';
import { parseExpression } from 'cron-parser';

/**
 * Cron handling for jobs, with cron-parser: the library BullMQ's job schedulers use, so an
 * expression the gateway accepts is one the batch runner can schedule, read the same way.
 */

/** Throws REQUEST_MALFORMED pointing at /cron or /timezone. */
export function checkSchedule(cron: string | null, timezone: string): void {
  if (!isTimeZone(timezone)) {
    throw malformed('/timezone', `unknown time zone '${timezone}'; use an IANA name such as UTC or Europe/Paris`);
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

/** Fire times t with from <= t < to, oldest first; throws when there would be more than `max`. */
export function fireTimesBetween(cron: string, timezone: string, from: Date, to: Date, max: number): Date[] {
  const times: Date[] = [];
  // cron-parser's next() is strictly after currentDate; start 1 ms early so `from` itself counts.
  const interval = parseExpression(cron, { tz: timezone, currentDate: new Date(from.getTime() - 1), endDate: to });
  while (interval.hasNext()) {
    const t = interval.next().toDate();
    if (t.getTime() >= to.getTime()) break;
    if (times.length === max) {
      throw malformed('/backfill', `the range holds more than ${max} runs; split it into several requests`);
    }
    times.push(t);
  }
  return times;
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
