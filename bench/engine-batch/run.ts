/**
 * bench/engine-batch (issue 3): batch GROUP BY and hash join through the engine's public API,
 * against a hand-written JavaScript loop doing the same aggregation in the same process.
 *
 *   npm run bench -- engine-batch            (full size: 5M rows / 10k keys, join 1M x 100k)
 *   BENCH_SCALE=0.1 npm run bench -- engine-batch   (smaller, for a quick look)
 *
 * Prints the figures and writes bench/results/engine-batch.json. Not a test: nothing here fails
 * on speed; `withinTarget` records whether the engine is within 2x of the loop. BENCH_RUNS sets
 * the number of timed rounds (default 5).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { runQueryOnRows, type QueryResult, type RowsTable } from '@sluice/engine';

const SCALE = Number(process.env.BENCH_SCALE ?? '1');
const AGG_ROWS = Math.round(5_000_000 * SCALE);
const AGG_KEYS = 10_000;
const JOIN_PROBE_ROWS = Math.round(1_000_000 * SCALE);
const JOIN_BUILD_ROWS = Math.round(100_000 * SCALE);
const RUNS = Number(process.env.BENCH_RUNS ?? '5');
const TARGET_RATIO = 2;
const RESULT_FILE = join(__dirname, '../results/engine-batch.json');

/** Deterministic pseudo-random ints (xorshift32), so every run aggregates the same data. */
function randomInts(seed: number): () => number {
  let x = seed | 0 || 1;
  return () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return x >>> 0;
  };
}

function generateEvents(): RowsTable {
  const next = randomInts(42);
  const rows: unknown[][] = new Array(AGG_ROWS);
  for (let i = 0; i < AGG_ROWS; i++) rows[i] = [next() % AGG_KEYS, next() % 1000];
  return { name: 'events', columns: [{ name: 'k', type: 'INT' }, { name: 'v', type: 'INT' }], rows };
}

function generateJoinTables(): RowsTable[] {
  const next = randomInts(7);
  const customers: unknown[][] = new Array(JOIN_BUILD_ROWS);
  for (let i = 0; i < JOIN_BUILD_ROWS; i++) customers[i] = [i, `segment-${i % 10}`];
  const orders: unknown[][] = new Array(JOIN_PROBE_ROWS);
  for (let i = 0; i < JOIN_PROBE_ROWS; i++) orders[i] = [i, next() % JOIN_BUILD_ROWS, next() % 1000];
  return [
    { name: 'orders', columns: [{ name: 'id', type: 'INT' }, { name: 'customer_id', type: 'INT' }, { name: 'amount', type: 'INT' }], rows: orders },
    { name: 'customers', columns: [{ name: 'id', type: 'INT' }, { name: 'segment', type: 'STRING' }], rows: customers },
  ];
}

interface LoopGroup {
  count: number;
  sum: number;
  max: number;
}

/** What a developer would write by hand: one pass, a Map of per-key accumulators, then AVG. */
function handWrittenAggregate(rows: readonly unknown[][]): unknown[][] {
  const groups = new Map<number, LoopGroup>();
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i];
    const k = row[0] as number;
    const v = row[1] as number;
    let g = groups.get(k);
    if (g === undefined) {
      g = { count: 0, sum: 0, max: -Infinity };
      groups.set(k, g);
    }
    g.count++;
    g.sum += v;
    if (v > g.max) g.max = v;
  }
  const out: unknown[][] = [];
  for (const [k, g] of groups) out.push([k, g.count, g.sum, g.sum / g.count, g.max]);
  return out;
}

function handWrittenJoin(orders: readonly unknown[][], customers: readonly unknown[][]): unknown[][] {
  const byId = new Map<number, unknown[][]>();
  for (const c of customers) {
    const bucket = byId.get(c[0] as number);
    if (bucket) bucket.push(c);
    else byId.set(c[0] as number, [c]);
  }
  const out: unknown[][] = [];
  for (const o of orders) {
    const matches = byId.get(o[1] as number);
    if (matches) for (const c of matches) out.push([o[0], o[2], c[1]]);
  }
  return out;
}

interface Timed<T> {
  ms: number;
  value: T;
}

async function timed<T>(run: () => T | Promise<T>): Promise<Timed<T>> {
  const start = process.hrtime.bigint();
  const value = await run();
  return { ms: Number(process.hrtime.bigint() - start) / 1e6, value };
}

/**
 * Best wall time of each side over RUNS rounds, after one warm-up round. The engine and the
 * hand-written loop alternate within a round, so a noisy machine slows both alike.
 */
async function race<A, B>(engine: () => Promise<A>, loop: () => B): Promise<[Timed<A>, Timed<B>]> {
  await engine();
  loop();
  let bestEngine: Timed<A> | undefined;
  let bestLoop: Timed<B> | undefined;
  for (let i = 0; i < RUNS; i++) {
    const e = await timed(engine);
    const l = await timed(loop);
    if (!bestEngine || e.ms < bestEngine.ms) bestEngine = e;
    if (!bestLoop || l.ms < bestLoop.ms) bestLoop = l;
  }
  return [bestEngine!, bestLoop!];
}

