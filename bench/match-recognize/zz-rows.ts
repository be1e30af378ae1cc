import { PartitionRows } from '../../libs/engine/src/exec/streaming/match-recognize/shared-buffer/partition-rows';
import { generateBids } from '../engine-streaming/bid-workload';
const n = 3_000_000;
const cols = generateBids(n);
const parts = Array.from({ length: 10000 }, () => new PartitionRows());
let t = process.hrtime.bigint();
for (let i = 0; i < n; i++) { const p = parts[cols.auction[i]]; const pos = p.push([1, 2, cols.price[i], i]); p.trimBefore(pos); }
console.log('rows push+trim', Number(process.hrtime.bigint() - t) / n, 'ns/event');
const arrs = Array.from({ length: 10000 }, () => [] as unknown[]);
t = process.hrtime.bigint();
for (let i = 0; i < n; i++) { const a = arrs[cols.auction[i]]; a.push([1, 2, cols.price[i], i]); if (a.length > 64) a.splice(0, 63); }
console.log('plain arrays', Number(process.hrtime.bigint() - t) / n, 'ns/event');
