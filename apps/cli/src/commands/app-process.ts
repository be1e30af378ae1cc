import { spawn } from 'node:child_process';
import { join } from 'node:path';

/**
 * Runs one of the apps (built into dist/) in the foreground with this environment. Apps never
 * import each other, so the CLI starts them as processes and forwards signals for a graceful stop.
 */
export async function runAppProcess(app: 'gateway' | 'cep-runner' | 'batch-runner', args: readonly string[] = []): Promise<void> {
  const main = join(__dirname, `../../../${app}/src/main.js`);
  const child = spawn(process.execPath, [main, ...args], { stdio: 'inherit' });
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => child.kill(signal));
  await new Promise<void>((resolve) =>
    child.on('exit', (code, signal) => {
      process.exitCode = code ?? (signal ? 1 : 0);
      resolve();
    }),
  );
}
