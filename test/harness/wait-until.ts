import { setTimeout as delay } from 'node:timers/promises';

export interface WaitOptions {
  readonly timeoutMs: number;
  readonly intervalMs?: number;
  /** Names what was awaited in the timeout error. */
  readonly description: string;
  /** Stops waiting early with this error, e.g. when the process being polled has exited. */
  readonly abortIf?: () => Error | undefined;
}

/**
 * Polls `check` until it returns true. Used for readiness of started services and for
 * conditions in tests; a deadline turns a hang into a clear failure, it is never the assertion.
 */
export async function waitUntil(
  check: () => boolean | Promise<boolean>,
  options: WaitOptions,
): Promise<void> {
  const deadline = Date.now() + options.timeoutMs;
  const interval = options.intervalMs ?? 50;
  for (;;) {
    const abort = options.abortIf?.();
    if (abort) throw abort;
    if (await check()) return;
    if (Date.now() > deadline)
      throw new Error(`timed out after ${options.timeoutMs} ms waiting for ${options.description}`);
    await delay(interval);
  }
}
