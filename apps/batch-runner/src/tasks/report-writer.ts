import { Inject, Injectable } from '@nestjs/common';
import { ConfigError, SluiceError } from '@sluice/contracts';
import type { BatchConnectors, JdbcReportSink } from '@sluice/connectors';
import type { BatchJob, BatchStage, Row } from '@sluice/engine';
import type { DataSource } from 'typeorm';
import { BATCH_CONNECTORS, DATA_SOURCE } from '../app-tokens';
import { RunRepository, type RunRequestKey } from '../runs/run.repository';
import type { RunPlan } from './run-plan';
import { recordInputs } from './run-planner';

/**
 * The reduce side's last step: writes every statement's rows and records the run, atomically.
 * MySQL report tables (`USING jdbc` on the runner's server) are written inside the transaction
 * that also advances incremental positions and marks the run succeeded with its input ranges,
 * so a retry or a re-run replaces the output instead of adding to it. Other sinks (files) are
 * written just before that transaction, replacing their file, which is idempotent by itself.
 */
@Injectable()
export class ReportWriter {
  constructor(
    private readonly runs: RunRepository,
    @Inject(BATCH_CONNECTORS) private readonly connectors: BatchConnectors,
    @Inject(DATA_SOURCE) private readonly dataSource: DataSource,
  ) {}

  /** Returns the rows written (bare SELECTs are computed, not stored). */
  async write(
    key: RunRequestKey,
    jobId: string,
    job: BatchJob,
    results: readonly Row[][],
    plan: RunPlan,
  ): Promise<number> {
    const reports: { sink: JdbcReportSink; stage: BatchStage; rows: readonly Row[] }[] = [];
    let rowsWritten = 0;
    for (const stage of job.stages) {
      const rows = results[stage.index]!;
      if (!stage.target) continue;
      if (stage.target.options.get('connector') === 'jdbc') {
        const { sink, isRunnerServer } = this.connectors.reportSink(stage.target);
        if (!isRunnerServer)
          throw new ConfigError(
            `INSERT into '${stage.target.name}': a batch job's jdbc output must be on the runner's MySQL server (MYSQL_URL), so that it commits together with the run record`,
            { position: job.originalPosition(stage.pos) },
          );
        // DDL commits implicitly in MySQL: create missing tables before the transaction.
        await this.dataSource.query(sink.createTableSql());
        reports.push({ sink, stage, rows });
        continue;
      }
      const factory = this.connectors.registry.get(stage.target.options.get('connector') ?? '');
      if (!factory?.createSink)
        throw new ConfigError(`table '${stage.target.name}' cannot be written to`, {
          position: job.originalPosition(stage.pos),
        });
      const sink = factory.createSink(stage.target, job.connectorContext);
      await sink.write(
        rows,
        rows.map(() => '+I'),
      );
      await sink.commit();
      rowsWritten += rows.length;
    }
    const advance = new Map(plan.isReplay ? [] : plan.advance);
    await this.runs.commit(
      key,
      jobId,
      advance,
      async (runner) => {
        for (const r of reports) {
          try {
            rowsWritten += (await r.sink.write(runner, r.rows, r.stage.write ?? { kind: 'append' })).inserted;
          } catch (error) {
            throw sinkError(error, r.stage.target!.name);
          }
        }
      },
      () => ({ inputRanges: recordInputs(plan), rowsWritten }),
    );
    return rowsWritten;
  }
}

/** MySQL errors that a retry cannot fix (the table does not fit the rows): the run fails at once. */
const PERMANENT_MYSQL_ERRORS = new Set([
  'ER_BAD_FIELD_ERROR',
  'ER_NO_SUCH_TABLE',
  'ER_PARSE_ERROR',
  'ER_WRONG_VALUE_COUNT_ON_ROW',
  'ER_DATA_TOO_LONG',
  'ER_TRUNCATED_WRONG_VALUE',
  'ER_TRUNCATED_WRONG_VALUE_FOR_FIELD',
  'ER_WARN_DATA_OUT_OF_RANGE',
  'ER_BAD_NULL_ERROR',
  'ER_TABLEACCESS_DENIED_ERROR',
]);

function sinkError(error: unknown, table: string): unknown {
  const e = error as { code?: string; driverError?: { code?: string }; message?: string };
  const code = e.driverError?.code ?? e.code;
  if (code === undefined || error instanceof SluiceError) return error;
  return new SluiceError('SINK_UNAVAILABLE', `writing '${table}' failed: ${e.message ?? String(error)}`, {
    cause: error,
    retriable: !PERMANENT_MYSQL_ERRORS.has(code),
  });
}
