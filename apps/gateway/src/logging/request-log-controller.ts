import { LogController, type FastifyReply, type FastifyRequest } from 'fastify';

/** Probes and scrapes would drown the log; their answers are in the metrics anyway. */
const QUIET_ROUTES = new Set(['/health/live', '/health/ready', '/metrics']);

/**
 * One JSON line per request, written by Fastify's own pino integration with the request id as
 * `reqId`. Fastify's native logging costs about half of what an Express-style middleware
 * (nestjs-pino's pino-http through @fastify/middie) does per request, measured with
 * process.cpuUsage(), which is why the gateway does not use nestjs-pino (STYLE.md 2.6).
 * Levels follow STYLE.md: 5xx error, 429/503 warn (handled backpressure), the rest info.
 */
export class RequestLogController extends LogController {
  constructor() {
    super({ requestIdLogLabel: 'reqId' });
  }

  override isLogDisabled(request: FastifyRequest | { url?: string }): boolean {
    return QUIET_ROUTES.has(request.url ?? '');
  }

  override incomingRequest(): void {
    // One line per request is enough: the completion line carries method and url too.
  }

  override requestCompleted(error: Error | null, request: FastifyRequest, reply: FastifyReply): void {
    if (this.isLogDisabled(request)) return;
    const status = reply.statusCode;
    const line = {
      req: { method: request.method, url: request.url },
      res: { statusCode: status },
      responseTime: Math.round(reply.elapsedTime),
    };
    if (error || (status >= 500 && status !== 503)) reply.log.error(line, 'request completed');
    else if (status === 429 || status === 503) reply.log.warn(line, 'request completed');
    else reply.log.info(line, 'request completed');
  }
}
