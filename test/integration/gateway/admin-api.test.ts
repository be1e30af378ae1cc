import type { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DATA_SOURCE } from '../../../apps/gateway/src/app-tokens';
import { GatewayFixture, type GatewayResponse } from './gateway-fixture';

interface Problem {
  readonly code: string;
  readonly line?: number;
  readonly column?: number;
  readonly errors?: Array<{ pointer: string; message: string }>;
}

interface Run {
  readonly id: string;
  readonly scheduledFor: string;
  readonly trigger: string;
  readonly windowStart: string | null;
  readonly windowEnd: string | null;
  readonly status: string;
  readonly parameters: Record<string, string>;
}

const RULE_SQL = `CREATE TABLE big_orders (orderId STRING, customerId STRING, amount DOUBLE, PRIMARY KEY (orderId) NOT ENFORCED)
  WITH ('connector' = 'jdbc', 'url' = 'jdbc:mysql://db:3306/sluice', 'table-name' = 'big_orders');
INSERT INTO big_orders
SELECT orderId, customerId, amount
FROM orders
WHERE amount > 1000`;

const JOB_SQL =
  "INSERT INTO daily_revenue SELECT customerId, sum(amount) AS revenue FROM orders WHERE to_date(ts) = DATE '${run_date}' AND amount >= ${min_amount} GROUP BY customerId";

