import { SluiceError, type ErrorDetail } from '@sluice/contracts';
import { NdjsonBody } from './ndjson-body';

/** At most this many per-event problems go into one 400 answer; the rest are counted. */
export const MAX_REPORTED_PROBLEMS = 100;

/**
 * Turns a request body into its list of events: one JSON object, a JSON array, or NDJSON (one
 * JSON value per non-blank line; the event index counts events, not lines). The per-request
 * event limit is checked before NDJSON lines are parsed, so an oversize request costs little.
 */
export function decodeEventBatch(body: unknown, maxEvents: number): unknown[] {
  const events = body instanceof NdjsonBody ? parseNdjson(body.text, maxEvents) : fromJson(body);
  if (events.length === 0) throw new SluiceError('REQUEST_MALFORMED', 'the request holds no events');
  checkCount(events.length, maxEvents);
  return events;
}

function fromJson(body: unknown): unknown[] {
  if (Array.isArray(body)) return body;
  if (typeof body === 'object' && body !== null) return [body];
  throw new SluiceError(
    'REQUEST_MALFORMED',
    'expected a JSON object, a JSON array of objects (application/json) or NDJSON (application/x-ndjson)',
  );
}

function parseNdjson(text: string, maxEvents: number): unknown[] {
  const lines = text.split('\n');
  const nonBlank = lines.filter((line) => line.trim() !== '');
  checkCount(nonBlank.length, maxEvents);
  const events: unknown[] = [];
  const problems: ErrorDetail[] = [];
  let badLines = 0;
  lines.forEach((line, lineIndex) => {
    if (line.trim() === '') return;
    try {
      events.push(JSON.parse(line));
    } catch (error) {
      badLines++;
      if (problems.length < MAX_REPORTED_PROBLEMS) {
        problems.push({
          index: events.length,
          pointer: '',
          message: `line ${lineIndex + 1}: ${(error as Error).message}`,
        });
      }
      events.push(undefined);
    }
  });
  if (badLines > 0) {
    throw new SluiceError(
      'REQUEST_MALFORMED',
      `${badLines} NDJSON line(s) are not valid JSON; nothing was produced`,
      { details: problems },
    );
  }
  return events;
}

function checkCount(count: number, maxEvents: number): void {
  if (count > maxEvents) {
    throw new SluiceError(
      'PAYLOAD_TOO_LARGE',
      `${count} events in one request; the limit is ${maxEvents} (GATEWAY_MAX_EVENTS_PER_REQUEST)`,
    );
  }
}
