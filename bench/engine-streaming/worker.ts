// One fresh process per measurement: warm up on 3M events, then time 5M more of the same stream.
import { compileStreamingQuery, type RowSink } from '@sluice/engine';
import { BID_DDL, bigintTable, generateBids } from './bid-workload';
import { STREAMING_QUERIES } from './queries';

const [query, warmupArg, timedArg] = process.argv.slice(2);
const warmup = Number(warmupArg ?? 3_000_000);
const timed = Number(timedArg ?? 5_000_000);
const spec = STREAMING_QUERIES[query];
const cols = generateBids(warmup + timed);
const auctions = bigintTable(10_000);
const bidders = bigintTable(100_000);
let outputRows = 0;
const sink: RowSink = { push: () => void outputRows++, watermark: () => undefined, end: () => undefined };
const job = compileStreamingQuery({ ddl: BID_DDL, query: spec.sql }).start(sink);

function feed(from: number, to: number): void {
  const { auction, bidder, price } = cols;
  for (let i = from; i < to; i++) {
    const row = [auctions[auction[i]], bidders[bidder[i]], price[i], i];
    job.push(0, row);
    if (spec.sources === 2) job.push(1, row);
  }
}

feed(0, warmup);
const before = outputRows;
const start = process.hrtime.bigint();
feed(warmup, warmup + timed);
const seconds = Number(process.hrtime.bigint() - start) / 1e9;
process.stdout.write(JSON.stringify({ query, events: timed, seconds, eventsPerSecond: timed / seconds, outputRows: outputRows - before }) + '\n');
