// npm run bench -- match-recognize [--events N] [--warmup N] [--runs N]
// Issue "Engine III": MATCH_RECOGNIZE on the Bid workload of bench/engine-streaming, same
// generator and timing method. Each query: `runs` fresh processes (one core each, one after
// another), median events/s. Match counts on the first 1M events are checked first.
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
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
const checkEvents = opt('check', 1_000_000);
const targets = { c: 1_650_000, d: 1_100_000 };

function node(script, extra) {
  // Same flags as bench/engine-streaming: a fixed young generation, as a JVM run sizes its heap.
  const out = execFileSync(process.execPath, ['--max-semi-space-size=64', join(root, 'node_modules/vite-node/vite-node.mjs'), '--config', join(root, 'vitest.config.ts'), join(here, script), ...extra], {
    cwd: root,
    encoding: 'utf8',
    maxBuffer: 1 << 24,
  });
  return JSON.parse(out.trim().split('\n').pop());
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const loadBefore = loadavg()[0];
console.log(`match-recognize: Bid workload, warm-up ${warmup}, timed ${timed} events, median of ${runs} processes (load average ${loadBefore.toFixed(2)})`);
const check = node('check.ts', [String(checkEvents)]);
console.log(`match counts on the first ${checkEvents} events vs hand-written reference:`, JSON.stringify(check));
const results = {};
for (const query of ['c', 'd']) {
  const samples = Array.from({ length: runs }, () => node('worker.ts', [query, String(warmup), String(timed)]));
  const eps = median(samples.map((s) => s.eventsPerSecond));
  results[query] = {
    eventsPerSecond: Math.round(eps),
    samples: samples.map((s) => Math.round(s.eventsPerSecond)),
    // Events per second of CPU time the worker got: on a shared machine, wall time includes waiting for a core.
    cpuEventsPerSecond: Math.round(median(samples.map((s) => timed / s.cpuSeconds))),
    matches: samples[0].matches,
    target: targets[query],
    meetsTarget: eps >= targets[query],
    referenceCheck: check[query],
  };
  console.log(`(${query}) ${(eps / 1e6).toFixed(2)}M events/s (target ${(targets[query] / 1e6).toFixed(2)}M; ${(results[query].cpuEventsPerSecond / 1e6).toFixed(2)}M per CPU second), ${samples[0].matches} matches in the timed ${timed} events`);
}
mkdirSync(join(root, 'bench/results'), { recursive: true });
const machine = { loadAverageBefore: +loadBefore.toFixed(2), loadAverageAfter: +loadavg()[0].toFixed(2) };
writeFileSync(join(root, 'bench/results/match-recognize.json'), JSON.stringify({ measuredAt: new Date().toISOString(), node: process.version, warmup, timed, runs, checkEvents, machine, results }, null, 2) + '\n');
console.log('wrote bench/results/match-recognize.json');
if (Object.values(check).some((c) => !c.ok)) {
  console.error('match counts differ from the reference');
  process.exitCode = 1;
}
