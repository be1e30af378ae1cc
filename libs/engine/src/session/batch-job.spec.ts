import { SluiceError } from '@sluice/contracts';
import { describe, expect, it } from 'vitest';
import type { TableDefinition } from '../catalog/table-definition';
import { connectorRegistry, type ConnectorFactory } from '../connector/connector';
import { Decimal } from '../types/decimal';
import { formatNdjsonRow, compileOutputFormatter } from '../types/format-value';
import type { Row } from '../types/values';
import { compileBatchJob, type BatchJob } from './batch-job';
import type { MapOutput } from './batch-stage';
import { runQueryOnRows } from './run-query-on-rows';
import type { InputSplit, SplittableConnector } from './splittable-connector';
import { validateJob } from './validate-job';

const day = (iso: string) => Math.floor(Date.parse(`${iso}T00:00:00Z`) / 86_400_000);
const EVENTS: Row[] = Array.from({ length: 200 }, (_, i) => [
  `e${i}`,
  ['gadget', 'widget', 'gizmo'][i % 3],
  i % 7 === 0 ? null : (i % 5) + 1,
  Decimal.fromString(`${(i % 11) + 0.25}`)!.rescale(2),
  day(i < 120 ? '2024-03-01' : '2024-03-02'),
]);
const EVENT_COLUMNS = 'id STRING, product STRING, quantity INT, price DECIMAL(10, 2), d DATE';
const PRODUCTS: Row[] = [
  ['gadget', 'tools'],
  ['widget', 'tools'],
  ['gizmo', 'toys'],
];

/** Serves rows from memory, split into `splits` chunks: a stand-in for the Kafka source. */
function rowsConnector(data: Record<string, Row[]>, splits: number): SplittableConnector {
  const rowsOf = (table: TableDefinition) => data[table.options.get('rows.table')!]!;
  return {
    name: 'test-rows',
    createBoundedSource: (table) => ({ readAll: async () => rowsOf(table) }),
    planSplits: async (table) => {
      const n = table.options.get('split') === 'false' ? 1 : splits;
      const size = Math.ceil(rowsOf(table).length / n);
      return {
        splits: Array.from({ length: n }, (_, i) => ({ key: `${i}`, spec: [i * size, (i + 1) * size] })),
        ranges: [],
        isIncremental: false,
      };
    },
    createSplitSource: (table, _ctx, split) => ({
      readAll: async () => rowsOf(table).slice(...(split.spec as [number, number])),
    }),
  };
}

const sinkConnector: ConnectorFactory = { name: 'test-sink' };

const DDL = `
CREATE TABLE events (${EVENT_COLUMNS}) OPTIONS (connector 'test-rows', rows.table 'events');
CREATE TABLE products (name STRING, category STRING) OPTIONS (connector 'test-rows', rows.table 'products', split 'false');
CREATE TABLE report (report_date DATE, product STRING, n BIGINT, units BIGINT, revenue DECIMAL(20, 2)) OPTIONS (connector 'test-sink') PARTITIONED BY (report_date);
`;

async function compile(sql: string, splits = 4, parameters: Record<string, string> = {}): Promise<BatchJob> {
  const connectors = connectorRegistry([
    rowsConnector({ events: EVENTS, products: PRODUCTS }, splits),
    sinkConnector,
  ]);
  return compileBatchJob(DDL + sql, { connectors, parameters, nowMs: 0 });
}

/** Runs every stage the way the batch runner does: one map task per split, then the reduce. */
async function runSplit(job: BatchJob): Promise<Row[][]> {
  const connector = rowsConnector({ events: EVENTS, products: PRODUCTS }, 4);
  const read = async (table: TableDefinition, split?: InputSplit): Promise<Row[]> => {
    if (split) return connector.createSplitSource(table, job.connectorContext, split).readAll();
    return connector.createBoundedSource!(table, job.connectorContext).readAll();
  };
  const results: Row[][] = [];
  for (const stage of job.stages) {
    const driving = stage.split.driving;
    const splits = driving
      ? (await connector.planSplits(driving, job.connectorContext, {})).splits
      : [undefined];
    const outputs: MapOutput[] = [];
    // Through JSON, as map outputs travel through Redis.
    for (const split of splits)
      outputs.push(JSON.parse(JSON.stringify(await stage.runMap(read, split))) as MapOutput);
    results.push(await stage.runReduce(outputs, read));
  }
  return results;
}

async function runUnsplit(query: string): Promise<string[]> {
  const [result] = await runQueryOnRows(
    query,
    [
      {
        name: 'events',
        columns: [
          { name: 'id', type: 'STRING' },
          { name: 'product', type: 'STRING' },
          { name: 'quantity', type: 'INT' },
          { name: 'price', type: 'DECIMAL(10, 2)' },
          { name: 'd', type: 'DATE' },
        ],
        rows: EVENTS,
      },
      {
        name: 'products',
        columns: [
          { name: 'name', type: 'STRING' },
          { name: 'category', type: 'STRING' },
        ],
        rows: PRODUCTS,
      },
    ],
    { dialect: 'spark', nowMs: 0 },
  );
  return result!.rows.map((r) =>
    formatNdjsonRow(
      result!.columns,
      result!.types.map((t) => compileOutputFormatter(t)),
      r,
    ),
  );
}

