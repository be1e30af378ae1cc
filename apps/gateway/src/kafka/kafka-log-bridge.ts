import type { Logger } from '@nestjs/common';
import { logLevel, type LogEntry, type logCreator } from 'kafkajs';

/**
 * Routes kafkajs's own logs into the app's logger (as Nest's helpers/kafka-logger.ts does), so
 * they come out as the same JSON lines with the same fields. kafkajs logs every failed retry
 * as an error; the gateway handles those (503, circuit) and logs the outage itself, so they
 * are warnings here (STYLE.md 2.6: error means a human must act). Its info lines are debug.
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
