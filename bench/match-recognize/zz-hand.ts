import { bigintTable, generateBids } from '../engine-streaming/bid-workload';
const n = 2_000_000;
const cols = generateBids(n);
const auctions = bigintTable(10_000);
interface S { prev: number[] | null; rows: number[][]; }
const m = new Map<number, S>();
let out = 0;
const c0 = process.cpuUsage();
const t0 = process.hrtime.bigint();
for (let i = 0; i < n; i++) {
  const row = [auctions[cols.auction[i]], auctions[0], cols.price[i], i] as unknown as number[];
  const key = Number(row[0]);
  let s = m.get(key);
  if (!s) m.set(key, (s = { prev: null, rows: [] }));
  // keep the current run as row objects, like a shared buffer would
  const prev = s.prev;
  if (prev && s.rows.length > 0 && row[2] > prev[2]) s.rows.push(row);
  else if (prev && s.rows.length > 1 && row[2] < prev[2]) { out++; s.rows = []; s.prev = row; continue; }
  else s.rows = [row];
  s.prev = row;
}
const s = Number(process.hrtime.bigint() - t0) / 1e9;
const c = process.cpuUsage(c0);
console.log(JSON.stringify({ eps: Math.round(n / s), cpuEps: Math.round(n / ((c.user + c.system) / 1e6)), out }));
