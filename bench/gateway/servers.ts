import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { freePort } from '../../test/harness/local/free-port';
import { waitUntil } from '../../test/harness/wait-until';

const root = join(__dirname, '../..');

/** A server under test running in its own process, so the load generator does not share its event loop. */
export interface RunningServer {
  readonly url: string;
  stop(): Promise<void>;
}

/** The gateway from source (vite-node + SWC, as `npm run bench` runs TypeScript), on a free port. */
export function startGateway(env: Record<string, string>): Promise<RunningServer> {
  const viteNode = join(root, 'node_modules/vite-node/vite-node.mjs');
  const args = [viteNode, '--config', join(root, 'vitest.config.ts'), join(root, 'apps/gateway/src/main.ts')];
  return startServer(args, env, '/health/ready');
}

/** The bare Fastify + kafkajs baseline. */
export function startBaseline(env: Record<string, string>): Promise<RunningServer> {
  return startServer([join(__dirname, 'baseline-server.mjs')], env, '/health/live');
}

async function startServer(
  args: string[],
  env: Record<string, string>,
  readyPath: string,
): Promise<RunningServer> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const child = spawn(process.execPath, args, {
    cwd: root,
    env: { ...process.env, ...env, PORT: String(port), HOST: '127.0.0.1' },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-4000)));
  const exited = () =>
    child.exitCode !== null ? new Error(`server exited (${child.exitCode}):\n${stderr}`) : undefined;
  try {
    await waitUntil(() => isReady(`${url}${readyPath}`), {
      timeoutMs: 60_000,
      intervalMs: 200,
      description: `${args.at(-1)} ready`,
      abortIf: exited,
    });
  } catch (error) {
    await stopChild(child);
    throw error;
  }
  return { url, stop: () => stopChild(child) };
}

async function isReady(url: string): Promise<boolean> {
  try {
    return (await fetch(url)).status === 200;
  } catch {
    return false;
  }
}

/** SIGTERM (graceful: the gateway flushes), SIGKILL if it does not exit within 20 s. */
function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill('SIGTERM');
  });
}
