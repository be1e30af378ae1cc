import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Params } from 'nestjs-pino';
import pino from 'pino';
import type { GatewayConfig } from '../config';

const QUIET_ROUTES = new Set(['/health/live', '/health/ready', '/metrics']);

/**
 * JSON logs through pino (nestjs-pino), one line per request with its id (`req.id`, also the
 * x-request-id header and the problem documents' correlationId). Credentials are redacted and
 * payloads never logged. Writes are asynchronous so logging does not stall the event loop.
 */
export function loggerOptions(config: GatewayConfig): Params {
  const logger = pino(
    { level: config.logLevel, base: { app: 'gateway' }, timestamp: pino.stdTimeFunctions.isoTime },
    pino.destination({ dest: 1, sync: false }),
  );
  return {
    pinoHttp: {
      logger,
      genReqId: (req: IncomingMessage) => String((req as IncomingMessage & { id?: unknown }).id ?? ''),
      redact: ['req.headers.authorization', 'req.headers.cookie'],
      serializers: {
        req: (req: IncomingMessage & { id?: unknown }) => ({ id: req.id, method: req.method, url: req.url }),
        res: (res: ServerResponse) => ({ statusCode: res.statusCode }),
      },
      customLogLevel: (_req: IncomingMessage, res: ServerResponse, error?: Error) =>
        error || res.statusCode >= 500 && res.statusCode !== 503 ? 'error' : res.statusCode === 429 || res.statusCode === 503 ? 'warn' : 'info',
      autoLogging: { ignore: (req: IncomingMessage) => QUIET_ROUTES.has(req.url ?? '') },
    },
  };
}
