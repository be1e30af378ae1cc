import { Logger } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { SluiceError } from '@sluice/contracts';
import { createBatchRunnerApp } from './batch-runner-app';
import { runBatchCli } from './cli/batch-cli';
import { loadCliConfig, loadConfig, redactedConfig } from './config';

const logger = new Logger('BatchRunner');

/**
 * Start of the batch runner: validate the environment (exit 1 naming each bad variable), build
 * the app, listen. With a command (`deploy`, `trigger`, `runs`) it runs that instead and exits.
 * SIGTERM/SIGINT stop taking work; jobs in flight finish or go back to their queue.
 */
async function main(args: readonly string[]): Promise<void> {
  if (args.length > 0 && args[0] !== 'serve') {
    Logger.overrideLogger(['error']);
    const config = loadCliConfig();
    process.exitCode = await runBatchCli(
      args,
      config,
      (line) => process.stdout.write(`${line}\n`),
      (line) => process.stderr.write(`${line}\n`),
    );
    return;
  }
  const config = loadConfig();
  const app = await createBatchRunnerApp(config);
  stopOnSignals(app);
  await app.listen({ port: config.http.port, host: config.http.host });
  logger.log({
    config: redactedConfig(config),
    msg: `listening on ${await app.getUrl()}; Bull Board at ${config.board.path}`,
  });
}

function stopOnSignals(app: NestFastifyApplication): void {
  let isStopping = false;
  const stop = async (signal: NodeJS.Signals): Promise<void> => {
    if (isStopping) return;
    isStopping = true;
    logger.log(`${signal}: stopping workers`);
    let status = 0;
    try {
      await app.close();
    } catch (error) {
      logger.error(`shutdown failed: ${(error as Error).message}`);
      status = 1;
    }
    process.exit(status);
  };
  process.once('SIGTERM', (signal) => void stop(signal));
  process.once('SIGINT', (signal) => void stop(signal));
}

main(process.argv.slice(2)).catch((error: unknown) => {
  if (error instanceof SluiceError && error.code === 'CONFIG_INVALID' && error.details.length > 0) {
    for (const d of error.details) process.stderr.write(`${d.pointer}: ${d.message}\n`);
  } else
    process.stderr.write(
      `batch runner failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
  process.exit(1);
});
