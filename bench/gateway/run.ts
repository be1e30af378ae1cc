// `npm run bench -- gateway`: the gateway against a bare Fastify + kafkajs baseline on the same
// services, in the same run: single-event requests/s, batched events/s (100 and 1000 events per
// request), p50/p99 latency, and the gateway/baseline ratio. Writes bench/results/gateway.json.
// Gateway and baseline rounds alternate; figures are the median round and the ratio is the median
// of the paired rounds' ratios, so a burst of other work on the machine does not land on one
// side only.
// Env: BENCH_DURATION_S (per round, default 5), BENCH_ROUNDS (default 5), BENCH_LOG_LEVEL
// (the gateway's LOG_LEVEL, default info).
import { createApiKey, createSluiceDataSource } from '@sluice/contracts/db';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { createConnection } from 'mysql2/promise';
import { startServices, type StartedServices } from '../../test/harness/services';
import { measure, type Measurement, type Scenario } from './load';
import { startBaseline, startGateway, type RunningServer } from './servers';

const SCENARIOS: Scenario[] = [
  { name: 'single', eventsPerRequest: 1, connections: 64 },
  { name: 'batch100', eventsPerRequest: 100, connections: 16 },
  { name: 'batch1000', eventsPerRequest: 1000, connections: 8 },
];
const DURATION_S = Number(process.env.BENCH_DURATION_S ?? 5);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const WARMUP_S = 2;
const PARTITIONS = 4;
const TARGETS = { minRatioToBaseline: 0.8, minBatchedEventsPerSecond: 50_000 };
const run = Date.now().toString(36);
const topics = { gateway: `bench.gateway.${run}`, baseline: `bench.baseline.${run}` };

const STREAMS_YAML = `
streams:
  - name: orders
    topic: ${topics.gateway}
    partitions: ${PARTITIONS}
    key: customerId
    eventTime: ts
    schema:
      type: object
      required: [orderId, customerId, amount, ts]
      additionalProperties: false
      properties:
        eventId: { type: string }
        orderId: { type: string, minLength: 1 }
        customerId: { type: string, minLength: 1 }
        amount: { type: number, minimum: 0 }
        ts: { type: string, format: date-time }
`;

/** A database of its own with the migrations applied and one ingest key; returns its URL and the key. */
async function prepareDatabase(
  serverUrl: string,
): Promise<{ url: string; token: string; drop(): Promise<void> }> {
  const name = `bench_gateway_${run}`;
  const admin = await createConnection(serverUrl);
  await admin.query(`CREATE DATABASE \`${name}\``);
  await admin.end();
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const dataSource = createSluiceDataSource({ url: url.toString(), poolSize: 1 });
  await dataSource.initialize();
  await dataSource.runMigrations();
  const { token } = await createApiKey(dataSource, { scopes: ['ingest:orders'], name: 'bench' });
  await dataSource.destroy();
  const drop = async () => {
    const connection = await createConnection(serverUrl);
    await connection.query(`DROP DATABASE IF EXISTS \`${name}\``);
    await connection.end();
  };
  return { url: url.toString(), token, drop };
}

interface Target {
  readonly label: 'gateway' | 'baseline';
  readonly server: RunningServer;
  readonly authorization?: string;
}

/** The round with the median events/s: robust to a round that other work on the machine slowed. */
function median(rounds: Measurement[]): Measurement {
  return [...rounds].sort((a, b) => a.eventsPerSecond - b.eventsPerSecond)[Math.floor(rounds.length / 2)]!;
}

function print(label: string, scenario: string, m: Measurement): void {
  console.log(
    `${label.padEnd(8)} ${scenario.padEnd(9)} ${String(m.requestsPerSecond).padStart(7)} req/s ${String(m.eventsPerSecond).padStart(8)} events/s  p50 ${m.latencyMs.p50} ms  p99 ${m.latencyMs.p99} ms  non-2xx ${m.non2xx}  errors ${m.errors}`,
  );
}

interface ScenarioResult {
  readonly gateway: Measurement;
  readonly baseline: Measurement;
  /** Median over rounds of gateway events/s divided by the baseline's in the same round pair. */
  readonly ratio: number;
  readonly roundRatios: number[];
}

async function measureScenario(scenario: Scenario, targets: [Target, Target]): Promise<ScenarioResult> {
  const url = (t: Target) => `${t.server.url}/v1/streams/orders/events`;
  for (const t of targets) await measure(url(t), scenario, WARMUP_S, t.authorization);
  const gateway: Measurement[] = [];
  const baseline: Measurement[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    gateway.push(await measure(url(targets[0]), scenario, DURATION_S, targets[0].authorization));
    baseline.push(await measure(url(targets[1]), scenario, DURATION_S));
  }
  const roundRatios = gateway.map((g, i) =>
    Number((g.eventsPerSecond / Math.max(1, baseline[i]!.eventsPerSecond)).toFixed(3)),
  );
  const ratio = [...roundRatios].sort((a, b) => a - b)[Math.floor(ROUNDS / 2)]!;
  const result = { gateway: median(gateway), baseline: median(baseline), ratio, roundRatios };
  print('gateway', scenario.name, result.gateway);
  print('baseline', scenario.name, result.baseline);
  return result;
}

