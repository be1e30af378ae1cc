// Output counts of each query on the first 1M events against the hand-written reference.
import { compileStreamingQuery, type RowSink } from '@sluice/engine';
import { BID_DDL, bigintTable, generateBids } from './bid-workload';
import { STREAMING_QUERIES, referenceCount } from './queries';

const n = Number(process.argv[2] ?? 1_000_000);
const cols = generateBids(n);
const auctions = bigintTable(10_000);
const bidders = bigintTable(100_000);
const first = [cols.auction[0], cols.bidder[0], cols.price[0]];
if (first.join() !== '956,93290,127.04') throw new Error(`generator drifted: first event is ${first.join()}`);
const results: Record<string, { engine: number; reference: number; ok: boolean }> = {};
for (const [query, spec] of Object.entries(STREAMING_QUERIES)) {
  let count = 0;
  const sink: RowSink = { push: () => void count++, watermark: () => undefined, end: () => undefined };
  const job = compileStreamingQuery({ ddl: BID_DDL, query: spec.sql }).start(sink);
  for (let i = 0; i < n; i++) {
    const row = [auctions[cols.auction[i]], bidders[cols.bidder[i]], cols.price[i], i];
    job.push(0, row);
    if (spec.sources === 2) job.push(1, row);
  }
  for (let s = 0; s < spec.sources; s++) job.endSource(s);
  const reference = referenceCount(query, cols, n);
  results[query] = { engine: count, reference, ok: count === reference };
}
process.stdout.write(JSON.stringify(results) + '\n');
