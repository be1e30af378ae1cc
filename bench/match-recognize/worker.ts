// One fresh process per measurement: warm up on 3M events, then time 5M more of the same stream
// (the timing method of bench/engine-streaming: raw values generated before timing; the timed
// loop builds each row, pushes it through the compiled query and counts output rows).
import { compileStreamingQuery, type RowSink } from '@sluice/engine';
import { BID_DDL, bigintTable, generateBids } from '../engine-streaming/bid-workload';
import { MATCH_QUERIES } from './queries';

const [query, warmupArg, timedArg] = process.argv.slice(2);
const warmup = Number(warmupArg ?? 3_000_000);
const timed = Number(timedArg ?? 5_000_000);
const cols = generateBids(warmup + timed);
const auctions = bigintTable(10_000);
const bidders = bigintTable(100_000);
let matches = 0;
const sink: RowSink = { push: () => void matches++, watermark: () => undefined, end: () => undefined };
const job = compileStreamingQuery({ ddl: BID_DDL, query: MATCH_QUERIES[query] }).start(sink);

function feed(from: number, to: number): void {
  const { auction, bidder, price } = cols;
  for (let i = from; i < to; i++) job.push(0, [auctions[auction[i]], bidders[bidder[i]], price[i], i]);
}

feed(0, warmup);
const before = matches;
const start = process.hrtime.bigint();
const cpuStart = process.cpuUsage();
feed(warmup, warmup + timed);
const seconds = Number(process.hrtime.bigint() - start) / 1e9;
const cpu = process.cpuUsage(cpuStart);
// CPU time of this process too: on a shared machine it shows how much of the wall time was ours.
const cpuSeconds = (cpu.user + cpu.system) / 1e6;
process.stdout.write(JSON.stringify({ query, events: timed, seconds, eventsPerSecond: timed / seconds, cpuSeconds, matches: matches - before, stateSize: job.stateSize }) + '\n');
