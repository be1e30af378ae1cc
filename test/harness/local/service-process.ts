import { spawn } from 'node:child_process';
import { closeSync, openSync, readFileSync, rmSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { atExit, cancelAtExit } from './exit-cleanup';
import { logTail } from './log-tail';

/**
 * A local service process and the temporary directory it owns. Plain data so that
 * `sluice services up` can write it to .sluice/services.json and `down` can stop it later.
 */
export interface ServiceProcess {
  readonly name: string;
  readonly pid: number;
  /** Basename of the executable, checked before signalling a PID that may have been reused. */
  readonly executable: string;
  /** Removed, with everything in it, when the process stops. */
  readonly dir: string;
  readonly logFile: string;
}

export interface SpawnServiceOptions {
  readonly name: string;
  readonly executable: string;
  readonly args: readonly string[];
  readonly dir: string;
  /** Own session, so it can outlive this process once handed over with forgetOnExit() (`sluice services up`). */
  readonly detached: boolean;
}

export interface SpawnedService {
  readonly process: ServiceProcess;
  /** An error carrying the log tail once the process has exited, for readiness polling. */
  exitError(): Error | undefined;
}

const dirKey = (dir: string): string => `dir:${dir}`;
const pidKey = (pid: number): string => `pid:${pid}`;

function removeDirSync(dir: string): void {
  rmSync(dir, { recursive: true, force: true, maxRetries: 3 });
}

/**
 * A fresh directory under the OS temp dir, e.g. /tmp/sluice-redis-Ab12Cd, removed at exit
 * unless removeServiceDir() or forgetOnExit() ran first.
 */
export async function makeServiceDir(name: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), `sluice-${name}-`));
  atExit(dirKey(dir), 'remove', () => removeDirSync(dir));
  return dir;
}

/** Starts a service with stdout and stderr appended to a log file in its directory. */
export function spawnService(options: SpawnServiceOptions): SpawnedService {
  const logFile = join(options.dir, `${options.name}.log`);
  const logFd = openSync(logFile, 'a');
  let exitError: Error | undefined;
  try {
    const child = spawn(options.executable, [...options.args], {
      cwd: options.dir,
      detached: options.detached,
      // stdin is /dev/null: services must not depend on it (the mock broker keeps running on EOF).
      stdio: ['ignore', logFd, logFd],
    });
    child.on('error', (error) => {
      exitError = new Error(`${options.name}: cannot run ${options.executable}: ${error.message}`);
    });
    child.on('exit', (code, signal) => {
      exitError = new Error(
        `${options.name} exited (${signal ?? `code ${code}`}) while starting; ${logFile}:\n${logTail(logFile)}`,
      );
    });
    // Never keep the parent alive for a service: stop() or the exit hooks end it.
    child.unref();
    if (child.pid === undefined) throw new Error(`${options.name}: cannot run ${options.executable}`);
    return {
      process: {
        name: options.name,
        pid: child.pid,
        executable: basename(options.executable),
        dir: options.dir,
        logFile,
      },
      exitError: () => exitError,
    };
  } finally {
    closeSync(logFd);
  }
}

/** Alive, and not a zombie waiting to be reaped (PID 1 in containers may reap slowly). */
export function isRunning(pid: number): boolean {
  // 0 and negative PIDs address process groups; never treat them as one of ours.
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return process.platform !== 'linux';
  }
}

/**
 * Whether `pid` is still the process we started. A PID read back from a state file may belong
 * to another program by now; /proc tells us (redis rewrites its title, hence `includes`).
 */
export function isSameProcess(service: ServiceProcess): boolean {
  if (!isRunning(service.pid)) return false;
  try {
    return readFileSync(`/proc/${service.pid}/cmdline`, 'utf8').includes(service.executable);
  } catch {
    // Without /proc (macOS) trust the PID.
    return process.platform !== 'linux';
  }
}

function signal(pid: number, name: NodeJS.Signals): void {
  try {
    process.kill(pid, name);
  } catch {
    // already gone
  }
}

async function waitForExit(pid: number, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (isRunning(pid)) {
    if (Date.now() > deadline) return false;
    await delay(20);
  }
  return true;
}

/** SIGTERM, then SIGKILL if it is still there after `graceMs`. */
export async function terminateServiceProcess(service: ServiceProcess, graceMs = 5_000): Promise<void> {
  if (!isSameProcess(service)) return;
  signal(service.pid, 'SIGTERM');
  if (!(await waitForExit(service.pid, graceMs))) {
    signal(service.pid, 'SIGKILL');
    await waitForExit(service.pid, 2_000);
  }
}

export async function removeServiceDir(dir: string): Promise<void> {
  await rm(dir, { recursive: true, force: true, maxRetries: 3 });
  cancelAtExit(dirKey(dir));
}

/** Terminates the process, then removes its directory. Safe to call twice. */
export async function stopServiceProcess(service: ServiceProcess, graceMs = 5_000): Promise<void> {
  await terminateServiceProcess(service, graceMs);
  forgetProcessOnExit(service);
  await removeServiceDir(service.dir);
}

/**
 * Kills `service` (SIGKILL) and removes its directory if this process exits before the service
 * was stopped or handed over with forgetOnExit().
 */
export function killOnExit(service: ServiceProcess): void {
  atExit(pidKey(service.pid), 'kill', () => {
    if (isSameProcess(service)) signal(service.pid, 'SIGKILL');
  });
  atExit(dirKey(service.dir), 'remove', () => removeDirSync(service.dir));
}

/** Stops tracking the process only; its directory stays covered (it may be reused, e.g. on a retry). */
export function forgetProcessOnExit(service: ServiceProcess): void {
  cancelAtExit(pidKey(service.pid));
}

/** Stops tracking the process and its directory: both are gone, or are meant to outlive this process. */
export function forgetOnExit(service: ServiceProcess): void {
  cancelAtExit(pidKey(service.pid));
  cancelAtExit(dirKey(service.dir));
}
