import { Job } from '@sluice/contracts/db';
import { createBatchConnectors } from '@sluice/connectors';
import { validateJob } from '@sluice/engine';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runBatchCli } from '../../../apps/batch-runner/src/cli/batch-cli';
import { BatchFixture, reportJobSql } from './batch-fixture';

describe('batch runner: deploying jobs', () => {
  let fixture: BatchFixture;
  let dir: string;

  beforeAll(async () => {
    fixture = await BatchFixture.create();
    dir = await mkdtemp(join(tmpdir(), 'sluice-jobs-'));
  });

  afterAll(async () => {
    await fixture?.close();
    await rm(dir, { recursive: true, force: true });
  });

  async function deploy(
    id: string,
    sql: string,
    ...extra: string[]
  ): Promise<{ status: number; out: string[]; err: string[] }> {
    const file = join(dir, `${id}.sql`);
    await writeFile(file, sql);
    const out: string[] = [];
    const err: string[] = [];
    const config = { mysqlUrl: fixture.db.url, kafkaBrokers: fixture.env.KAFKA_BROKERS!.split(',') };
    const status = await runBatchCli(
      ['deploy', id, '--sql-file', file, ...extra],
      config,
      (l) => out.push(l),
      (l) => err.push(l),
    );
    return { status, out, err: err.map((e) => e.replace(file, '<file>')) };
  }

  it('rejects a job with a syntax error at its line and column, and stores nothing', async () => {
    const sql = reportJobSql('orders').replace('GROUP BY product', 'GROUP product');
    const line = sql.split('\n').findIndex((l) => l.startsWith('GROUP product')) + 1;
    expect(await deploy('broken', sql)).toEqual({
      status: 1,
      out: [],
      err: [`batch: <file>:${line}:1: unexpected 'GROUP', expected ';' or end of script`],
    });
    expect(await fixture.dataSource.getRepository(Job).findOneBy({ id: 'broken' })).toBeNull();
  });

  it('rejects an unknown column of a Kafka table with its position in the script as written', async () => {
    const sql = reportJobSql('orders', { where: "to_date(ts) = DATE '${run_date}' AND amount > ${min}" });
    const line = sql.split('\n').findIndex((l) => l.includes('amount')) + 1;
    const column = sql.split('\n')[line - 1]!.indexOf('amount') + 1;
    const result = await deploy('unknown-column', sql, '--param', 'min=10');
    expect(result.status).toBe(1);
    expect(result.err[0]).toMatch(new RegExp(`^batch: <file>:${line}:${column}: unknown column 'amount'`));
  });

  it('rejects options Spark does not know for the data source', async () => {
    const sql = reportJobSql('orders', { kafkaOptions: "startingOffset 'earliest'" });
    const result = await deploy('typo', sql);
    expect(result.err[0]).toMatch(
      /^batch: <file>:2:1: table 'orders' \(kafka\): unknown option 'startingoffset'/,
    );
  });

  it('deploys a valid job once and keeps its version while the definition is unchanged', async () => {
    const sql = reportJobSql('orders');
    expect(await deploy('ok', sql, '--cron', '0 2 * * *', '--timezone', 'Europe/Paris')).toEqual({
      status: 0,
      out: ["created job 'ok' version 1, cron '0 2 * * *' (Europe/Paris)"],
      err: [],
    });
    expect((await deploy('ok', sql, '--cron', '0 2 * * *', '--timezone', 'Europe/Paris')).out).toEqual([
      "saved job 'ok' version 1, cron '0 2 * * *' (Europe/Paris)",
    ]);
    expect((await deploy('ok', sql, '--cron', '0 3 * * *', '--timezone', 'Europe/Paris')).out).toEqual([
      "saved job 'ok' version 2, cron '0 3 * * *' (Europe/Paris)",
    ]);
  });

  it('checks jobs for the gateway with validateJob: parse, plan and connector options, no I/O', async () => {
    const connectors = createBatchConnectors({ mysqlUrl: fixture.db.url });
    try {
      await expect(
        validateJob(reportJobSql('orders'), {}, { connectors: connectors.registry }),
      ).resolves.toEqual({
        stages: [
          { line: 8, column: 1, target: 'product_revenue', splitBy: 'orders', isPartialAggregate: true },
        ],
        uncheckedStatements: 0,
      });
      await expect(
        validateJob('SELECT * FROM orders\nWHERE', {}, { connectors: connectors.registry }),
      ).rejects.toMatchObject({ code: 'SQL_SYNTAX', position: { line: 2, column: 6 } });
    } finally {
      await connectors.close();
    }
  });
});
