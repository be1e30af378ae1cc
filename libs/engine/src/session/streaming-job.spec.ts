import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { changelogOf, streamingHarness } from '../testing/streaming-harness';
import type { Row } from '../types/values';

const DDL = `CREATE TABLE ev (ts TIMESTAMP(3), k STRING, v INT, WATERMARK FOR ts AS ts - INTERVAL '2' SECOND) WITH ('connector' = 'test')`;

const QUERIES: Record<string, string> = {
  tumble: `SELECT window_start, k, COUNT(*) AS n, SUM(v) AS s, MAX(v) AS m FROM TABLE(TUMBLE(TABLE ev, DESCRIPTOR(ts), INTERVAL '5' SECOND)) GROUP BY window_start, window_end, k`,
  hop: `SELECT window_end, COUNT(*) AS n, MIN(v) AS lo FROM TABLE(HOP(TABLE ev, DESCRIPTOR(ts), INTERVAL '2' SECOND, INTERVAL '6' SECOND)) GROUP BY window_start, window_end`,
  cumulate: `SELECT window_start, window_end, SUM(v) AS s FROM TABLE(CUMULATE(TABLE ev, DESCRIPTOR(ts), INTERVAL '2' SECOND, INTERVAL '8' SECOND)) GROUP BY window_start, window_end`,
  session: `SELECT window_start, window_end, k, COUNT(*) AS n FROM TABLE(SESSION(TABLE ev PARTITION BY k, DESCRIPTOR(ts), INTERVAL '3' SECOND)) GROUP BY k, window_start, window_end`,
  changelog: `SELECT k, COUNT(*) AS n, SUM(v) AS s, MAX(v) AS m FROM ev GROUP BY k`,
};

/** Events with timestamps that mostly move forward but jump back by up to 4 s (some become late). */
const events = fc.array(fc.record({ dt: fc.integer({ min: -4000, max: 3000 }), k: fc.constantFrom('a', 'b', 'c'), v: fc.integer({ min: -50, max: 50 }) }), { minLength: 1, maxLength: 60 });

function rowsOf(input: { dt: number; k: string; v: number }[]): Row[] {
  let t = Date.UTC(2024, 0, 1);
  return input.map((e) => {
    t = Math.max(Date.UTC(2024, 0, 1), t + e.dt);
    return [t, e.k, e.v];
  });
}

describe('StreamingJob checkpoints', () => {
  for (const [name, query] of Object.entries(QUERIES)) {
    it(`restoring a snapshot in a fresh job continues exactly like an uninterrupted run (${name})`, () => {
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
          const bytes = first.job.snapshot();
          const second = harness.start();
          second.job.restore(bytes);
          rows.slice(cut).forEach((r) => second.job.push(0, r));
          second.job.endSource(0);
          expect([...changelogOf(first.out), ...changelogOf(second.out)]).toEqual(changelogOf(whole.out));
        }),
        { numRuns: 300 },
      );
    });
  }
});

const TWO_TABLES = `${DDL};
CREATE TABLE ev2 (ts TIMESTAMP(3), k STRING, v INT, WATERMARK FOR ts AS ts - INTERVAL '1' SECOND) WITH ('connector' = 'test')`;

const JOINS: Record<string, string> = {
  'interval inner': `SELECT a.k, a.v, b.v AS w FROM ev a JOIN ev2 b ON a.k = b.k AND a.ts BETWEEN b.ts - INTERVAL '2' SECOND AND b.ts + INTERVAL '1' SECOND`,
  'interval full outer': `SELECT a.v, b.v AS w FROM ev a FULL JOIN ev2 b ON a.k = b.k AND a.ts BETWEEN b.ts - INTERVAL '1' SECOND AND b.ts`,
  'regular left': `SELECT a.k, a.v, b.v AS w FROM ev a LEFT JOIN ev2 b ON a.k = b.k AND a.v < b.v`,
};

