import pino, { type Logger } from 'pino';
import type { CepRunnerConfig } from '../config';

/**
 * The one pino logger of the process: JSON lines on stdout with the app name and ISO times.
 * Written synchronously: the runner logs lifecycle events, not events per message, and a
 * crash (kill -9 in the chaos tests) must not lose the lines that explain it.
 */
export function createRootLogger(level: CepRunnerConfig['logLevel']): Logger {
  return pino({ level, base: { app: 'cep-runner', pid: process.pid }, timestamp: pino.stdTimeFunctions.isoTime }, pino.destination({ dest: 1, sync: true }));
}
