import { spawn } from 'node:child_process';
import { closeSync, openSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createConnection } from 'mysql2/promise';
import { waitUntil } from '../wait-until';
import { atExit, cancelAtExit } from './exit-cleanup';
import { findExecutable } from './find-executable';
import { logTail } from './log-tail';
import { MissingDependencyError } from './missing-dependency-error';
import {
  forgetProcessOnExit,
  killOnExit,
  makeServiceDir,
  removeServiceDir,
  spawnService,
  terminateServiceProcess,
  type ServiceProcess,
} from './service-process';
import { startWithPortRetry } from './start-with-port-retry';

export const MYSQL_DATABASE = 'sluice';
const MYSQL_USER = 'sluice';
const MYSQL_PASSWORD = 'sluice';

export interface LocalMariaDb {
  readonly url: string;
  readonly process: ServiceProcess;
}

// Runs once at server start, before clients can connect, so readiness below implies it ran.
// The user may create databases: tests isolate themselves with CREATE DATABASE test_<uuid>.
const INIT_SQL = `
CREATE DATABASE IF NOT EXISTS ${MYSQL_DATABASE};
CREATE USER IF NOT EXISTS '${MYSQL_USER}'@'%' IDENTIFIED BY '${MYSQL_PASSWORD}';
GRANT ALL PRIVILEGES ON *.* TO '${MYSQL_USER}'@'%' WITH GRANT OPTION;
`;

const isRoot = (): boolean => process.getuid?.() === 0;

// Shared by install-db and the server so the redo log is created at the size the server expects.
const INNODB_OPTIONS = ['--innodb-log-file-size=16M', '--innodb-buffer-pool-size=32M'];

function serverArgs(dir: string, port: number): string[] {
  return [
    // Ignore /etc/mysql: the system's config would point at the system datadir and socket.
    '--no-defaults',
    `--datadir=${join(dir, 'data')}`,
    `--socket=${join(dir, 'mariadbd.sock')}`,
    `--pid-file=${join(dir, 'mariadbd.pid')}`,
    `--tmpdir=${dir}`,
    `--port=${port}`,
    '--bind-address=127.0.0.1',
    '--skip-name-resolve',
    '--skip-log-bin',
    ...INNODB_OPTIONS,
    // Throwaway data: durability costs time and buys nothing here.
    '--innodb-flush-log-at-trx-commit=0',
    '--innodb-doublewrite=0',
    '--performance-schema=OFF',
    // --no-defaults would leave MariaDB on latin1 and the host time zone; match MySQL 8 containers.
    '--character-set-server=utf8mb4',
    '--collation-server=utf8mb4_unicode_ci',
    '--default-time-zone=+00:00',
    `--init-file=${join(dir, 'init.sql')}`,
    ...(isRoot() ? ['--user=root'] : []),
  ];
}

/**
 * Runs mariadb-install-db in its own process group: it is a script that runs
 * `mariadbd --bootstrap`, and an exit half-way must kill both, not orphan the server.
 */
async function installDataDir(installDb: string, dir: string): Promise<void> {
  const args = [
    '--no-defaults',
    `--datadir=${join(dir, 'data')}`,
    '--auth-root-authentication-method=normal',
    '--skip-test-db',
    '--skip-name-resolve',
    ...INNODB_OPTIONS,
    ...(isRoot() ? ['--user=root'] : []),
  ];
  const logFile = join(dir, 'install.log');
  const logFd = openSync(logFile, 'a');
  const child = spawn(installDb, args, { cwd: dir, detached: true, stdio: ['ignore', logFd, logFd] });
  closeSync(logFd);
  const pid = child.pid;
  const killGroup = (): void => {
    if (pid !== undefined) process.kill(-pid, 'SIGKILL');
  };
  const key = `group:${pid}`;
  atExit(key, 'kill', killGroup);
  const timer = setTimeout(killGroup, 120_000);
  try {
    const code = await new Promise<number | null>((resolve, reject) => {
      child.on('error', reject);
      child.on('exit', (exitCode) => resolve(exitCode));
    });
    if (code !== 0)
      throw new Error(`mariadb-install-db failed (exit ${code ?? 'by signal'}):\n${logTail(logFile)}`);
  } finally {
    clearTimeout(timer);
    cancelAtExit(key);
  }
}

async function canConnect(port: number): Promise<boolean> {
  try {
    const connection = await createConnection({
      host: '127.0.0.1',
      port,
      user: MYSQL_USER,
      password: MYSQL_PASSWORD,
      database: MYSQL_DATABASE,
      connectTimeout: 1_000,
    });
    await connection.end();
    return true;
  } catch {
    return false;
  }
}

async function startServer(
  mariadbd: string,
  dir: string,
  port: number,
  detached: boolean,
): Promise<ServiceProcess> {
  const spawned = spawnService({
    name: 'mariadb',
    executable: mariadbd,
    args: serverArgs(dir, port),
    dir,
    detached,
  });
  killOnExit(spawned.process);
  try {
    await waitUntil(() => canConnect(port), {
      timeoutMs: 60_000,
      intervalMs: 50,
      description: `MariaDB on 127.0.0.1:${port}`,
      abortIf: spawned.exitError,
    });
    return spawned.process;
  } catch (error) {
    // An exit error already carries the log; a timeout does not.
    const failure = spawned.exitError() ?? new Error(`${String(error)}\n${logTail(spawned.process.logFile)}`);
    // Keep the directory: a retry on another port reuses the initialised datadir.
    await terminateServiceProcess(spawned.process, 1_000);
    forgetProcessOnExit(spawned.process);
    throw failure;
  }
}

/**
 * MariaDB in its own temporary directory on a free loopback port: mariadb-install-db, then
 * mariadbd with a small buffer pool. Takes about a second. The URL's user may create databases.
 */
export async function startMariaDb(options: { detached: boolean }): Promise<LocalMariaDb> {
  const mariadbd = findExecutable(['mariadbd', 'mysqld']);
  const installDb = findExecutable(['mariadb-install-db', 'mysql_install_db']);
  if (!mariadbd || !installDb)
    throw new MissingDependencyError('MariaDB (mariadbd, mariadb-install-db)', ['mariadb-server']);

  const dir = await makeServiceDir('mariadb');
  try {
    await writeFile(join(dir, 'init.sql'), INIT_SQL);
    await installDataDir(installDb, dir);
    return await startWithPortRetry(async (port) => ({
      url: `mysql://${MYSQL_USER}:${MYSQL_PASSWORD}@127.0.0.1:${port}/${MYSQL_DATABASE}`,
      process: await startServer(mariadbd, dir, port, options.detached),
    }));
  } catch (error) {
    await removeServiceDir(dir);
    throw error;
  }
}
