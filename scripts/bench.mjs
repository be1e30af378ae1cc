// `npm run bench [-- <name>...]`: runs benchmarks by name; with no name, every benchmark.
//
// A benchmark is a folder bench/<name>/ with an entry point run.ts, run.mjs or run.js. TypeScript
// entry points run from source through vite-node with the repo's vitest config (so `@sluice/*`
// imports resolve to libs/*/src, no build needed); .mjs/.js entry points run with plain node.
// Each benchmark prints its figures and writes bench/results/<name>.json itself. Benchmarks run
// one at a time (they measure speed); the exit status is non-zero if any of them failed.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const benchDir = join(root, 'bench');
const ENTRY_POINTS = ['run.ts', 'run.mjs', 'run.js'];

/** name -> entry point file, for every bench/<name>/ that has one. */
function discover() {
  const found = new Map();
  for (const name of readdirSync(benchDir).sort()) {
    const dir = join(benchDir, name);
    if (!statSync(dir).isDirectory()) continue;
    const entry = ENTRY_POINTS.map((f) => join(dir, f)).find((f) => existsSync(f));
    if (entry) found.set(name, entry);
  }
  return found;
}

function commandFor(entry) {
  if (entry.endsWith('.ts')) {
    const viteNode = join(root, 'node_modules/vite-node/vite-node.mjs');
    return [process.execPath, [viteNode, '--config', join(root, 'vitest.config.ts'), entry]];
  }
  return [process.execPath, [entry]];
}

function main(args) {
  const available = discover();
  if (args.includes('--help') || args.includes('-h')) {
    console.log(`usage: npm run bench [-- <name>...]\navailable: ${[...available.keys()].join(', ') || '(none)'}`);
    return 0;
  }
  const unknown = args.filter((a) => !available.has(a));
  if (unknown.length > 0) {
    console.error(`bench: unknown benchmark ${unknown.map((u) => `'${u}'`).join(', ')} (available: ${[...available.keys()].join(', ') || 'none'})`);
    return 2;
  }
  const names = args.length > 0 ? args : [...available.keys()];
  const failed = [];
  for (const name of names) {
    const entry = available.get(name);
    console.log(`== bench ${name} (${relative(root, entry)})`);
    const [cmd, cmdArgs] = commandFor(entry);
    const run = spawnSync(cmd, cmdArgs, { cwd: root, stdio: 'inherit' });
    if (run.status !== 0) {
      console.error(`== bench ${name} FAILED (${run.error?.message ?? `exit status ${run.status ?? run.signal}`})`);
      failed.push(name);
    }
  }
  console.log(`== ${names.length - failed.length} benchmark(s) ran, ${failed.length} failed${failed.length ? `: ${failed.join(', ')}` : ''}`);
  return failed.length > 0 ? 1 : 0;
}

process.exitCode = main(process.argv.slice(2));
