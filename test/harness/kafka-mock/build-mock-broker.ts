import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { accessSync, constants } from 'node:fs';
import { mkdir, readFile, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { findExecutable } from '../local/find-executable';
import { MissingDependencyError } from '../local/missing-dependency-error';
import { findRepoRoot, MOCK_BROKER_SOURCE } from '../repo-root';

const run = promisify(execFile);

const CFLAGS = ['-O2', '-Wall', '-std=gnu11'];

/** Compiler and linker flags for librdkafka: pkg-config when it knows the library (Homebrew), else Debian's defaults. */
async function rdkafkaFlags(): Promise<{ cflags: string[]; libs: string[] }> {
  const pkgConfig = findExecutable(['pkg-config']);
  if (pkgConfig) {
    try {
      const cflags = (await run(pkgConfig, ['--cflags', 'rdkafka'])).stdout.trim();
      const libs = (await run(pkgConfig, ['--libs', 'rdkafka'])).stdout.trim();
      return { cflags: cflags ? cflags.split(/\s+/) : [], libs: libs ? libs.split(/\s+/) : ['-lrdkafka'] };
    } catch {
      // no .pc file: fall through to the plain defaults
    }
  }
  return { cflags: [], libs: ['-lrdkafka'] };
}

function isExecutable(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/**
 * Path of the compiled mock broker, compiling test/harness/kafka-mock/mock-broker.c with gcc on
 * first use. The binary is cached in node_modules/.cache/sluice under a hash of the source and
 * flags, so an edited source rebuilds and nothing compiled ever lands in the repository.
 */
export async function buildMockBroker(): Promise<string> {
  const root = findRepoRoot();
  const source = join(root, MOCK_BROKER_SOURCE);
  const { cflags, libs } = await rdkafkaFlags();
  const hash = createHash('sha256')
    .update(await readFile(source))
    .update(JSON.stringify([CFLAGS, cflags, libs, process.platform, process.arch]))
    .digest('hex')
    .slice(0, 16);
  const cacheDir = join(root, 'node_modules', '.cache', 'sluice');
  const binary = join(cacheDir, `mock-broker-${hash}`);
  if (isExecutable(binary)) return binary;

  const compiler = findExecutable(['gcc', 'cc']);
  if (!compiler) throw new MissingDependencyError('A C compiler (gcc)', ['gcc', 'librdkafka-dev']);
  await mkdir(cacheDir, { recursive: true });
  // Compile to a private name and rename: concurrent runs never execute a half-written binary.
  const partial = `${binary}.${process.pid}.tmp`;
  try {
    await run(compiler, [...CFLAGS, ...cflags, '-o', partial, source, ...libs], { timeout: 120_000 });
    await rename(partial, binary);
  } catch (error) {
    await rm(partial, { force: true });
    const stderr = (error as { stderr?: string }).stderr ?? String(error);
    if (/rdkafka/.test(stderr))
      throw new MissingDependencyError(
        `librdkafka headers (compiling ${MOCK_BROKER_SOURCE}: ${stderr.trim()})`,
        ['librdkafka-dev'],
      );
    throw new Error(`compiling ${MOCK_BROKER_SOURCE} failed:\n${stderr}`);
  }
  return binary;
}
