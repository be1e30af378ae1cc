import { compileStreamingQuery } from '@sluice/engine';
import { compileMatchProgram } from '../../libs/engine/src/exec/streaming/match-recognize/match-program';
import { PartitionMatcher } from '../../libs/engine/src/exec/streaming/match-recognize/partition-matcher';
import { BID_DDL, bigintTable, generateBids } from '../engine-streaming/bid-workload';
import { MATCH_QUERIES } from './queries';
const q = process.argv[2];
const parts = Number(process.argv[3] ?? 1);
const plan = compileStreamingQuery({ ddl: BID_DDL, query: MATCH_QUERIES[q] }).plan as any;
let node = plan; while (node.kind !== 'matchRecognize') node = node.input;
const program = compileMatchProgram(node.spec);
const n = 2_000_000;
const cols = generateBids(n);
const auctions = bigintTable(10_000);
let out = 0;
const emit = () => void out++;
const ms = Array.from({ length: parts }, () => new PartitionMatcher(program, [0], emit));
const rows = Array.from({ length: n }, (_, i) => [auctions[cols.auction[i]], auctions[0], cols.price[i], i]);
for (let r = 0; r < 2; r++) {
  out = 0;
  const c0 = process.cpuUsage();
  for (let i = 0; i < n; i++) ms[cols.auction[i] % parts].push(rows[i], i);
  const c = process.cpuUsage(c0);
  console.log(JSON.stringify({ q, parts, nsPerEvent: Math.round(((c.user + c.system) * 1000) / n), out }));
}
