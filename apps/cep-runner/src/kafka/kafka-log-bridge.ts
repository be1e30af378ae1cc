import type { Logger } from '@nestjs/common';
import { logLevel, type LogEntry, type logCreator } from 'kafkajs';

/**
 * kafkajs logs into the app's logger (Nest's helpers/kafka-logger.ts idea). kafkajs reports
 * every retried failure and rebalance as an error; the runner handles those and logs what a
 * human must act on itself, so they are warnings here, and its info lines are debug.
 */
export function kafkaLogBridge(logger: Logger): logCreator {
  return () =>
    ({ level, log }: LogEntry) => {
      const { message, ...fields } = log;
      const line = { ...fields, msg: `kafkajs: ${message}` };
      if (level === logLevel.ERROR || level === logLevel.WARN) logger.warn(line);
      else logger.debug(line);
    };
}