describe('StreamingJob checkpoints with two inputs', () => {
  for (const [name, query] of Object.entries(JOINS)) {
    it(`restores a ${name} join mid-stream exactly`, () => {
      const harness = streamingHarness(TWO_TABLES, query);
      fc.assert(
        fc.property(events, fc.array(fc.boolean(), { minLength: 60, maxLength: 60 }), fc.nat(), (input, sides, cutSeed) => {
          const rows = rowsOf(input);
          const cut = cutSeed % (rows.length + 1);
          const feed = (job: ReturnType<typeof harness.start>['job'], from: number, to: number) => {
            for (let i = from; i < to; i++) job.push(sides[i] ? 1 : 0, rows[i]);
          };
          const whole = harness.start();
          feed(whole.job, 0, rows.length);
          whole.job.endSource(0);
          whole.job.endSource(1);
          const first = harness.start();
          feed(first.job, 0, cut);
          const second = harness.start();
          second.job.restore(first.job.snapshot());
          feed(second.job, cut, rows.length);
          second.job.endSource(0);
          second.job.endSource(1);
          expect([...changelogOf(first.out), ...changelogOf(second.out)]).toEqual(changelogOf(whole.out));
        }),
        { numRuns: 200 },
      );
    });
  }

  it('frees interval join rows once no future row can match them', () => {
    const { start } = streamingHarness(TWO_TABLES, JOINS['interval inner']);
    const { job } = start();
    const t0 = Date.UTC(2024, 0, 1);
    for (let i = 0; i < 1000; i++) {
      job.push(0, [t0 + i * 1000, 'k', i]);
      job.push(1, [t0 + i * 1000, 'k', i]);
    }
    expect(job.stateSize).toBeLessThanOrEqual(10);
  });
});

describe('per-partition watermarks', () => {
  it('hold windows back until every partition has progressed, unless a partition is idle', () => {
    const { start } = streamingHarness(DDL, QUERIES.tumble);
    const { job, out } = start();
    job.setPartitions(0, 2);
    const t0 = Date.UTC(2024, 0, 1);
    for (let i = 0; i < 20; i++) job.push(0, [t0 + i * 1000, 'a', 1], 0);
    expect(out.rows).toHaveLength(0); // partition 1 has said nothing: its watermark is -infinity
    job.push(0, [t0 + 19_000, 'b', 1], 1);
    expect(out.rows.length).toBeGreaterThan(0); // min(19 s, 19 s) - 2 s fires the early windows
    const fired = out.rows.length;
    for (let i = 20; i < 40; i++) job.push(0, [t0 + i * 1000, 'a', 1], 0);
    expect(out.rows).toHaveLength(fired); // partition 1 holds the watermark at 17 s
    job.markIdle(0, 1);
    expect(out.rows.length).toBeGreaterThan(fired); // idle partitions no longer count
  });
});

describe('StreamingJob state size', () => {
  it('frees the state of windows the watermark has passed', () => {
    const { start } = streamingHarness(DDL, QUERIES.tumble);
    const { job, out } = start();
    const t0 = Date.UTC(2024, 0, 1);
    for (let i = 0; i < 1000; i++) job.push(0, [t0 + i * 1000, `k${i % 7}`, i]);
    // Windows are 5 s and the watermark trails by 2 s: only the open windows' groups remain.
    expect(job.stateSize).toBeLessThanOrEqual(2 * 7);
    expect(out.rows.length).toBeGreaterThan(1000 / 5 - 2);
    job.endSource(0);
    expect(job.stateSize).toBe(0);
  });

  it('frees closed sessions', () => {
    const { start } = streamingHarness(DDL, QUERIES.session);
    const { job } = start();
    const t0 = Date.UTC(2024, 0, 1);
    for (let i = 0; i < 500; i++) job.push(0, [t0 + i * 10_000, 'a', i]);
    expect(job.stateSize).toBeLessThanOrEqual(2);
  });

  it('counts late rows it drops', () => {
    const { start } = streamingHarness(DDL, QUERIES.tumble);
    const { job } = start();
    const t0 = Date.UTC(2024, 0, 1);
    job.push(0, [t0 + 20_000, 'a', 1]);
    job.push(0, [t0 + 1_000, 'a', 1]);
    expect(job.lateRowsDropped).toBe(1);
  });
});
