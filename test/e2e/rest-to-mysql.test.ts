import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { createApiKey, createSluiceDataSource } from '@sluice/contracts/db';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runScriptFile } from '../../apps/cli/src/run/run-script';
import { loadConfig } from '../../apps/gateway/src/config';
import { createGatewayApp } from '../../apps/gateway/src/gateway-app';
import { readStreamCatalog } from '../../apps/gateway/src/streams/read-stream-catalog';
import { testKafka } from '../harness/test-context';
import { flushEvents, generateEvents, SCENARIO_RULES, type ScenarioEvent } from '../integration/cep-runner/cep-scenario';
import { createCepTestEnv, tableRows, waitForCheckpointAtEnd, type CepTestEnv } from '../integration/cep-runner/cep-test-kit';
import { streamDdl } from '../integration/cep-runner/reference-run';
import { buildRunner } from '../integration/cep-runner/runner-build';
import { RunnerProcess } from '../integration/cep-runner/runner-process';
import { expectTablesOfReference } from '../integration/cep-runner/scenario-assertions';

/**
 * The whole pipeline on real services: events posted to the gateway's REST API (with client
 * retries), rules deployed through its admin API, the CEP runner (a real process, killed with
 * SIGKILL once halfway) writing MySQL; the tables must equal what `sluice run` computes from the
 * same events in files.
 */
describe('REST -> Kafka -> CEP runner -> MySQL', () => {
  const kafka = testKafka();
  let env: CepTestEnv;
  let gateway: NestFastifyApplication;
  let gatewayUrl: string;
  let token: string;
  let mainJs: string;

  beforeAll(async () => {
    [env, mainJs] = await Promise.all([createCepTestEnv(), buildRunner()]);
    const config = loadConfig({ MYSQL_URL: env.database.url, KAFKA_BROKERS: env.runnerEnv().KAFKA_BROKERS, SLUICE_STREAMS: env.streamsFile, HOST: '127.0.0.1', PORT: '0', LOG_LEVEL: 'silent' });
    gateway = await createGatewayApp(config, await readStreamCatalog(env.streamsFile));
    await gateway.listen({ port: 0, host: '127.0.0.1' });
    gatewayUrl = await gateway.getUrl();
    const db = createSluiceDataSource({ url: env.database.url, poolSize: 1 });
    await db.initialize();
    try {
      token = (await createApiKey(db, { scopes: ['admin', 'ingest:*'], name: 'e2e' })).token;
    } finally {
      await db.destroy();
    }
  });

  afterAll(async () => {
    await RunnerProcess.killAll();
    await gateway?.close();
    await env?.cleanup();
  });

  async function call(method: string, path: string, body?: string, contentType = 'application/json'): Promise<{ status: number; body: unknown }> {
    const headers: Record<string, string> = { authorization: `Bearer ${token}` };
    if (body !== undefined) headers['content-type'] = contentType;
    const response = await fetch(`${gatewayUrl}${path}`, { method, headers, body });
    const text = await response.text();
    return { status: response.status, body: text ? JSON.parse(text) : undefined };
  }

  /** Posts events in emission order, one NDJSON request per run of the same stream. */
  async function post(events: readonly ScenarioEvent[]): Promise<void> {
    for (let i = 0; i < events.length; ) {
      let j = i;
      while (j < events.length && events[j].stream === events[i].stream && j - i < 200) j++;
      const body = events.slice(i, j).map((e) => JSON.stringify(e.payload)).join('\n');
      const answer = await call('POST', `/v1/streams/${events[i].stream}/events`, body, 'application/x-ndjson');
      expect(answer.status, JSON.stringify(answer.body)).toBe(202);
      i = j;
    }
  }

  it('fills the rules tables with exactly what sluice run computes on the same events', { timeout: 120_000 }, async () => {
    for (const rule of SCENARIO_RULES) {
      const answer = await call('PUT', `/v1/rules/${rule.id}`, JSON.stringify({ sql: rule.sql(env.jdbc) }));
      expect(answer.status, JSON.stringify(answer.body)).toBe(201);
    }
    const logFile = join(process.env.CEP_TEST_LOG_DIR ?? env.dir, 'e2e-runner.log');
    const events = generateEvents(800, 53);
    const half = Math.floor(events.length / 2);

    let runner = RunnerProcess.start(mainJs, env.runnerEnv(), logFile, 'runner');
    await runner.waitFor('restored: processing', 60_000);
    await post(events.slice(0, half));
    await runner.killNow();
    runner = RunnerProcess.start(mainJs, env.runnerEnv(), logFile, 'runner-restarted');
    await post(events.slice(half));
    await post(flushEvents(env.topics, events));
    const current = runner;
    try {
      await waitForCheckpointAtEnd(kafka, env, 90_000, () => (current.hasExited ? new Error(`runner exited:\n${current.tail()}`) : undefined));
      const rules = (await call('GET', '/v1/rules')).body as { rules: { id: string; status: string; statusDetail: string | null }[] };
      expect(rules.rules.map((r) => [r.id, r.status, r.statusDetail])).toEqual(SCENARIO_RULES.map((r) => [r.id, 'running', null]).sort());
    } finally {
      await runner.stop();
    }
    await expectTablesOfReference(env, events);

    // And literally `sluice run` (the CLI's code path, NDJSON out) on the files of the same events.
    const script = join(env.dir, 'revenue.sql');
    await writeFile(script, `SET 'execution.runtime-mode' = 'streaming';\n${env.streams.map(streamDdl).join(';\n')};\n${REVENUE_QUERY};\n`);
    const printed: string[] = [];
    const outcome = await runScriptFile(script, 'flink', { stdout: (line) => printed.push(line), stderr: (line) => printed.push(`stderr: ${line}`) });
    expect(outcome.exitCode, printed.join('\n')).toBe(0);
    const cliRows = printed.map((line) => JSON.stringify(Object.values(JSON.parse(line) as Record<string, unknown>).map(String))).sort();
    const mysqlRows = (await tableRows(env.database.url, 'revenue_per_minute')).map((row) => JSON.stringify((JSON.parse(row) as unknown[]).map(String))).sort();
    expect(mysqlRows).toEqual(cliRows);
    expect(cliRows.length).toBeGreaterThan(10);
  });
});

const REVENUE_QUERY = `SELECT product, window_start, window_end, COUNT(*) AS orders, SUM(quantity) AS units, CAST(SUM(amount) AS DECIMAL(16, 2)) AS revenue
FROM TABLE(TUMBLE(TABLE orders, DESCRIPTOR(ts), INTERVAL '1' MINUTE))
GROUP BY product, window_start, window_end`;
