import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import type { StreamCatalog } from '@sluice/contracts';
import type { FastifyInstance } from 'fastify';
import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { AppModule } from './app.module';
import { createRootLogger } from './logging/root-logger';
import { PinoNestLogger } from './logging/pino-nest-logger';
import { RequestLogController } from './logging/request-log-controller';
import type { GatewayConfig } from './config';
import { GatewayMetrics } from './metrics/gateway-metrics';
import { setupOpenApi } from './openapi';
import { NDJSON_CONTENT_TYPE, NdjsonBody } from './streams/ndjson-body';

/** A client's own request id is kept when it is short and plain, else one is generated. */
const CLIENT_REQUEST_ID = /^[\w.:-]{1,128}$/;

function requestId(req: IncomingMessage): string {
  const header = req.headers['x-request-id'];
  return typeof header === 'string' && CLIENT_REQUEST_ID.test(header) ? header : randomUUID();
}

/**
 * Graceful shutdown: requests in flight when close() starts still get their answer, but on a
 * closing connection. Otherwise a client's keep-alive connection would hold close() open for
 * Fastify's 72 s keep-alive timeout (idle ones are closed by Fastify itself).
 */
function closeConnectionsWhenDone(fastify: FastifyInstance): void {
  let isClosing = false;
  fastify.addHook('preClose', async () => {
    isClosing = true;
  });
  fastify.addHook('onSend', (_request, reply, payload, done) => {
    if (isClosing) void reply.header('connection', 'close');
    done(null, payload);
  });
}

/**
 * Builds the gateway application (not listening yet): Fastify with the body limit, the NDJSON
 * parser, request ids, request metrics and OpenAPI. main.ts and the integration tests share it.
 */
export async function createGatewayApp(
  config: GatewayConfig,
  catalog: StreamCatalog,
): Promise<NestFastifyApplication> {
  const logger = createRootLogger(config.logLevel);
  const adapter = new FastifyAdapter({
    bodyLimit: config.http.maxBodyBytes,
    genReqId: requestId,
    requestIdHeader: false,
    loggerInstance: logger,
    logController: new RequestLogController(),
  });
  const app = await NestFactory.create<NestFastifyApplication>(AppModule.forRoot(config, catalog), adapter, {
    logger: new PinoNestLogger(logger),
    // Fastify's own JSON parser (with prototype-poisoning protection) and NDJSON below are the
    // only body formats; Nest's would add application/x-www-form-urlencoded.
    bodyParser: false,
  });
  const fastify = app.getHttpAdapter().getInstance() as unknown as FastifyInstance;
  // Only JSON and NDJSON bodies exist here; anything else is a 415, not a string to misread.
  fastify.removeContentTypeParser('text/plain');
  fastify.addContentTypeParser(
    NDJSON_CONTENT_TYPE,
    { parseAs: 'string', bodyLimit: config.http.maxBodyBytes },
    (_req, body, done) => {
      done(null, new NdjsonBody(body as string));
    },
  );
  const metrics = app.get(GatewayMetrics);
  // Callback-style hooks: they run on every request, and async ones cost a promise each.
  fastify.addHook('onRequest', (request, reply, done) => {
    void reply.header('x-request-id', request.id);
    done();
  });
  fastify.addHook('onResponse', (request, reply, done) => {
    metrics.countRequest(request.method, request.routeOptions.url ?? 'unmatched', reply.statusCode);
    done();
  });
  closeConnectionsWhenDone(fastify);
  setupOpenApi(app);
  return app;
}
