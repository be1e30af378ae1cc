import { SluiceError } from '@sluice/contracts';
import { startCepRunner, type StartedCepRunner } from './cep-runner-app';
import { loadConfig, redactedConfig, type CepRunnerConfig } from './config';
import { readStreamCatalog } from './streams/read-stream-catalog';

/**
 * Start of the CEP runner: validate the environment and the stream definitions file (exit 1
 * with one line per problem, naming the variable), then run until SIGTERM/SIGINT, which take
 * a final checkpoint and leave the consumer group before exiting.
 */
async function main(): Promise<void> {
  let config: CepRunnerConfig;
  try {
    config = loadConfig();
  } catch (error) {
    return exitWith(error);
  }
  const catalog = await readStreamCatalog(config.streamsFile).catch(exitWith);
  if (!catalog) return;
  const started = await startCepRunner(config, catalog);
  process.stdout.write(`${JSON.stringify({ level: 30, app: 'cep-runner', msg: 'config', config: redactedConfig(config) })}\n`);
  stopOnSignals(started, config.shutdownTimeoutMs);
}

function stopOnSignals(started: StartedCepRunner, timeoutMs: number): void {
  let isStopping = false;
  const stop = async (): Promise<void> => {
    if (isStopping) return;
    isStopping = true;
    const timer = setTimeout(() => {
      process.stderr.write(`cep-runner: shutdown took longer than ${timeoutMs} ms, exiting\n`);
      process.exit(1);
    }, timeoutMs);
    timer.unref();
    let status = 0;
    try {
      await started.stop();
    } catch (error) {
      process.stderr.write(`cep-runner: shutdown failed: ${(error as Error).message}\n`);
      status = 1;
    }
    process.exit(status);
  };
  process.once('SIGTERM', () => void stop());
  process.once('SIGINT', () => void stop());
}

function exitWith(error: unknown): undefined {
  const isVariableList = error instanceof SluiceError && error.code === 'CONFIG_INVALID' && error.details.length > 0 && !error.message.startsWith('SLUICE_STREAMS');
  if (isVariableList) for (const d of error.details) process.stderr.write(`${d.pointer}: ${d.message}\n`);
  else process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
}

main().catch((error: unknown) => {
  process.stderr.write(`cep-runner failed to start: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
