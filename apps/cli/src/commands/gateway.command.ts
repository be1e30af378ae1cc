import { spawn } from 'node:child_process';
import { join } from 'node:path';
import type { Command } from 'commander';

/**
 * `sluice gateway`: runs the REST gateway (apps/gateway, built into dist/) in the foreground with
 * this environment (MYSQL_URL, KAFKA_BROKERS, SLUICE_STREAMS, PORT, ...). Apps never import each
 * other, so the CLI starts it as a process and forwards signals for a graceful shutdown.
 */
export function registerGatewayCommand(program: Command): void {
  program
    .command('gateway')
    .description('start the REST ingestion gateway (configuration from the environment; see apps/gateway/README.md)')
    .action(async () => {
      const main = join(__dirname, '../../../gateway/src/main.js');
      const child = spawn(process.execPath, [main], { stdio: 'inherit' });
      for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => child.kill(signal));
      await new Promise<void>((resolve) =>
        child.on('exit', (code, signal) => {
          process.exitCode = code ?? (signal ? 1 : 0);
          resolve();
        }),
      );
    });
}
