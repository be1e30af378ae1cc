import { SluiceError } from '@sluice/contracts';
import { parseExpression } from 'cron-parser';

/**
 * Cron arithmetic with cron-parser, the library BullMQ's job schedulers use, so the runner reads a
 * cron expression exactly as its scheduler fires it.
 */

/**
 * The cron slot a scheduler fire stands for: the latest fire time at or before `fireMs` (plus a
 * second of slack). BullMQ moves a fire that is already due to "now", so two fires of one slot
 * can carry different times; snapping both to the slot gives them one run identity.
 */
export function cronSlot(cron: string, timeZone: string, fireMs: number): Date {
  return parseExpression(cron, { tz: timeZone, currentDate: new Date(fireMs + 1000) })
    .prev()
    .toDate();
}

/** The last fire time strictly before `at`: the start of the data interval that ends at `at`. */
export function previousFireTime(cron: string, timeZone: string, at: Date): Date | null {
  const interval = parseExpression(cron, { tz: timeZone, currentDate: at });
  return interval.hasPrev() ? interval.prev().toDate() : null;
}

/** Fire times t with from <= t < to, oldest first (backfills); refuses more than `max`. */
export function fireTimesBetween(cron: string, timeZone: string, from: Date, to: Date, max: number): Date[] {
  const times: Date[] = [];
  const interval = parseExpression(cron, { tz: timeZone, currentDate: new Date(from.getTime() - 1) });
  for (;;) {
    const t = interval.next().toDate();
    if (t.getTime() >= to.getTime()) return times;
    if (times.length === max)
      throw new SluiceError('REQUEST_MALFORMED', `the range holds more than ${max} runs; split it`);
    times.push(t);
  }
}
