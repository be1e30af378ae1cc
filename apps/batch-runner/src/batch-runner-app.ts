import { ConsoleLogger, type LogLevel } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { BatchRunnerModule } from './app.module';
import { AdminKeyAuthenticator } from './board/admin-key.authenticator';
import { mountBullBoard } from './board/bull-board';
import type { BatchRunnerConfig } from './config';
import { BullMqAdapter } from './queues/bullmq.adapter';

const LEVELS: LogLevel[] = ['fatal', 'error', 'warn', 'log', 'debug', 'verbose'];

/**
 * Builds the batch runner (not started: `init()` or `listen()` starts its workers and timers).
 * main.ts and the integration tests share it.
 */
export async function createBatchRunnerApp(config: BatchRunnerConfig): Promise<NestFastifyApplication> {
  const logLevels = LEVELS.slice(0, LEVELS.indexOf(config.logLevel) + 1);
  const app = await NestFactory.create<NestFastifyApplication>(
    BatchRunnerModule.forRoot(config),
    new FastifyAdapter(),
    {
      logger: new ConsoleLogger({ json: true, logLevels }),
      abortOnError: false,
    },
  );
  await mountBullBoard(app, app.get(BullMqAdapter), app.get(AdminKeyAuthenticator), config.board.path);
  return app;
}
