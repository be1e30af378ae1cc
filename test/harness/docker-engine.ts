import { existsSync } from 'node:fs';
import { request } from 'node:http';
import { connect } from 'node:net';
import { homedir } from 'node:os';
import { join } from 'node:path';

/** GET /_ping on a Docker API socket; true only on an HTTP 200 within the timeout. */
function pingSocket(socketPath: string, timeoutMs: number): Promise<boolean> {
  return new Promise((resolve) => {
    const req = request({ socketPath, path: '/_ping', method: 'GET', timeout: timeoutMs }, (res) => {
      res.resume();
      resolve(res.statusCode === 200);
    });
    req.on('timeout', () => req.destroy());
    req.on('error', () => resolve(false));
    req.end();
  });
}

/** A TCP DOCKER_HOST may need TLS; a completed TCP handshake is enough to say an engine listens. */
function tcpReachable(host: string, port: number, timeoutMs: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host, port });
    const done = (ok: boolean): void => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.on('connect', () => done(true));
    socket.on('error', () => done(false));
  });
}

/** The sockets Testcontainers itself looks at when DOCKER_HOST is unset (rootful, rootless, Desktop, Colima). */
function candidateSockets(): string[] {
  const home = homedir();
  const uid = process.getuid?.();
  return [
    '/var/run/docker.sock',
    process.env.XDG_RUNTIME_DIR ? join(process.env.XDG_RUNTIME_DIR, 'docker.sock') : '',
    uid === undefined ? '' : `/run/user/${uid}/docker.sock`,
    join(home, '.docker', 'run', 'docker.sock'),
    join(home, '.docker', 'desktop', 'docker.sock'),
    join(home, '.colima', 'default', 'docker.sock'),
  ].filter((path) => path !== '' && existsSync(path));
}

/**
 * Whether a Docker-compatible engine answers, decided within about `timeoutMs`. A `docker`
 * client binary proves nothing (this project's CI has one and no engine), so we ask the engine.
 */
export async function isDockerEngineReachable(timeoutMs = 500): Promise<boolean> {
  const dockerHost = process.env.DOCKER_HOST;
  if (dockerHost) {
    if (dockerHost.startsWith('unix://')) return pingSocket(dockerHost.slice('unix://'.length), timeoutMs);
    const tcp = /^tcp:\/\/([^:/]+):(\d+)/.exec(dockerHost);
    return tcp ? tcpReachable(tcp[1]!, Number(tcp[2]), timeoutMs) : false;
  }
  const results = await Promise.all(candidateSockets().map((socket) => pingSocket(socket, timeoutMs)));
  return results.includes(true);
}
