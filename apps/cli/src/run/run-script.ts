import { readFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { SluiceError } from '@sluice/contracts';
import { localConnectors } from '@sluice/connectors';
import { ScriptRunner } from '@sluice/engine';
import { resultLines } from './print-result';

export interface RunOutcome {
  readonly exitCode: number;
}

export interface RunIo {
  stdout(line: string): void;
  stderr(line: string): void;
}

/**
 * `sluice run SCRIPT.sql`: executes the script, prints each bare SELECT as NDJSON on stdout, and
 * reports an error as `file:line:column: message` on stderr with a non-zero exit status.
 */
export async function runScriptFile(file: string, dialect: 'flink' | 'spark', io: RunIo): Promise<RunOutcome> {
  let sql: string;
  try {
    sql = await readFile(file, 'utf8');
  } catch (error) {
    io.stderr(`${file}: cannot read the script: ${(error as Error).message}`);
    return { exitCode: 2 };
  }
  return runSql(sql, { file, dialect, baseDirectory: dirname(resolve(file)) }, io);
}

export async function runSql(sql: string, o: { file: string; dialect: 'flink' | 'spark'; baseDirectory: string; nowMs?: number }, io: RunIo): Promise<RunOutcome> {
  const runner = new ScriptRunner({
    dialect: o.dialect,
    connectors: localConnectors({ printTo: io.stdout }),
    baseDirectory: o.baseDirectory,
    nowMs: o.nowMs,
    onResult: (result) => resultLines(result).forEach(io.stdout),
  });
  try {
    await runner.run(sql);
    return { exitCode: 0 };
  } catch (error) {
    io.stderr(formatError(o.file, error));
    return { exitCode: 1 };
  }
}

export function formatError(file: string, error: unknown): string {
  if (error instanceof SluiceError) {
    const where = error.position ? `${file}:${error.position.line}:${error.position.column}` : file;
    return `${where}: ${error.message}`;
  }
  return `${file}: internal error (likely a bug in Sluice): ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`;
}