function format(job: BatchJob, stage: number, rows: Row[]): string[] {
  const s = job.stages[stage]!;
  return rows.map((r) =>
    formatNdjsonRow(
      s.columns,
      s.plan.schema.map((f) => compileOutputFormatter(f.type)),
      r,
    ),
  );
}

describe(compileBatchJob.name, () => {
  const queries = [
    'SELECT product, count(*) AS n, sum(quantity) AS units, avg(quantity) AS mean, min(price) AS low, max(price) AS high, sum(price * quantity) AS revenue, count(DISTINCT quantity) AS kinds, stddev(quantity) AS sd FROM events GROUP BY product ORDER BY product',
    'SELECT d, product, count(*) AS n FROM events WHERE quantity > 1 GROUP BY d, product HAVING count(*) > 5 ORDER BY n DESC, product, d',
    'SELECT count(*) AS n, sum(quantity) AS units FROM events WHERE quantity > 100',
    'SELECT p.category, sum(e.quantity) AS units FROM events e JOIN products p ON e.product = p.name GROUP BY p.category ORDER BY 1',
    "SELECT id, upper(product) AS p FROM events WHERE price > 9 AND d = DATE '2024-03-02' ORDER BY id",
    'SELECT product, id, rank() OVER (PARTITION BY product ORDER BY price DESC, id) AS r FROM events ORDER BY product, r LIMIT 5',
  ];

  it.each(queries)('gives split runs the rows of an unsplit run: %s', async (query) => {
    const job = await compile(`${query};`);
    const [rows] = await runSplit(job);
    expect(format(job, 0, rows!)).toEqual(await runUnsplit(query));
  });

  it('cuts an aggregate over a filtered scan into partial and final aggregation', async () => {
    const job = await compile('SELECT product, count(*) FROM events WHERE quantity > 1 GROUP BY product;');
    expect(job.stages[0]!.split.driving?.name).toBe('events');
    expect(job.stages[0]!.isPartialAggregate).toBe(true);
    const windowed = await compile('SELECT product, rank() OVER (ORDER BY price) FROM events;');
    expect(windowed.stages[0]!.split.driving).toBeUndefined();
  });

  it('plans INSERT OVERWRITE of a static partition and fills the partition value', async () => {
    const job = await compile(
      "INSERT OVERWRITE TABLE report PARTITION (report_date = '${run_date}') SELECT product, count(*), sum(quantity), sum(price * quantity) FROM events WHERE d = DATE '${run_date}' GROUP BY product;",
      4,
      { run_date: '2024-03-02' },
    );
    const stage = job.stages[0]!;
    expect(stage.target?.name).toBe('report');
    expect(stage.write).toEqual({
      kind: 'overwrite',
      staticValues: [{ column: 'report_date', value: day('2024-03-02') }],
      partitionColumns: ['report_date'],
      onlyPresentPartitions: false,
    });
    const [rows] = await runSplit(job);
    const expected = await runUnsplit(
      "SELECT DATE '2024-03-02' AS report_date, product, count(*) AS n, sum(quantity) AS units, CAST(sum(price * quantity) AS DECIMAL(20, 2)) AS revenue FROM events WHERE d = DATE '2024-03-02' GROUP BY product",
    );
    expect(format(job, 0, rows!).sort()).toEqual(expected.sort());
    expect(rows).toHaveLength(3);
  });

  it('reports errors at their place in the script as written', async () => {
    const error = await compile(
      "INSERT INTO report SELECT DATE '${run_date}', product, count(*), sum(quantity), sum(amount) FROM events GROUP BY product;",
      2,
      { run_date: '2024-03-02' },
    ).catch((e: unknown) => e as SluiceError);
    expect(error).toBeInstanceOf(SluiceError);
    const line = DDL.split('\n').length;
    expect([(error as SluiceError).code, (error as SluiceError).position]).toEqual([
      'PLAN_UNKNOWN_COLUMN',
      { line, column: 85 },
    ]);
  });
});

describe(validateJob.name, () => {
  it('plans what it can without I/O and points at the error', async () => {
    const sql =
      "CREATE TABLE e (a INT) USING json OPTIONS (path 'e.json');\nINSERT INTO e SELECT a FROM e WHERE b = '${run_date}';";
    const error = await validateJob(sql).catch((e: unknown) => e as SluiceError);
    expect([error instanceof SluiceError && error.code, (error as SluiceError).position]).toEqual([
      'PLAN_UNKNOWN_COLUMN',
      { line: 2, column: 37 },
    ]);
    const inferred = await validateJob(
      "CREATE TABLE e USING json OPTIONS (path 'e.json');\nSELECT nope FROM e;",
    );
    expect(inferred).toEqual({ stages: [], uncheckedStatements: 1 });
  });

  it('refuses undeclared tables unless asked not to', async () => {
    await expect(validateJob('SELECT * FROM orders')).rejects.toMatchObject({
      code: 'PLAN_UNKNOWN_TABLE',
      position: { line: 1, column: 15 },
    });
    await expect(validateJob('SELECT * FROM orders', {}, { allowUndeclaredTables: true })).resolves.toEqual({
      stages: [],
      uncheckedStatements: 1,
    });
    await expect(validateJob('SELECT 1')).resolves.toMatchObject({
      stages: [{ line: 1, column: 1, isPartialAggregate: false }],
    });
  });
});
