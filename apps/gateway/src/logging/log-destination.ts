import pino from 'pino';

let destination: pino.DestinationStream & { flushSync(): void } | undefined;

/**
 * Standard output for the JSON logs, written asynchronously so logging does not stall the event
 * loop. One per process (there is one stdout); main.ts flushes it before the process exits.
 */
export function logDestination(): pino.DestinationStream & { flushSync(): void } {
  destination ??= pino.destination({ dest: 1, sync: false });
  return destination;
}

/** Writes out what is still buffered; used right before process.exit. */
export function flushLogs(): void {
  try {
    destination?.flushSync();
  } catch {
    // Nothing buffered yet, or stdout is gone: nothing more can be done.
  }
}
