// Match counts of both queries on the first N events (default 1M), engine vs hand-written reference.
import { compileStreamingQuery, type RowSink } from '@sluice/engine';
import { BID_DDL, bigintTable, generateBids } from '../engine-streaming/bid-workload';
import { MATCH_QUERIES, referenceCount } from './queries';

const n = Number(process.argv[2] ?? 1_000_000);
const cols = generateBids(n);
const first = [cols.auction[0], cols.bidder[0], cols.price[0]];
if (first.join() !== '956,93290,127.04') throw new Error(`generator drifted: first event is ${first.join()}`);
const auctions = bigintTable(10_000);
const bidders = bigintTable(100_000);
const results: Record<string, { engine: number; reference: number; ok: boolean }> = {};
for (const [query, sql] of Object.entries(MATCH_QUERIES)) {
  let engine = 0;
  const sink: RowSink = { push: () => void engine++, watermark: () => undefined, end: () => undefined };
  const job = compileStreamingQuery({ ddl: BID_DDL, query: sql }).start(sink);
  for (let i = 0; i < n; i++) job.push(0, [auctions[cols.auction[i]], bidders[cols.bidder[i]], cols.price[i], i]);
  job.endSource(0);
  const reference = referenceCount(query, cols, n);
  results[query] = { engine, reference, ok: engine === reference };
}
process.stdout.write(JSON.stringify(results) + '\n');
