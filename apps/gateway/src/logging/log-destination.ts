import pino from 'pino';

type Destination = pino.DestinationStream & { flushSync(): void; flush(): void };

let destination: Destination | undefined;
const FLUSH_INTERVAL_MS = 1_000;

/**
 * Standard output for the JSON logs, written asynchronously in chunks of 4 KiB so that logging
 * neither stalls the event loop nor costs a write per request (it was ~5% of the CPU of
 * single-event ingestion). A timer writes out what a quiet second left in the buffer. One per
 * process (there is one stdout); main.ts flushes it before exiting, as does the 'exit' handler.
 */
export function logDestination(): Destination {
  if (!destination) {
    const created = pino.destination({ dest: 1, sync: false, minLength: 4096 }) as Destination;
    setInterval(() => writeOut(created), FLUSH_INTERVAL_MS).unref();
    process.once('exit', flushLogs);
    destination = created;
  }
  return destination;
}

function writeOut(target: Destination): void {
  try {
    target.flush();
  } catch {
    // Already closed (the process is exiting): flushLogs took care of the rest.
  }
}

/** Writes out what is still buffered; used right before process.exit. */
export function flushLogs(): void {
  try {
    destination?.flushSync();
  } catch {
    // Nothing buffered yet, or stdout is gone: nothing more can be done.
  }
}
