import { connect } from 'node:net';
import { waitUntil } from '../wait-until';
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

export interface LocalRedis {
  readonly url: string;
  readonly process: ServiceProcess;
}

/** One raw PING; avoids a client library whose reconnect loop would outlive the check. */
function answersPing(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    const done = (ok: boolean): void => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(1_000, () => done(false));
    socket.on('connect', () => socket.write('PING\r\n'));
    socket.on('data', (chunk: Buffer) => done(chunk.toString('utf8').startsWith('+PONG')));
    socket.on('error', () => done(false));
  });
}

async function startOnPort(
  redisServer: string,
  dir: string,
  port: number,
  detached: boolean,
): Promise<LocalRedis> {
  const args = [
    '--port',
    String(port),
    '--bind',
    '127.0.0.1',
    // No persistence: nothing to keep, and no RDB/AOF files to clean up.
    '--save',
    '',
    '--appendonly',
    'no',
    '--dir',
    dir,
    '--daemonize',
    'no',
    // BullMQ requires this policy; it is also Redis's default, but the system config may differ.
    '--maxmemory-policy',
    'noeviction',
  ];
  const spawned = spawnService({ name: 'redis', executable: redisServer, args, dir, detached });
  killOnExit(spawned.process);
  try {
    await waitUntil(() => answersPing(port), {
      timeoutMs: 30_000,
      description: `Redis on 127.0.0.1:${port}`,
      abortIf: spawned.exitError,
    });
    return { url: `redis://127.0.0.1:${port}`, process: spawned.process };
  } catch (error) {
    const failure = spawned.exitError() ?? new Error(`${String(error)}\n${logTail(spawned.process.logFile)}`);
    await terminateServiceProcess(spawned.process, 1_000);
    forgetProcessOnExit(spawned.process);
    throw failure;
  }
}

/** redis-server on a free loopback port, without persistence, in its own temporary directory. */
export async function startRedis(options: { detached: boolean }): Promise<LocalRedis> {
  const redisServer = findExecutable(['redis-server']);
  if (!redisServer) throw new MissingDependencyError('Redis (redis-server)', ['redis-server']);
  const dir = await makeServiceDir('redis');
  try {
    return await startWithPortRetry((port) => startOnPort(redisServer, dir, port, options.detached));
  } catch (error) {
    await removeServiceDir(dir);
    throw error;
  }
}
