import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** Repo-relative path of the mock broker's C source; also how the repo root is recognised. */
export const MOCK_BROKER_SOURCE = join('test', 'harness', 'kafka-mock', 'mock-broker.c');

/**
 * The repository root, found by walking up from this file. The harness runs both from its TS
 * sources (vitest) and compiled into dist/test/harness (the CLI), so no fixed number of `..`
 * works for both; the root is the first directory with package.json and the C source.
 */
export function findRepoRoot(start: string = __dirname): string {
  let dir = start;
  for (;;) {
    if (existsSync(join(dir, 'package.json')) && existsSync(join(dir, MOCK_BROKER_SOURCE))) return dir;
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`cannot find the Sluice repository root above ${start}`);
    dir = parent;
  }
}