async function benchmark(services: StartedServices, databaseUrl: string, token: string, dir: string) {
  const streamsFile = join(dir, 'streams.yaml');
  writeFileSync(streamsFile, STREAMS_YAML);
  const brokers = services.kafkaBrokers.join(',');
  const logLevel = process.env.BENCH_LOG_LEVEL ?? 'info';
  const gateway = await startGateway({
    MYSQL_URL: databaseUrl,
    KAFKA_BROKERS: brokers,
    SLUICE_STREAMS: streamsFile,
    LOG_LEVEL: logLevel,
  });
  const baseline = await startBaseline({
    KAFKA_BROKERS: brokers,
    TOPIC: topics.baseline,
    KEY_FIELD: 'customerId',
    TIME_FIELD: 'ts',
  }).catch(async (error) => {
    await gateway.stop();
    throw error;
  });
  try {
    const targets: [Target, Target] = [
      { label: 'gateway', server: gateway, authorization: `Bearer ${token}` },
      { label: 'baseline', server: baseline },
    ];
    const results: Record<string, ScenarioResult> = {};
    for (const scenario of SCENARIOS) results[scenario.name] = await measureScenario(scenario, targets);
    return { results, logLevel };
  } finally {
    await Promise.all([gateway.stop(), baseline.stop()]);
  }
}

function report(
  results: Record<string, ScenarioResult>,
  logLevel: string,
  servicesMode: string,
  loadAverageAtStart: number[],
) {
  const scenarios = Object.fromEntries(
    SCENARIOS.map((s) => {
      const r = results[s.name]!;
      return [
        s.name,
        {
          ...s,
          gateway: r.gateway,
          baseline: r.baseline,
          ratioToBaseline: r.ratio,
          roundRatios: r.roundRatios,
        },
      ];
    }),
  );
  const batched = Math.max(
    results.batch100!.gateway.eventsPerSecond,
    results.batch1000!.gateway.eventsPerSecond,
  );
  const minRatio = Math.min(...Object.values(scenarios).map((s) => s.ratioToBaseline));
  return {
    benchmark: 'gateway',
    date: new Date().toISOString(),
    // Load averages show how busy the machine was with other work: the ratio is fair either way
    // (rounds alternate), absolute figures are not.
    machine: {
      cpus: cpus().length,
      cpuModel: cpus()[0]?.model ?? 'unknown',
      node: process.version,
      services: servicesMode,
      loadAverageAtStart,
      loadAverageAtEnd: loadavg().map((l) => Number(l.toFixed(2))),
    },
    settings: {
      roundSeconds: DURATION_S,
      rounds: ROUNDS,
      statistic: 'median round; ratio = median of paired round ratios',
      warmupSeconds: WARMUP_S,
      partitions: PARTITIONS,
      gatewayLogLevel: logLevel,
      acks: -1,
      compression: 'gzip',
    },
    scenarios,
    targets: TARGETS,
    meetsTargets: {
      ratioToBaseline: minRatio >= TARGETS.minRatioToBaseline,
      batchedEventsPerSecond: batched >= TARGETS.minBatchedEventsPerSecond,
    },
  };
}

async function main(): Promise<void> {
  console.log(
    `gateway bench: median of ${ROUNDS} alternating ${DURATION_S} s rounds per scenario, ${cpus().length} cores, node ${process.version}, load average ${loadavg()[0]!.toFixed(2)}`,
  );
  const loadAverageAtStart = loadavg().map((l) => Number(l.toFixed(2)));
  const services = await startServices({
    topics: [
      { name: topics.gateway, partitions: PARTITIONS },
      { name: topics.baseline, partitions: PARTITIONS },
    ],
  });
  const dir = mkdtempSync(join(tmpdir(), 'sluice-bench-gateway-'));
  const database = await prepareDatabase(services.mysqlUrl).catch(async (error) => {
    await services.stop();
    throw error;
  });
  try {
    const { results, logLevel } = await benchmark(services, database.url, database.token, dir);
    const result = report(results, logLevel, services.mode, loadAverageAtStart);
    const out = join(__dirname, '../results/gateway.json');
    mkdirSync(join(__dirname, '../results'), { recursive: true });
    writeFileSync(out, `${JSON.stringify(result, null, 2)}\n`);
    for (const [name, s] of Object.entries(result.scenarios))
      console.log(`${name}: gateway/baseline ${s.ratioToBaseline}`);
    console.log(`targets met: ${JSON.stringify(result.meetsTargets)}; written to bench/results/gateway.json`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
    await database.drop().catch(() => {});
    await services.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