describe('admin API for rules and jobs', () => {
  let gateway: GatewayFixture;
  let admin: string;

  beforeAll(async () => {
    // A small backfill cap keeps the over-the-limit case quick (cron-parser takes ms per step).
    gateway = await GatewayFixture.start({ GATEWAY_MAX_BACKFILL_RUNS: '30' });
    admin = await gateway.createKey('admin');
  });
  afterAll(async () => {
    await gateway?.close();
  });

  const call = (method: string, path: string, body?: unknown): Promise<GatewayResponse> =>
    gateway.request(method, path, { key: admin, body });
  const problem = (response: GatewayResponse) => response.body as Problem;

  describe('rules', () => {
    it('creates, reads, replaces, lists and deletes a rule, versioning each change', async () => {
      const created = await call('PUT', '/v1/rules/big-orders', { sql: RULE_SQL });
      expect(created.status).toBe(201);
      expect(created.body).toMatchObject({
        id: 'big-orders',
        sql: RULE_SQL,
        enabled: true,
        version: 1,
        status: 'pending',
      });

      expect((await call('GET', '/v1/rules/big-orders')).body).toEqual(created.body);
      const unchanged = await call('PUT', '/v1/rules/big-orders', { sql: RULE_SQL });
      expect([unchanged.status, (unchanged.body as { version: number }).version]).toEqual([200, 1]);
      const disabled = await call('PUT', '/v1/rules/big-orders', { sql: RULE_SQL, enabled: false });
      expect(disabled.body).toMatchObject({ version: 2, enabled: false });

      await call('PUT', '/v1/rules/another', { sql: RULE_SQL.replace('amount > 1000', 'amount > 5000') });
      const list = (await call('GET', '/v1/rules')).body as { rules: Array<{ id: string }> };
      expect(list.rules.map((r) => r.id)).toEqual(['another', 'big-orders']);

      expect((await call('DELETE', '/v1/rules/big-orders')).status).toBe(204);
      expect((await call('GET', '/v1/rules/big-orders')).status).toBe(404);
      expect((await call('DELETE', '/v1/rules/big-orders')).status).toBe(404);
    });

    it('refuses SQL that does not parse with 422 and its line and column, storing nothing', async () => {
      const response = await call('PUT', '/v1/rules/broken', {
        sql: 'INSERT INTO alerts\nSELECT orderId\nFROM orders WHERE amount >',
      });
      expect(response.status).toBe(422);
      expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      expect(problem(response)).toMatchObject({ code: 'SQL_SYNTAX', line: 3, column: 27 });
      expect((await call('GET', '/v1/rules/broken')).status).toBe(404);
    });

    it('compiles rules against the registered streams: an unknown column is a 422 at its place', async () => {
      const response = await call('PUT', '/v1/rules/typo', {
        sql: RULE_SQL.replace('WHERE amount', 'WHERE amout'),
      });
      expect(response.status).toBe(422);
      expect(problem(response)).toMatchObject({ code: 'PLAN_UNKNOWN_COLUMN', line: 6, column: 7 });
      expect((response.body as { detail: string }).detail).toContain("did you mean 'amount'");
    });

    it('refuses a malformed body or id with 400 and the JSON pointer of the problem', async () => {
      const response = await call('PUT', '/v1/rules/r1', { sq: 'SELECT 1' });
      expect(response.status).toBe(400);
      expect(problem(response).errors).toEqual(
        expect.arrayContaining([
          { pointer: '/sql', message: "must have required property 'sql'" },
          { pointer: '/sq', message: 'must NOT have additional properties' },
        ]),
      );
      expect((await call('PUT', '/v1/rules/bad%20id', { sql: 'SELECT 1' })).status).toBe(400);
    });
  });

  describe('jobs', () => {
    const job = {
      sql: JOB_SQL,
      cron: '0 2 * * *',
      timezone: 'Europe/Paris',
      parameters: { min_amount: '10' },
    };

    it('creates, replaces and deletes a job with cron, time zone and parameters', async () => {
      const created = await call('PUT', '/v1/jobs/revenue', job);
      expect(created.status).toBe(201);
      expect(created.body).toMatchObject({ ...job, id: 'revenue', enabled: true, version: 1 });
      const changed = await call('PUT', '/v1/jobs/revenue', { ...job, cron: '0 3 * * *' });
      expect([changed.status, (changed.body as { version: number }).version]).toEqual([200, 2]);
      expect((await call('GET', '/v1/jobs')).body).toMatchObject({
        jobs: [{ id: 'revenue', cron: '0 3 * * *' }],
      });

      await call('PUT', '/v1/jobs/short-lived', { sql: 'SELECT 1' });
      expect((await call('DELETE', '/v1/jobs/short-lived')).status).toBe(204);
      expect((await call('GET', '/v1/jobs/short-lived')).status).toBe(404);
    });

    it('points SQL errors at the script as written, before ${...} substitution', async () => {
      const sql = "SELECT * FROM orders WHERE d = '${run_date}' AND amount > ${min_amount} ORDER BY )";
      const response = await call('PUT', '/v1/jobs/broken', { ...job, sql });
      expect(response.status).toBe(422);
      expect(problem(response)).toMatchObject({
        code: 'SQL_SYNTAX',
        line: 1,
        column: sql.lastIndexOf(')') + 1,
      });

      const unknown = await call('PUT', '/v1/jobs/broken', { ...job, sql: 'SELECT ${nope} FROM orders' });
      expect(unknown.status).toBe(422);
      expect(problem(unknown)).toMatchObject({ code: 'PLAN_INVALID', line: 1, column: 8 });
    });

    it('refuses a bad cron, time zone or reserved parameter with 400 naming the field', async () => {
      const answers = [
        await call('PUT', '/v1/jobs/j', { ...job, cron: '61 * * * *' }),
        await call('PUT', '/v1/jobs/j', { ...job, cron: 'every day' }),
        await call('PUT', '/v1/jobs/j', { ...job, timezone: 'Mars/Olympus' }),
        await call('PUT', '/v1/jobs/j', { ...job, parameters: { run_date: '2024-01-01' } }),
      ];
      expect(answers.map((a) => a.status)).toEqual([400, 400, 400, 400]);
      expect(answers.map((a) => problem(a).errors?.[0]?.pointer)).toEqual([
        '/cron',
        '/cron',
        '/timezone',
        '/parameters/run_date',
      ]);
    });

    it('queues a triggered run and backfills one run per cron fire, without duplicates', async () => {
      await call('PUT', '/v1/jobs/daily', {
        sql: JOB_SQL,
        cron: '0 2 * * *',
        timezone: 'UTC',
        parameters: { min_amount: '0' },
      });
      const now = await call('POST', '/v1/jobs/daily/runs', {});
      expect(now.status).toBe(202);
      const [manual] = (now.body as { runs: Run[] }).runs;
      expect(manual).toMatchObject({ trigger: 'manual', status: 'queued' });
      expect(Date.parse(manual!.windowEnd!) - Date.parse(manual!.windowStart!)).toBeLessThanOrEqual(
        86_400_000,
      );

      const backfill = {
        backfill: { from: '2024-03-01T00:00:00Z', to: '2024-03-04T00:00:00Z' },
        parameters: { min_amount: '5' },
      };
      const first = (await call('POST', '/v1/jobs/daily/runs', backfill)).body as { runs: Run[] };
      expect(
        first.runs.map((r) => [r.scheduledFor, r.windowStart, r.windowEnd, r.trigger, r.status]),
      ).toEqual([
        [
          '2024-03-01T02:00:00.000Z',
          '2024-02-29T02:00:00.000Z',
          '2024-03-01T02:00:00.000Z',
          'backfill',
          'queued',
        ],
        [
          '2024-03-02T02:00:00.000Z',
          '2024-03-01T02:00:00.000Z',
          '2024-03-02T02:00:00.000Z',
          'backfill',
          'queued',
        ],
        [
          '2024-03-03T02:00:00.000Z',
          '2024-03-02T02:00:00.000Z',
          '2024-03-03T02:00:00.000Z',
          'backfill',
          'queued',
        ],
      ]);
      expect(first.runs[0]!.parameters).toEqual({ min_amount: '5' });
      const again = (await call('POST', '/v1/jobs/daily/runs', backfill)).body as { runs: Run[] };
      expect(again.runs.map((r) => r.id)).toEqual(first.runs.map((r) => r.id));

      const listed = (await call('GET', '/v1/jobs/daily/runs')).body as { runs: Run[] };
      expect(listed.runs.map((r) => r.scheduledFor)).toEqual([
        manual!.scheduledFor,
        ...first.runs.map((r) => r.scheduledFor).reverse(),
      ]);
      expect(((await call('GET', '/v1/jobs/daily/runs?limit=2')).body as { runs: Run[] }).runs).toHaveLength(
        2,
      );
    });

    it('leaves runs where the batch runner can claim them, and requeues a finished run when triggered again', async () => {
      await call('PUT', '/v1/jobs/claimed', { sql: 'SELECT 1', cron: '*/5 * * * *' });
      const requested = (
        await call('POST', '/v1/jobs/claimed/runs', { scheduledFor: '2024-03-01T10:05:00Z' })
      ).body as { runs: Run[] };
      const dataSource = gateway.app.get<DataSource>(DATA_SOURCE);
      // The batch runner's claim, as documented on the JobRun entity.
      const claimed = await dataSource.transaction(async (manager) => {
        const rows = (await manager.query(
          `SELECT id FROM sluice_job_runs WHERE status = 'queued' AND job_id = ? ORDER BY requested_at, id LIMIT 10 FOR UPDATE SKIP LOCKED`,
          ['claimed'],
        )) as Array<{ id: string }>;
        await manager.query(
          `UPDATE sluice_job_runs SET status = 'succeeded', attempts = attempts + 1 WHERE id IN (?)`,
          [rows.map((r) => r.id)],
        );
        return rows.map((r) => String(r.id));
      });
      expect(claimed).toEqual([requested.runs[0]!.id]);

      const rerun = (await call('POST', '/v1/jobs/claimed/runs', { scheduledFor: '2024-03-01T10:05:00Z' }))
        .body as { runs: Run[] };
      expect(rerun.runs).toMatchObject([
        { id: requested.runs[0]!.id, status: 'queued', windowStart: '2024-03-01T10:00:00.000Z' },
      ]);
      const succeeded = await call('GET', '/v1/jobs/claimed/runs?status=succeeded');
      expect((succeeded.body as { runs: Run[] }).runs).toEqual([]);
    });

    it('refuses backfills it cannot plan and runs of unknown jobs', async () => {
      await call('PUT', '/v1/jobs/on-demand', { sql: 'SELECT 1' });
      const answers = [
        await call('POST', '/v1/jobs/on-demand/runs', {
          backfill: { from: '2024-03-01T00:00:00Z', to: '2024-03-02T00:00:00Z' },
        }),
        await call('POST', '/v1/jobs/daily/runs', {
          backfill: { from: '2024-03-02T00:00:00Z', to: '2024-03-01T00:00:00Z' },
        }),
        await call('POST', '/v1/jobs/daily/runs', {
          backfill: { from: '2024-01-01T00:00:00Z', to: '2024-03-01T00:00:00Z' },
        }),
        await call('POST', '/v1/jobs/nope/runs', {}),
        await call('GET', '/v1/jobs/nope/runs'),
      ];
      expect(answers.map((a) => a.status)).toEqual([400, 400, 400, 404, 404]);
    });
  });
});
