// npm run bench -- engine-streaming [--events N] [--warmup N]
// Each query: 3 fresh processes (one core each, run one after another), median events/s.
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '../..');
const args = process.argv.slice(2);
const opt = (name, fallback) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? Number(args[i + 1]) : fallback;
};
const warmup = opt('warmup', 3_000_000);
const timed = opt('events', 5_000_000);
const runs = opt('runs', 3);
const targets = { a: 6_300_000, b: 1_800_000 };

function node(script, extra) {
  // Fixed young-generation size: windowed state is short-lived, as a JVM run would size its heap.
  const out = execFileSync(process.execPath, ['--max-semi-space-size=64', join(root, 'node_modules/vite-node/vite-node.mjs'), '--config', join(root, 'vitest.config.ts'), join(here, script), ...extra], {
    cwd: root,
    encoding: 'utf8',
    maxBuffer: 1 << 24,
  });
  return JSON.parse(out.trim().split('\n').pop());
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
console.log(`engine-streaming: Bid workload, warm-up ${warmup}, timed ${timed} events, median of ${runs} processes`);
const check = node('check.ts', ['1000000']);
console.log('output counts on the first 1M events vs hand-written reference:', JSON.stringify(check));
const results = {};
for (const query of ['a', 'b', 'c', 'd', 'e']) {
  const samples = Array.from({ length: runs }, () => node('worker.ts', [query, String(warmup), String(timed)]));
  const eps = median(samples.map((s) => s.eventsPerSecond));
  results[query] = { eventsPerSecond: Math.round(eps), outputRows: samples[0].outputRows, target: targets[query] ?? null, meetsTarget: targets[query] ? eps >= targets[query] : null, referenceCheck: check[query] };
  console.log(`(${query}) ${(eps / 1e6).toFixed(2)}M events/s${targets[query] ? ` (target ${(targets[query] / 1e6).toFixed(2)}M)` : ''}, ${samples[0].outputRows} output rows`);
}
const rx = Array.from({ length: runs }, () => node('rxjs-baseline.ts', [String(warmup), String(timed)]));
const rxEps = median(rx.map((s) => s.eventsPerSecond));
results.bRxjs = { eventsPerSecond: Math.round(rxEps), outputRows: rx[0].outputRows, engineOverRxjs: +(results.b.eventsPerSecond / rxEps).toFixed(2) };
console.log(`(b) plain RxJS baseline ${(rxEps / 1e6).toFixed(2)}M events/s; engine/RxJS = ${results.bRxjs.engineOverRxjs}`);
mkdirSync(join(root, 'bench/results'), { recursive: true });
writeFileSync(join(root, 'bench/results/engine-streaming.json'), JSON.stringify({ measuredAt: new Date().toISOString(), node: process.version, warmup, timed, runs, results }, null, 2) + '\n');
console.log('wrote bench/results/engine-streaming.json');
