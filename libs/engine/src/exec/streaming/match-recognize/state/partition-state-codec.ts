import type { PartitionMatcher, PendingOutput } from '../partition-matcher';
import { Attempt, NO_THREADS, Thread } from '../nfa/thread';
import { BufferNode } from '../shared-buffer/buffer-node';

/**
 * Snapshot of one partition's matching state (Flink's NFAStateSerializer + SharedBuffer state):
 * kept rows, attempts with their threads and candidates, pending output. Buffer nodes are written
 * once into a table and referenced by index, so partial matches still share them after a restore.
 */
interface PartitionSnapshot {
  rows: unknown;
  nextStart: number;
  matchNumber: number;
  coveredUpTo: number;
  finished: boolean;
  /** [pos, variable, excluded, prev index or -1] in creation order. */
  nodes: [number, number, number, number][];
  /** [start, startTs, expired, hasCandidate, candidate index, threads: [state, counters, node index, optional bits]]. */
  attempts: [number, number, boolean, boolean, number, [number, number[] | null, number, number][]][];
  /** [is a match, node index, match number, start, last]. */
  pending: [boolean, number, number, number, number][];
}

export function snapshotPartition(m: PartitionMatcher): PartitionSnapshot {
  const ids = new Map<BufferNode, number>();
  const nodes: PartitionSnapshot['nodes'] = [];
  const idOf = (node: BufferNode | null): number => {
    const fresh: BufferNode[] = [];
    for (let n = node; n !== null && !ids.has(n); n = n.prev) fresh.push(n);
    for (let i = fresh.length - 1; i >= 0; i--) {
      const n = fresh[i];
      ids.set(n, nodes.length);
      nodes.push([n.pos, n.variable, n.excluded ? 1 : 0, n.prev ? ids.get(n.prev)! : -1]);
    }
    return node === null ? -1 : ids.get(node)!;
  };
  const attempts = m.attempts.map((a): PartitionSnapshot['attempts'][number] => [
    a.start,
    a.startTs,
    a.isExpired,
    a.hasCandidate,
    idOf(a.candidate),
    a.threads.map((t): [number, number[] | null, number, number] => [t.state, t.counters ? [...t.counters] : null, idOf(t.node), t.optional]),
  ]);
  const pending = (m.pending ?? []).map((o): PartitionSnapshot['pending'][number] => [o.isMatch, idOf(o.node), o.matchNumber, o.start, o.last]);
  return { rows: m.rows.snapshot(), nextStart: m.nextStart, matchNumber: m.matchNumber, coveredUpTo: m.coveredUpTo, finished: m.isFinished, nodes, attempts, pending };
}

export function restorePartition(m: PartitionMatcher, state: unknown): void {
  const s = state as PartitionSnapshot;
  const nodes: BufferNode[] = [];
  for (const [pos, variable, excluded, prev] of s.nodes) {
    const before = prev < 0 ? null : nodes[prev];
    nodes.push(new BufferNode(pos, variable, excluded === 1, before, before ? before.length + 1 : 1));
  }
  const node = (id: number) => (id < 0 ? null : nodes[id]);
  m.rows.restore(s.rows);
  m.nextStart = s.nextStart;
  m.matchNumber = s.matchNumber;
  m.coveredUpTo = s.coveredUpTo;
  m.isFinished = s.finished;
  m.attempts = s.attempts.map(([start, startTs, expired, hasCandidate, candidate, threads]) => {
    const a = new Attempt(start, startTs);
    a.isExpired = expired;
    a.hasCandidate = hasCandidate;
    a.candidate = node(candidate);
    a.threads = threads.length > 0 ? threads.map(([state, counters, id, optional]) => new Thread(state, counters, node(id), optional)) : NO_THREADS;
    return a;
  });
  const pending = s.pending.map(([isMatch, id, matchNumber, start, last]): PendingOutput => ({ isMatch, node: node(id), matchNumber, start, last }));
  m.pending = pending.length > 0 ? pending : null;
}
