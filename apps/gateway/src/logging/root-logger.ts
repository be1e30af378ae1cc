import pino, { type Logger } from 'pino';
import type { GatewayConfig } from '../config';
import { logDestination } from './log-destination';

/**
 * The one pino logger of the process: JSON lines on stdout, with the app name and ISO times.
 * Fastify logs requests through it and Nest's Logger writes to it (PinoNestLogger).
 */
export function createRootLogger(level: GatewayConfig['logLevel']): Logger {
  return pino(
    {
      level,
      base: { app: 'gateway' },
      timestamp: pino.stdTimeFunctions.isoTime,
      // Credentials must never reach a log line, even if a header object is logged whole.
      redact: ['req.headers.authorization', 'req.headers.cookie', 'headers.authorization'],
    },
    logDestination(),
  );
}
