import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { LocalServicesState } from './local-services';
import { isSameProcess, type ServiceProcess } from './service-process';

/**
 * The state file of detached local services (`sluice services up`): enough to print their
 * environment and, later, to kill them by PID and remove their directories.
 */
export interface ServicesStateFile extends LocalServicesState {
  readonly version: 1;
  readonly startedAt: string;
}

export const DEFAULT_STATE_DIR = '.sluice';
const STATE_FILE = 'services.json';

export function stateFilePath(stateDir: string): string {
  return join(stateDir, STATE_FILE);
}

export async function readServicesState(stateDir: string): Promise<ServicesStateFile | undefined> {
  let text: string;
  try {
    text = await readFile(stateFilePath(stateDir), 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  const state = JSON.parse(text) as Partial<ServicesStateFile>;
  if (state.version !== 1 || !Array.isArray(state.processes)) {
    throw new Error(`${stateFilePath(stateDir)} is not a services state file this version understands`);
  }
  return state as ServicesStateFile;
}

export async function writeServicesState(
  stateDir: string,
  state: LocalServicesState,
): Promise<ServicesStateFile> {
  const file: ServicesStateFile = { version: 1, startedAt: new Date().toISOString(), ...state };
  await mkdir(stateDir, { recursive: true });
  // Write then rename, so a reader never sees half a file.
  const partial = `${stateFilePath(stateDir)}.${process.pid}.tmp`;
  await writeFile(partial, `${JSON.stringify(file, null, 2)}\n`);
  await rename(partial, stateFilePath(stateDir));
  return file;
}

export async function removeServicesState(stateDir: string): Promise<void> {
  await rm(stateFilePath(stateDir), { force: true });
}

/** Processes of the state file that are no longer running (or whose PID now belongs to another program). */
export function deadProcesses(state: LocalServicesState): ServiceProcess[] {
  return state.processes.filter((service) => !isSameProcess(service));
}

function shellQuote(value: string): string {
  return `'${value.replace(/'/g, `'\\''`)}'`;
}

/** `export NAME='value'` lines for `eval "$(sluice services env)"`. */
export function formatEnvExports(state: LocalServicesState): string {
  const variables: Array<[string, string]> = [
    ['MYSQL_URL', state.mysqlUrl],
    ['REDIS_URL', state.redisUrl],
    ['KAFKA_BROKERS', state.kafkaBrokers.join(',')],
    ['SLUICE_KAFKA_CONTROL', state.kafkaControl],
  ];
  return variables.map(([name, value]) => `export ${name}=${shellQuote(value)}\n`).join('');
}
