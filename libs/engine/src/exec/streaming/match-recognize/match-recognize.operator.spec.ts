import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { changelogOf, streamingHarness } from '../../../testing/streaming-harness';
import type { Row } from '../../../types/values';
import { MatchRecognizeOperator } from './match-recognize.operator';

const DDL = `CREATE TABLE ev (ts TIMESTAMP(3), k STRING, v INT, WATERMARK FOR ts AS ts - INTERVAL '2' SECOND) WITH ('connector' = 'test')`;

/** One query per feature the operator keeps state for. */
const QUERIES: Record<string, string> = {
  'greedy rises, skip past last row': `SELECT * FROM ev MATCH_RECOGNIZE (PARTITION BY k ORDER BY ts
      MEASURES FIRST(A.v) AS a, LAST(B.v) AS top, COUNT(B.*) AS n, C.v AS c
      PATTERN (A B+ C) DEFINE B AS B.v > PREV(B.v), C AS C.v < PREV(C.v))`,
  'reluctant, WITHIN, skip to next row': `SELECT * FROM ev MATCH_RECOGNIZE (PARTITION BY k ORDER BY ts
      MEASURES A.v AS a, B.v AS b, MATCH_NUMBER() AS n AFTER MATCH SKIP TO NEXT ROW
      PATTERN (A X*? B) WITHIN INTERVAL '5' SECOND DEFINE A AS A.v > 0, B AS B.v > A.v)`,
  'all rows, unmatched rows, NEXT': `SELECT * FROM ev MATCH_RECOGNIZE (PARTITION BY k ORDER BY ts
      MEASURES CLASSIFIER() AS cls, NEXT(v) AS nxt, FINAL SUM(v) AS total ALL ROWS PER MATCH WITH UNMATCHED ROWS
      PATTERN (A{2} B?) DEFINE A AS A.v >= 0, B AS B.v < 0)`,
  'alternation, skip to last': `SELECT * FROM ev MATCH_RECOGNIZE (PARTITION BY k ORDER BY ts
      MEASURES CLASSIFIER() AS cls, LAST(U.v) AS u AFTER MATCH SKIP TO LAST U
      PATTERN (S (L | H)+ E) SUBSET U = (L, H) DEFINE L AS L.v < S.v, H AS H.v > S.v, E AS E.v = S.v)`,
};

const events = fc.array(fc.record({ dt: fc.integer({ min: -3000, max: 3000 }), k: fc.constantFrom('a', 'b'), v: fc.integer({ min: -5, max: 5 }) }), { minLength: 1, maxLength: 60 });

function rowsOf(input: { dt: number; k: string; v: number }[]): Row[] {
  let t = Date.UTC(2024, 0, 1);
  return input.map((e) => {
    t = Math.max(Date.UTC(2024, 0, 1), t + e.dt);
    return [t, e.k, e.v];
  });
}

describe(MatchRecognizeOperator.name, () => {
  for (const [name, query] of Object.entries(QUERIES)) {
    it(`continues after a snapshot restored in a fresh job exactly like an uninterrupted run (${name})`, () => {
      const harness = streamingHarness(DDL, query);
      fc.assert(
        fc.property(events, fc.nat(), (input, cutSeed) => {
          const rows = rowsOf(input);
          const cut = cutSeed % (rows.length + 1);
          const whole = harness.start();
          rows.forEach((r) => whole.job.push(0, r));
          whole.job.endSource(0);

          const first = harness.start();
          rows.slice(0, cut).forEach((r) => first.job.push(0, r));
          const second = harness.start();
          second.job.restore(first.job.snapshot());
          rows.slice(cut).forEach((r) => second.job.push(0, r));
          second.job.endSource(0);
          expect([...changelogOf(first.out), ...changelogOf(second.out)]).toEqual(changelogOf(whole.out));
        }),
        { numRuns: 300 },
      );
    }, 120_000);
  }

  it('frees partial matches once the watermark passes their WITHIN interval', () => {
    const { job, out } = streamingHarness(DDL, QUERIES['reluctant, WITHIN, skip to next row']).start();
    const t0 = Date.UTC(2024, 0, 1);
    // Every row of key 'a' opens a partial match (v > 0) that no later row completes.
    for (let i = 0; i < 50; i++) job.push(0, [t0 + i * 100, 'a', 5]);
    expect(job.stateSize).toBeGreaterThan(40);
    // 5 s after the last start plus the 2 s watermark delay, everything has expired.
    job.push(0, [t0 + 13_000, 'b', -1]);
    expect(job.stateSize).toBe(1);
    expect(out.rows).toEqual([]);
  });

  it('forgets partitions that have nothing left and counts rows behind the watermark as late', () => {
    const { job } = streamingHarness(DDL, QUERIES['reluctant, WITHIN, skip to next row']).start();
    const t0 = Date.UTC(2024, 0, 1);
    for (let i = 0; i < 1000; i++) job.push(0, [t0 + i * 10_000, `key${i}`, -1]);
    expect(job.stateSize).toBe(1);
    job.push(0, [t0, 'late', 1]);
    expect(job.lateRowsDropped).toBe(1);
  });
});
