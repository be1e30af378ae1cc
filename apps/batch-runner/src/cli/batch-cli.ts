import { SluiceError } from '@sluice/contracts';
import { createBatchConnectors } from '@sluice/connectors';
import type { JobRun } from '@sluice/contracts/db';
import { validateJob } from '@sluice/engine';
import { Command } from 'commander';
import { createConnection } from 'mysql2/promise';
import { readFile } from 'node:fs/promises';
import { setTimeout as delay } from 'node:timers/promises';
import type { DataSource } from 'typeorm';
import type { BatchCliConfig } from '../config';
import { openDataSource } from '../database/data-source.provider';
import { JobAdmin } from './job-admin';

export type LineWriter = (line: string) => void;

/**
 * `batch-runner deploy | trigger | runs ...` (and `sluice batch ...`): deploy a job from a SQL
 * file, request runs and wait for them, list runs, print a report table. They talk to MySQL only,
 * as the gateway's admin API does; a running batch runner picks the runs up.
 */
export async function runBatchCli(
  args: readonly string[],
  config: BatchCliConfig,
  out: LineWriter,
  err: LineWriter,
): Promise<number> {
  let status = 0;
  const program = new Command('batch').exitOverride().showHelpAfterError();
  const withAdmin = async (work: (admin: JobAdmin, dataSource: DataSource) => Promise<number>) => {
    const dataSource = await openDataSource({ url: config.mysqlUrl, runMigrations: true });
    try {
      status = await work(new JobAdmin(dataSource), dataSource);
    } finally {
      await dataSource.destroy();
    }
  };
  program
    .command('deploy <id>')
    .description('create or replace a job from a Spark SQL file (checked like the gateway checks it)')
    .requiredOption('--sql-file <path>', 'the Spark SQL script')
    .option('--cron <expression>', '5 or 6 cron fields; without it the job runs only when triggered')
    .option('--timezone <zone>', 'IANA time zone of the cron', 'UTC')
    .option('--param <name=value>', 'default of a ${name} placeholder (repeatable)', collect, [])
    .option('--disabled', 'keep the schedule off')
    .action(
      async (
        id: string,
        o: { sqlFile: string; cron?: string; timezone: string; param: string[]; disabled?: boolean },
      ) => {
        const sql = await readFile(o.sqlFile, 'utf8');
        const parameters = parseParams(o.param);
        const connectors = createBatchConnectors({
          mysqlUrl: config.mysqlUrl,
          kafkaBrokers: config.kafkaBrokers,
        });
        try {
          await validateJob(sql, parameters, { connectors: connectors.registry });
        } catch (error) {
          if (error instanceof SluiceError && error.position)
            throw new Error(`${o.sqlFile}:${error.position.line}:${error.position.column}: ${error.message}`);
          throw error;
        } finally {
          await connectors.close();
        }
        await withAdmin(async (admin) => {
          const { job, isCreated } = await admin.save(id, {
            sql,
            cron: o.cron ?? null,
            timezone: o.timezone,
            parameters,
            enabled: !o.disabled,
          });
          out(
            `${isCreated ? 'created' : 'saved'} job '${job.id}' version ${job.version}${job.cron ? `, cron '${job.cron}' (${job.timezone})` : ', on demand only'}`,
          );
          return 0;
        });
      },
    );
  program
    .command('trigger <id>')
    .description('request a run now, at --scheduled-for, or one per cron fire in [--from, --to)')
    .option('--scheduled-for <iso>', 'logical time of the run')
    .option('--from <iso>', 'backfill start (inclusive)')
    .option('--to <iso>', 'backfill end (exclusive)')
    .option('--param <name=value>', 'override a parameter for these runs (repeatable)', collect, [])
    .option('--wait', 'wait until the runs finish; exit 1 if one failed')
    .option('--timeout <ms>', 'give up waiting after this long', '300000')
    .option('--print-table <table>', 'after success, print this MySQL table as NDJSON')
    .action(
      async (
        id: string,
        o: {
          scheduledFor?: string;
          from?: string;
          to?: string;
          param: string[];
          wait?: boolean;
          timeout: string;
          printTable?: string;
        },
      ) => {
        await withAdmin(async (admin) => {
          const backfill =
            o.from || o.to ? { from: isoDate(o.from, '--from'), to: isoDate(o.to, '--to') } : undefined;
          const requested = await admin.request(id, {
            scheduledFor: o.scheduledFor ? isoDate(o.scheduledFor, '--scheduled-for') : undefined,
            backfill,
            parameters: parseParams(o.param),
          });
          out(`requested ${requested.length} run(s) of '${id}'`);
          if (!o.wait) return 0;
          const finished = await waitForRuns(admin, id, requested, Number(o.timeout));
          for (const run of finished) out(describeRun(run));
          if (finished.some((r) => r.status !== 'succeeded')) return 1;
          if (o.printTable) for (const line of await tableLines(config.mysqlUrl, o.printTable)) out(line);
          return 0;
        });
      },
    );
  program
    .command('runs <id>')
    .description('the latest runs of a job')
    .option('--limit <n>', 'how many', '20')
    .action(async (id: string, o: { limit: string }) => {
      await withAdmin(async (admin) => {
        for (const run of await admin.runs(id, undefined, Number(o.limit))) out(describeRun(run));
        return 0;
      });
    });
  try {
    await program.parseAsync([...args], { from: 'user' });
    return status;
  } catch (error) {
    const e = error as { code?: string; exitCode?: number; message: string };
    if (e.code?.startsWith('commander.')) return e.exitCode ?? 1;
    err(`batch: ${e.message}`);
    return 1;
  }
}

