import { UnrecoverableError } from 'bullmq';

/**
 * Resolves as `work` does, or fails with UnrecoverableError at `deadlineMs`. The engine computes
 * synchronously between reads, so the deadline is noticed at the next await, not mid-computation.
 */
export async function withDeadline<T>(work: Promise<T>, deadlineMs: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new UnrecoverableError(message)), Math.max(0, deadlineMs - Date.now()));
  });
  try {
    return await Promise.race([work, deadline]);
  } finally {
    clearTimeout(timer);
  }
}
