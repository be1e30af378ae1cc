import type { BufferNode } from '../shared-buffer/buffer-node';

/**
 * One run of the automaton (Flink's ComputationState): the state waiting for the next row, the
 * counters of the counted loops it is inside (shared copy-on-write, null without counted loops)
 * and the newest node of its partial match in the shared buffer.
 */
export class Thread {
  constructor(
    readonly state: number,
    readonly counters: readonly number[] | null,
    readonly node: BufferNode | null,
    /** Only for a thread waiting at `$`: the optional-iteration bits of the closure it stopped in. */
    readonly optional = 0,
  ) {}
}

/** The thread list of an attempt that has none (shared, frozen: nothing may be added to it). */
export const NO_THREADS: Thread[] = Object.freeze([]) as unknown as Thread[];

/**
 * The partial matches that start at one row (one "attempt" of SQL:2016's matching loop), in
 * preferment order, plus the most preferred complete match found so far. The attempt is decided
 * when no thread is left: its candidate (if any) is the match that starts at `start`.
 */
export class Attempt {
  threads: Thread[] = NO_THREADS;
  hasCandidate = false;
  /** Last node of the best match so far; null for an empty match. */
  candidate: BufferNode | null = null;
  /** WITHIN ran out: only threads waiting for the end of the partition (`$`) are left. */
  isExpired = false;

  constructor(
    public start: number,
    public startTs: number,
  ) {}

  /** Makes a finished attempt (one that never got into the list) start over at `start`. */
  reset(start: number, startTs: number): void {
    this.start = start;
    this.startTs = startTs;
    this.threads = NO_THREADS;
    this.hasCandidate = false;
    this.candidate = null;
    this.isExpired = false;
  }

  get isLive(): boolean {
    return this.threads.length > 0;
  }
}

export function sameCounters(a: readonly number[] | null, b: readonly number[] | null): boolean {
  if (a === b) return true;
  if (a === null || b === null || a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