function rowsPerSecond(rows: number, ms: number): number {
  return Math.round(rows / (ms / 1000));
}

function only(results: QueryResult[]): QueryResult {
  if (results.length !== 1) throw new Error(`expected one result, got ${results.length}`);
  return results[0];
}

/** The engine and the loop must agree, or the comparison means nothing. */
function checkSameAggregate(engine: QueryResult, loop: unknown[][]): void {
  if (engine.rows.length !== loop.length) throw new Error(`engine returned ${engine.rows.length} groups, the loop ${loop.length}`);
  const byKey = new Map(loop.map((r) => [r[0], r]));
  for (const r of engine.rows) {
    const l = byKey.get(r[0] as number);
    const same = l && Number(r[1]) === l[1] && Number(r[2]) === l[2] && Math.abs((r[3] as number) - (l[3] as number)) < 1e-9 && r[4] === l[4];
    if (!same) throw new Error(`group ${String(r[0])} differs: engine ${JSON.stringify(r, (_, v) => (typeof v === 'bigint' ? String(v) : v))} vs loop ${JSON.stringify(l)}`);
  }
}

async function main(): Promise<void> {
  console.log(`engine-batch: node ${process.version}, scale ${SCALE}, best of ${RUNS} alternating runs after a warm-up`);
  const events = generateEvents();
  const aggregateSql = 'SELECT k, COUNT(*) AS n, SUM(v) AS total, AVG(v) AS mean, MAX(v) AS top FROM events GROUP BY k';
  const [engineAgg, loopAgg] = await race(async () => only(await runQueryOnRows(aggregateSql, [events], { dialect: 'spark' })), () => handWrittenAggregate(events.rows));
  checkSameAggregate(engineAgg.value, loopAgg.value);

  const joinTables = generateJoinTables();
  const joinSql = 'SELECT o.id, o.amount, c.segment FROM orders o JOIN customers c ON o.customer_id = c.id';
  const [engineJoin, loopJoin] = await race(async () => only(await runQueryOnRows(joinSql, joinTables, { dialect: 'spark' })), () => handWrittenJoin(joinTables[0].rows, joinTables[1].rows));
  if (engineJoin.value.rows.length !== loopJoin.value.length) throw new Error(`join: engine ${engineJoin.value.rows.length} rows, loop ${loopJoin.value.length}`);

  const joinInput = JOIN_PROBE_ROWS + JOIN_BUILD_ROWS;
  const ratio = engineAgg.ms / loopAgg.ms;
  const result = {
    benchmark: 'engine-batch',
    date: new Date().toISOString(),
    node: process.version,
    runs: RUNS,
    groupBy: {
      query: aggregateSql,
      rows: AGG_ROWS,
      keys: AGG_KEYS,
      engineMs: Math.round(engineAgg.ms),
      engineRowsPerSec: rowsPerSecond(AGG_ROWS, engineAgg.ms),
      handWrittenMs: Math.round(loopAgg.ms),
      handWrittenRowsPerSec: rowsPerSecond(AGG_ROWS, loopAgg.ms),
      ratio: Number(ratio.toFixed(2)),
      targetRatio: TARGET_RATIO,
      withinTarget: ratio <= TARGET_RATIO,
    },
    hashJoin: {
      query: joinSql,
      probeRows: JOIN_PROBE_ROWS,
      buildRows: JOIN_BUILD_ROWS,
      outputRows: engineJoin.value.rows.length,
      engineMs: Math.round(engineJoin.ms),
      engineRowsPerSec: rowsPerSecond(joinInput, engineJoin.ms),
      handWrittenMs: Math.round(loopJoin.ms),
      handWrittenRowsPerSec: rowsPerSecond(joinInput, loopJoin.ms),
      ratio: Number((engineJoin.ms / loopJoin.ms).toFixed(2)),
    },
  };
  const g = result.groupBy;
  const j = result.hashJoin;
  console.log(`GROUP BY  ${g.rows} rows, ${g.keys} keys: engine ${g.engineMs} ms (${g.engineRowsPerSec.toLocaleString('en')} rows/s), hand-written ${g.handWrittenMs} ms (${g.handWrittenRowsPerSec.toLocaleString('en')} rows/s), ratio ${g.ratio}x (target <= ${TARGET_RATIO}x: ${g.withinTarget ? 'met' : 'NOT met'})`);
  console.log(`hash join ${j.probeRows} x ${j.buildRows} rows -> ${j.outputRows}: engine ${j.engineMs} ms (${j.engineRowsPerSec.toLocaleString('en')} input rows/s), hand-written ${j.handWrittenMs} ms, ratio ${j.ratio}x`);
  mkdirSync(dirname(RESULT_FILE), { recursive: true });
  writeFileSync(RESULT_FILE, JSON.stringify(result, null, 2) + '\n');
  console.log(`wrote ${RESULT_FILE}`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