async function waitForRuns(
  admin: JobAdmin,
  jobId: string,
  requested: readonly JobRun[],
  timeoutMs: number,
): Promise<JobRun[]> {
  const deadline = Date.now() + timeoutMs;
  const times = requested.map((r) => r.scheduledFor);
  for (;;) {
    const runs = await admin.runs(jobId, times, times.length);
    if (runs.every((r) => r.status === 'succeeded' || r.status === 'failed')) return runs.reverse();
    if (Date.now() > deadline)
      throw new Error(
        `runs still ${runs.map((r) => r.status).join(', ')} after ${timeoutMs} ms: is a batch runner running?`,
      );
    await delay(250);
  }
}

function describeRun(run: JobRun): string {
  const tail =
    run.status === 'succeeded'
      ? `${run.rowsWritten ?? 0} row(s) written`
      : run.status === 'failed'
        ? `error: ${run.error}`
        : '';
  return `run ${run.id} of '${run.jobId}' for ${run.scheduledFor.toISOString()}: ${run.status} (attempt ${run.attempts})${tail ? `, ${tail}` : ''}`;
}

/** The table's rows as NDJSON, dates as text (a separate connection with dateStrings). */
async function tableLines(mysqlUrl: string, table: string): Promise<string[]> {
  const connection = await createConnection({
    uri: mysqlUrl,
    dateStrings: true,
    supportBigNumbers: true,
    bigNumberStrings: false,
    decimalNumbers: false,
  });
  try {
    const name = table
      .split('.')
      .map((p) => `\`${p.replace(/`/g, '``')}\``)
      .join('.');
    const [rows, fields] = await connection.query(`SELECT * FROM ${name}`);
    const columns = fields.map((f) => f.name);
    return (rows as Record<string, unknown>[])
      .map((r) => JSON.stringify(Object.fromEntries(columns.map((c) => [c, r[c]]))))
      .sort();
  } finally {
    await connection.end();
  }
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

function parseParams(items: readonly string[]): Record<string, string> {
  const params: Record<string, string> = {};
  for (const item of items) {
    const eq = item.indexOf('=');
    if (eq <= 0) throw new Error(`--param expects name=value, got '${item}'`);
    params[item.slice(0, eq)] = item.slice(eq + 1);
  }
  return params;
}

function isoDate(text: string | undefined, option: string): Date {
  const d = new Date(text ?? '');
  if (!text || Number.isNaN(d.getTime()))
    throw new Error(`${option} expects an ISO date-time, e.g. 2024-03-01T00:00:00Z`);
  return d;
}
