import { Logger } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { SluiceError } from '@sluice/contracts';
import { loadConfig, redactedConfig, type GatewayConfig } from './config';
import { createGatewayApp } from './gateway-app';
import { flushLogs } from './logging/log-destination';
import { readStreamCatalog } from './streams/read-stream-catalog';

const logger = new Logger('Gateway');

/**
 * Start of the gateway: validate the environment and the stream definitions file (exit 1
 * with one line per problem, naming the variable), build the app, listen. SIGTERM/SIGINT
 * stop taking requests, answer those in flight once Kafka acknowledged them, then exit.
 */
async function main(): Promise<void> {
  let config: GatewayConfig;
  try {
    config = loadConfig();
  } catch (error) {
    return exitWith(error);
  }
  const catalog = await readStreamCatalog(config.streamsFile).catch(exitWith);
  if (!catalog) return;
  const app = await createGatewayApp(config, catalog);
  stopOnSignals(app);
  await app.listen({ port: config.http.port, host: config.http.host });
  logger.log({
    config: redactedConfig(config),
    msg: `listening on ${await app.getUrl()} with ${catalog.streams.length} stream(s)`,
  });
}

/** Handled here rather than by Nest's enableShutdownHooks so the last log lines are flushed. */
function stopOnSignals(app: NestFastifyApplication): void {
  let isStopping = false;
  const stop = async (signal: NodeJS.Signals): Promise<void> => {
    if (isStopping) return;
    isStopping = true;
    logger.log(`${signal}: refusing new requests, flushing accepted events to Kafka`);
    let status = 0;
    try {
      await app.close();
      logger.log('stopped');
    } catch (error) {
      logger.error({ err: error, msg: 'shutdown failed' });
      status = 1;
    }
    flushLogs();
    process.exit(status);
  };
  process.once('SIGTERM', (signal) => void stop(signal));
  process.once('SIGINT', (signal) => void stop(signal));
}

function exitWith(error: unknown): undefined {
  const isVariableList =
    error instanceof SluiceError &&
    error.code === 'CONFIG_INVALID' &&
    error.details.length > 0 &&
    !error.message.startsWith('SLUICE_STREAMS');
  if (isVariableList) for (const d of error.details) process.stderr.write(`${d.pointer}: ${d.message}\n`);
  else process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
}

main().catch((error: unknown) => {
  process.stderr.write(
    `gateway failed to start: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  flushLogs();
  process.exit(1);
});
