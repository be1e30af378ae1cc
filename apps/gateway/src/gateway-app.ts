import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import type { StreamCatalog } from '@sluice/contracts';
import type { FastifyInstance } from 'fastify';
import { Logger } from 'nestjs-pino';
import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { AppModule } from './app.module';
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
 * Builds the gateway application (not listening yet): Fastify with the body limit, the NDJSON
 * parser, request ids, request metrics and OpenAPI. main.ts and the integration tests share it.
 */
export async function createGatewayApp(config: GatewayConfig, catalog: StreamCatalog): Promise<NestFastifyApplication> {
  const adapter = new FastifyAdapter({
    bodyLimit: config.http.maxBodyBytes,
    genReqId: requestId,
    requestIdHeader: false,
    logger: false,
  });
  const app = await NestFactory.create<NestFastifyApplication>(AppModule.forRoot(config, catalog), adapter, { bufferLogs: true });
  app.useLogger(app.get(Logger));
  const fastify = app.getHttpAdapter().getInstance() as unknown as FastifyInstance;
  fastify.addContentTypeParser(NDJSON_CONTENT_TYPE, { parseAs: 'string', bodyLimit: config.http.maxBodyBytes }, (_req, body, done) => {
    done(null, new NdjsonBody(body as string));
  });
  const metrics = app.get(GatewayMetrics);
  fastify.addHook('onRequest', async (request, reply) => {
    void reply.header('x-request-id', request.id);
  });
  fastify.addHook('onResponse', async (request, reply) => {
    metrics.countRequest(request.method, request.routeOptions.url ?? 'unmatched', reply.statusCode);
  });
  setupOpenApi(app);
  return app;
}
