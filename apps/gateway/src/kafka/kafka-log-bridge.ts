import type { Logger } from '@nestjs/common';
import { logLevel, type LogEntry, type logCreator } from 'kafkajs';

/**
 * Routes kafkajs's own logs into the app's logger (as Nest's helpers/kafka-logger.ts does), so
 * they come out as the same JSON lines with the same fields.
 */
export function kafkaLogBridge(logger: Logger): logCreator {
  return () =>
    ({ level, log }: LogEntry) => {
      const { message, ...fields } = log;
      const line = { ...fields, msg: `kafkajs: ${message}` };
      if (level === logLevel.ERROR) logger.error(line);
      else if (level === logLevel.WARN) logger.warn(line);
      else if (level === logLevel.INFO) logger.log(line);
      else logger.debug(line);
    };
}
