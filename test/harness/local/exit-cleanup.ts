/**
 * Last-resort cleanup when this process exits, or gets SIGINT, SIGTERM or SIGHUP, before the
 * normal stop path ran: a test run must never leave a database or a temp dir behind. Entries
 * are synchronous (nothing async runs in an 'exit' handler); kills run before removals.
 */
type Phase = 'kill' | 'remove';

const entries = new Map<string, { phase: Phase; run: () => void }>();
let hooksInstalled = false;

function runAll(): void {
  const all = [...entries.values()];
  entries.clear();
  for (const phase of ['kill', 'remove'] as const) {
    for (const entry of all.filter((candidate) => candidate.phase === phase)) {
      try {
        entry.run();
      } catch {
        // best effort while exiting
      }
    }
  }
}

function onSignal(signal: NodeJS.Signals): void {
  runAll();
  // Listening replaced Node's default "terminate". If nobody else (vitest) handles the signal,
  // stop listening and re-raise it so the process still dies of it.
  if (process.listeners(signal).every((listener) => listener === onSignal)) {
    process.removeListener(signal, onSignal);
    process.kill(process.pid, signal);
  }
}

function installHooks(): void {
  if (hooksInstalled) return;
  hooksInstalled = true;
  // Prepended: vitest's own SIGINT/SIGTERM/exit listener calls process.exit() from inside the
  // 'exit' event, which ends the process before any listener registered after it runs.
  process.prependListener('exit', runAll);
  // Kept (not once): if another listener lets the process live on, later services are covered too.
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.prependListener(signal, onSignal);
}

/** Runs `cleanup` at exit unless cancelled first; a later call with the same key replaces it. */
export function atExit(key: string, phase: Phase, cleanup: () => void): void {
  installHooks();
  entries.set(key, { phase, run: cleanup });
}

export function cancelAtExit(key: string): void {
  entries.delete(key);
}
