import { describe, expect, it } from 'vitest';
import { referenceMatch } from '../../../testing/match-recognize-reference';
import { streamingHarness } from '../../../testing/streaming-harness';
import type { Row } from '../../../types/values';
import type { MatchContext } from './expr/match-context';
import type { PatternNode, SkipSpec } from './match-spec';

/**
 * The two queries of bench/match-recognize on the benchmark's Bid workload (mulberry32 seeded
 * with 42, auction = u % 10000 ...), run through the streaming engine and through the
 * backtracking reference matcher, partition by partition. The benchmark checks 1M events
 * against hand-written references; this checks the general oracle on a slice.
 */
const EVENTS = 60_000;
const DDL = `CREATE TABLE Bid (auction BIGINT, bidder BIGINT, price DOUBLE, ts TIMESTAMP(3), WATERMARK FOR ts AS ts) WITH ('connector' = 'test')`;

function bids(n: number): Row[] {
  let a = 42 >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  };
  return Array.from({ length: n }, (_, i) => [BigInt(next() % 10000), BigInt(next() % 100000), (next() % 100000) / 100, i]);
}

const price = (row: Row | undefined) => row?.[2] as number;
const A = Uint8Array.of(1, 0, 0);

const QUERIES: { name: string; sql: string; pattern: PatternNode; skip: SkipSpec; withinMs?: number; defines: (((ctx: MatchContext) => boolean) | undefined)[] }[] = [
  {
    name: '(c) A X*? B WITHIN 5 s, SKIP TO NEXT ROW',
    sql: `SELECT * FROM Bid MATCH_RECOGNIZE (PARTITION BY auction ORDER BY ts MEASURES A.price AS p AFTER MATCH SKIP TO NEXT ROW
          PATTERN (A X*? B) WITHIN INTERVAL '5' SECOND DEFINE A AS A.price > 900, B AS B.price > A.price)`,
    pattern: { kind: 'seq', items: [{ kind: 'var', v: 0 }, { kind: 'quant', body: { kind: 'var', v: 1 }, min: 0, max: Infinity, reluctant: true }, { kind: 'var', v: 2 }] },
    skip: { kind: 'toNextRow' },
    withinMs: 5000,
    defines: [(ctx) => price(ctx.currentRow) > 900, undefined, (ctx) => price(ctx.currentRow) > price(ctx.rowAt(ctx.locate(A, true, 0, false)))],
  },
  {
    name: '(d) A B+ C, SKIP PAST LAST ROW',
    sql: `SELECT * FROM Bid MATCH_RECOGNIZE (PARTITION BY auction ORDER BY ts MEASURES A.price AS p AFTER MATCH SKIP PAST LAST ROW
          PATTERN (A B+ C) DEFINE B AS B.price > PREV(B.price), C AS C.price < PREV(C.price))`,
    pattern: { kind: 'seq', items: [{ kind: 'var', v: 0 }, { kind: 'quant', body: { kind: 'var', v: 1 }, min: 1, max: Infinity, reluctant: false }, { kind: 'var', v: 2 }] },
    skip: { kind: 'pastLastRow' },
    defines: [undefined, (ctx) => price(ctx.currentRow) > price(ctx.rowAt(ctx.currentPos - 1)), (ctx) => price(ctx.currentRow) < price(ctx.rowAt(ctx.currentPos - 1))],
  },
];

describe('MATCH_RECOGNIZE on the Bid workload', () => {
  const rows = bids(EVENTS);
  for (const q of QUERIES) {
    it(`finds the matches the reference matcher finds: ${q.name}`, () => {
      const { job, out } = streamingHarness(DDL, q.sql).start();
      rows.forEach((r) => job.push(0, r));
      job.endSource(0);
      const byAuction = new Map<bigint, Row[]>();
      for (const r of rows) byAuction.set(r[0] as bigint, [...(byAuction.get(r[0] as bigint) ?? []), r]);
      let expected = 0;
      for (const partition of byAuction.values()) {
        const result = referenceMatch(partition, { ...q, variableCount: 3, timeOf: (r) => r[3] as number, rowsPerMatch: 'one' });
        expected += result.events.length;
      }
      expect(expected).toBeGreaterThan(0);
      expect(out.rows.length).toBe(expected);
    }, 120_000);
  }
});
