import { transformFile, type Options } from '@swc/core';
import { mkdir, readdir, rm, writeFile } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';
import { findRepoRoot } from '../../harness/repo-root';

/** Where the compiled runner goes (one per test process; rebuilt every run, ~1 s). */
const CACHE_DIR = join(findRepoRoot(), 'node_modules', '.cache', 'sluice-cep-runner-test');
const OUT_DIR = join(CACHE_DIR, String(process.pid));

const SOURCE_DIRS = ['apps/cep-runner/src', 'libs/engine/src', 'libs/connectors/src', 'libs/contracts/src'];

/**
 * Compiles the CEP runner and the libs it uses to CommonJS with SWC (decorator metadata on, the
 * @sluice/* paths rewritten), so crash tests can start it as a plain `node main.js` child in a
 * few hundred milliseconds; through vite-node every start would cost seconds of transforms.
 */
export async function buildRunner(): Promise<string> {
  const root = findRepoRoot();
  const options: Options = {
    swcrc: false,
    sourceMaps: 'inline',
    module: { type: 'commonjs' },
    jsc: {
      target: 'es2022',
      baseUrl: root,
      paths: {
        '@sluice/contracts/db': ['libs/contracts/src/db/index.ts'],
        '@sluice/contracts': ['libs/contracts/src/index.ts'],
        '@sluice/engine': ['libs/engine/src/index.ts'],
        '@sluice/connectors': ['libs/connectors/src/index.ts'],
      },
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true },
      keepClassNames: true,
    },
  };
  await removeBuildsOfDeadProcesses();
  const files = (await Promise.all(SOURCE_DIRS.map((d) => listTypeScript(join(root, d))))).flat();
  await Promise.all(
    files.map(async (file) => {
      const { code } = await transformFile(file, { ...options, filename: file });
      const target = join(OUT_DIR, relative(root, file)).replace(/\.ts$/, '.js');
      await mkdir(dirname(target), { recursive: true });
      await writeFile(target, code);
    }),
  );
  return join(OUT_DIR, 'apps/cep-runner/src/main.js');
}

async function removeBuildsOfDeadProcesses(): Promise<void> {
  const entries = await readdir(CACHE_DIR).catch(() => [] as string[]);
  await Promise.all(entries.filter((pid) => /^\d+$/.test(pid) && !isAlive(Number(pid))).map((pid) => rm(join(CACHE_DIR, pid), { recursive: true, force: true })));
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function listTypeScript(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  const nested = await Promise.all(
    entries.map((e) => {
      const path = join(dir, e.name);
      if (e.isDirectory()) return e.name === 'testing' ? [] : listTypeScript(path);
      return e.name.endsWith('.ts') && !e.name.endsWith('.spec.ts') && !e.name.endsWith('.d.ts') ? [path] : [];
    }),
  );
  return nested.flat();
}
