import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { SluiceError, type StreamCatalog } from '@sluice/contracts';
import { parseMysqlUrl } from '@sluice/connectors';
import { createSluiceDataSource } from '@sluice/contracts/db';
import { hostname } from 'node:os';
import { setTimeout as delay } from 'node:timers/promises';
import type { DataSource } from 'typeorm';
import { CheckpointRepository } from './checkpoint/checkpoint.repository';
import { isStatementDataError } from './checkpoint/mysql-errors';
import type { CepRunnerConfig } from './config';
import { CepRunnerModule } from './http/cep-runner.module';
import { KafkaSourceAdapter } from './kafka/kafka-source.adapter';
import { PinoNestLogger } from './logging/pino-nest-logger';
import { createRootLogger } from './logging/root-logger';
import { CepMetrics } from './metrics/cep-metrics';
import type { RuleContext } from './rule-host/deployed-rule';
import type { RuleStatusReporter } from './rule-host/rule-host';
import { CepRunner } from './runner/cep-runner';

/** A runner that is up: its control loop, HTTP address, and a graceful stop (final checkpoint). */
export interface StartedCepRunner {
  readonly runner: CepRunner;
  readonly url: string;
  stop(): Promise<void>;
}

const logger = new Logger('CepRunnerApp');

/**
 * Builds and starts the CEP runner: MySQL (migrations), the health/metrics HTTP server, then the
 * Kafka consumer. main.ts and the integration tests share it.
 */
export async function startCepRunner(config: CepRunnerConfig, catalog: StreamCatalog): Promise<StartedCepRunner> {
  const root = createRootLogger(config.logLevel);
  Logger.overrideLogger(new PinoNestLogger(root));
  const db = await openDatabase(config);
  const owner = `${hostname()}:${process.pid}:${Date.now()}`.slice(0, 200);
  const repository = new CheckpointRepository(db, config.kafka.groupId, owner);
  const metrics = new CepMetrics();
  const source = new KafkaSourceAdapter(config, [...new Set(catalog.streams.map((s) => s.topic))]);
  const runner = new CepRunner({ config, catalog, repository, source, metrics, ruleContext: ruleContext(config, catalog, repository), reporter: statusReporter(repository, metrics) });
  let app: NestFastifyApplication | undefined;
  try {
    app = await NestFactory.create<NestFastifyApplication>(CepRunnerModule.forRoot(runner, repository, metrics), new FastifyAdapter(), { logger: new PinoNestLogger(root) });
    await app.listen({ port: config.http.port, host: config.http.host });
    await runner.start();
  } catch (error) {
    await app?.close().catch(() => undefined);
    await db.destroy().catch(() => undefined);
    throw error;
  }
  const url = await app.getUrl();
  logger.log({ msg: `CEP runner listening on ${url}`, groupId: config.kafka.groupId, streams: catalog.streams.map((s) => s.name), owner });
  let stopping: Promise<void> | undefined;
  return {
    runner,
    url,
    stop: () =>
      (stopping ??= (async () => {
        await runner.stop();
        await app.close();
        await db.destroy();
      })()),
  };
}

async function openDatabase(config: CepRunnerConfig): Promise<DataSource> {
  for (let attempt = 1; ; attempt++) {
    const db = createSluiceDataSource({ url: config.mysql.url, poolSize: config.mysql.poolSize });
    try {
      await db.initialize();
      // Another process (gateway, runner) may be migrating at the same moment: retry once it is done.
      if (config.mysql.runMigrations) await db.runMigrations({ transaction: 'each' });
      return db;
    } catch (error) {
      await db.destroy().catch(() => undefined);
      if (attempt >= 10) throw new SluiceError('DATABASE_UNAVAILABLE', `MySQL not usable after ${attempt} attempts: ${(error as Error).message}`, { cause: error });
      logger.warn(`MySQL not ready (attempt ${attempt}): ${(error as Error).message}`);
      await delay(Math.min(config.retry.initialMs * 2 ** attempt, config.retry.maxMs));
    }
  }
}

function ruleContext(config: CepRunnerConfig, catalog: StreamCatalog, repository: CheckpointRepository): RuleContext {
  return {
    streams: catalog.streams,
    mysql: parseMysqlUrl(config.mysql.url),
    execute: async (sql) => {
      try {
        await repository.execute(sql);
      } catch (error) {
        // MySQL refusing the DDL is the rule's problem; MySQL being away is not.
        if (isStatementDataError(error)) throw new SluiceError('EXECUTION_FAILED', `creating the sink table failed: ${(error as Error).message}`, { cause: error });
        throw new SluiceError('DATABASE_UNAVAILABLE', `creating the sink table failed: ${(error as Error).message}`, { cause: error });
      }
    },
  };
}

function statusReporter(repository: CheckpointRepository, metrics: CepMetrics): RuleStatusReporter {
  const statusLogger = new Logger('RuleStatus');
  return {
    report: (ruleId, version, status, detail) => {
      repository.setRuleStatus(ruleId, version, status, detail).catch((error: unknown) => statusLogger.warn({ msg: `cannot record rule status: ${(error as Error).message}`, ruleId }));
    },
    countError: (ruleId) => metrics.ruleErrors.inc({ rule: ruleId }),
  };
}
