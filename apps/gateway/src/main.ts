import { Logger } from '@nestjs/common';
import { SluiceError } from '@sluice/contracts';
import { loadConfig, redactedConfig, type GatewayConfig } from './config';
import { createGatewayApp } from './gateway-app';
import { readStreamCatalog } from './streams/read-stream-catalog';

/**
 * Start of the gateway: validate the environment and the stream definitions file (exit 1
 * with one line per problem, naming the variable), build the app, listen. SIGTERM/SIGINT
 * stop taking requests, flush what was accepted to Kafka, then exit.
 */
async function main(): Promise<void> {
  let config: GatewayConfig;
  try {
    config = loadConfig(process.env);
  } catch (error) {
    return exitWith(error);
  }
  const catalog = await readStreamCatalog(config.streamsFile).catch(exitWith);
  if (!catalog) return;
  const app = await createGatewayApp(config, catalog);
  app.enableShutdownHooks(['SIGTERM', 'SIGINT']);
  await app.listen({ port: config.http.port, host: config.http.host });
  const logger = new Logger('Gateway');
  logger.log({ config: redactedConfig(config), msg: `listening on ${await app.getUrl()} with ${catalog.streams.length} stream(s)` });
}

function exitWith(error: unknown): undefined {
  if (error instanceof SluiceError && error.details.length > 0 && error.code === 'CONFIG_INVALID' && !error.message.startsWith('SLUICE_STREAMS')) {
    for (const d of error.details) process.stderr.write(`${d.pointer}: ${d.message}\n`);
  } else {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  }
  process.exit(1);
}

main().catch((error: unknown) => {
  process.stderr.write(`gateway failed to start: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
