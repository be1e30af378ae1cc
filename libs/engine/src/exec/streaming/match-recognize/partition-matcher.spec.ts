import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Row } from '../../../types/values';
import { referenceMatch, type ReferenceEvent } from '../../../testing/match-recognize-reference';
import { ALL_KINDS, buildProgram, condition, eventOf, scenarioArb, VARIABLES, type Scenario } from '../../../testing/match-recognize-scenarios';
import { PartitionMatcher } from './partition-matcher';
import { restorePartition, snapshotPartition } from './state/partition-state-codec';

interface Outcome {
  events: ReferenceEvent[];
  error?: string;
}

/** Feeds the rows as a stream would: one at a time, WITHIN timers after each row, then the end. */
function runNfa(s: Scenario, o: { sequential?: boolean; cutAt?: number } = {}): Outcome {
  const program = buildProgram(s, o.sequential ?? false);
  const events: ReferenceEvent[] = [];
  const emit = (row: Row) => events.push(eventOf(row));
  let m = new PartitionMatcher(program, [], emit);
  try {
    s.rows.forEach((row, i) => {
      if (i === o.cutAt) {
        // Checkpoint through JSON, restore into a fresh matcher, carry on.
        const state = JSON.parse(JSON.stringify(snapshotPartition(m)));
        m = new PartitionMatcher(program, [], emit);
        restorePartition(m, state);
      }
      m.push(row, row[2] as number);
      m.expire(row[2] as number);
    });
    m.finish();
  } catch (error) {
    return { events, error: (error as Error).message };
  }
  return { events };
}

function runReference(s: Scenario): Outcome {
  const result = referenceMatch(s.rows, {
    pattern: s.pattern,
    variableCount: VARIABLES.length,
    defines: s.conditions.map((c, v) => condition(c, v)),
    skip: s.skip,
    withinMs: s.withinMs,
    timeOf: (row) => row[2] as number,
    rowsPerMatch: s.rowsPerMatch,
  });
  return { events: result.events, error: result.error };
}

/** Same matches and unmatched rows; on an AFTER MATCH SKIP exception both fail, with the same output before it. */
function expectSameOutcome(nfa: Outcome, reference: Outcome): void {
  if (reference.error === undefined) {
    expect(nfa.error).toBeUndefined();
    expect(nfa.events).toEqual(reference.events);
    return;
  }
  expect(nfa.error).toContain(reference.error);
  expect(reference.events.slice(0, nfa.events.length)).toEqual(nfa.events);
}

// Property runs take a few seconds; the timeouts only guard against a hang on a busy machine.
describe(PartitionMatcher.name, () => {
  it('finds exactly the matches of the backtracking reference on random patterns, conditions, skips and WITHIN', () => {
    fc.assert(
      fc.property(scenarioArb(ALL_KINDS), (s) => expectSameOutcome(runNfa(s), runReference(s))),
      { numRuns: 4000 },
    );
  }, 120_000);

  it('agrees with the reference when conditions only read the current and previous row (deduplicated threads)', () => {
    fc.assert(
      fc.property(scenarioArb(['any', 'eq', 'lt', 'ne', 'up']), (s) => expectSameOutcome(runNfa(s), runReference(s))),
      { numRuns: 2000 },
    );
  }, 120_000);

  it('runs one attempt at a time with MATCH_NUMBER() in DEFINE and still agrees with the reference', () => {
    fc.assert(
      fc.property(scenarioArb([...ALL_KINDS, 'matchNumberParity']), (s) => expectSameOutcome(runNfa(s, { sequential: true }), runReference(s))),
      { numRuns: 1500 },
    );
  }, 120_000);

  it('continues after a snapshot/restore at any row exactly as without it', () => {
    fc.assert(
      fc.property(scenarioArb(ALL_KINDS), fc.nat(12), (s, cut) => {
        expect(runNfa(s, { cutAt: cut })).toEqual(runNfa(s));
      }),
      { numRuns: 1500 },
    );
  }, 120_000);

  it('prefers the leftmost start, then greedy longer and reluctant shorter repetitions', () => {
    const rows: Row[] = [5, 1, 1, 1, 7].map((v, i) => [i, v, i]);
    const base = { conditions: [{ kind: 'any', k: 0, other: 0 }, { kind: 'eq', k: 1, other: 0 }, { kind: 'any', k: 0, other: 0 }] as const, skip: { kind: 'pastLastRow' } as const, rowsPerMatch: 'one' as const, rows };
    const greedy = runNfa({ ...base, pattern: { kind: 'seq', items: [{ kind: 'var', v: 0 }, { kind: 'quant', body: { kind: 'var', v: 1 }, min: 0, max: Infinity, reluctant: false }, { kind: 'var', v: 2 }] } });
    const reluctant = runNfa({ ...base, pattern: { kind: 'seq', items: [{ kind: 'var', v: 0 }, { kind: 'quant', body: { kind: 'var', v: 1 }, min: 0, max: Infinity, reluctant: true }, { kind: 'var', v: 2 }] } });
    expect(greedy.events.map((e) => (e.kind === 'match' ? e.positions : []))).toEqual([[0, 1, 2, 3, 4]]);
    expect(reluctant.events.map((e) => (e.kind === 'match' ? e.positions : []))).toEqual([[0, 1], [2, 3]]);
  });
});
