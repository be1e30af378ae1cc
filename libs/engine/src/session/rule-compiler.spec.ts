import type { StreamDefinition } from '@sluice/contracts';
import { SluiceError } from '@sluice/contracts';
import { describe, expect, it } from 'vitest';
import { CollectingSink } from '../exec/row-sink';
import { changelogOf } from '../testing/streaming-harness';
import { Decimal } from '../types/decimal';
import { compileRule, validateRule } from './rule-compiler';

const ORDERS: StreamDefinition = {
  name: 'orders',
  topic: 'sluice.orders',
  partitions: 2,
  keyField: 'customerId',
  eventTimeField: 'ts',
  maxOutOfOrdernessMs: 1000,
  schema: {
    type: 'object',
    properties: {
      orderId: { type: 'string' },
      customerId: { type: 'string' },
      amount: { type: 'number', multipleOf: 0.01 },
      quantity: { type: 'integer' },
      ts: { type: 'string', format: 'date-time' },
    },
  },
};

const PAYMENTS: StreamDefinition = {
  name: 'payments',
  topic: 'sluice.payments',
  partitions: 1,
  keyField: 'orderId',
  eventTimeField: 'at',
  maxOutOfOrdernessMs: 0,
  schema: { type: 'object', properties: { orderId: { type: 'string' }, at: { type: 'integer' } } },
};

const STREAMS = [ORDERS, PAYMENTS];
const JDBC = `'connector' = 'jdbc', 'url' = 'jdbc:mysql://localhost:3306/sluice', 'table-name'`;
const T0 = Date.UTC(2024, 2, 1, 8);

const TOTALS = `
SET 'execution.runtime-mode' = 'streaming';
CREATE TABLE totals (customerId STRING, window_end TIMESTAMP(3), total DECIMAL(12, 2), n BIGINT,
  PRIMARY KEY (customerId, window_end) NOT ENFORCED) WITH (${JDBC} = 'totals');
INSERT INTO totals
SELECT customerId, window_end, SUM(amount), COUNT(*)
FROM TABLE(TUMBLE(TABLE orders, DESCRIPTOR(ts), INTERVAL '1' MINUTE))
GROUP BY customerId, window_start, window_end`;

function expectError(sql: string, code: string, line: number, column?: number): SluiceError {
  try {
    validateRule(sql, STREAMS);
  } catch (error) {
    expect(error).toBeInstanceOf(SluiceError);
    const e = error as SluiceError;
    expect({ code: e.code, line: e.position?.line }).toEqual({ code, line });
    if (column !== undefined) expect(e.position?.column).toBe(column);
    return e;
  }
  throw new Error('expected the rule to be rejected');
}

describe('compileRule', () => {
  it('plans a windowed aggregation over a stream into an upsert jdbc sink', () => {
    const rule = compileRule(TOTALS, STREAMS);
    expect(rule.streams).toEqual(['orders']);
    expect(rule.sinks.map((s) => [s.table.name, s.connector, s.primaryKey])).toEqual([['totals', 'jdbc', [0, 1]]]);
    const out = new CollectingSink();
    const running = rule.start({ sinks: [out] });
    running.setPartitions('orders', 1);
    running.push('orders', ['o1', 'c1', Decimal.fromString('2.50'), 1n, T0 + 1_000], 0);
    running.push('orders', ['o2', 'c1', Decimal.fromString('1.25'), 1n, T0 + 30_000], 0);
    running.push('orders', ['o3', 'c2', Decimal.fromString('9.00'), 1n, T0 + 62_000], 0);
    expect(out.kinds).toEqual(['+I']);
    expect(out.rows.map((r) => r.map(String))).toEqual([['c1', String(T0 + 60_000), '3.75', '2']]);
  });

  it('holds windows back until every partition of the stream has progressed, unless one is idle', () => {
    const rule = compileRule(TOTALS, STREAMS);
    const out = new CollectingSink();
    const running = rule.start({ sinks: [out] });
    running.setPartitions('orders', 2);
    running.push('orders', ['o1', 'c1', Decimal.fromString('1'), 1n, T0], 0);
    running.push('orders', ['o2', 'c1', Decimal.fromString('1'), 1n, T0 + 120_000], 0);
    expect(out.rows).toHaveLength(0);
    running.markIdle('orders', 1);
    expect(out.rows).toHaveLength(1);
  });

  it('restores a snapshot into a fresh instance that continues like an uninterrupted one', () => {
    const sql = `${TOTALS};
      CREATE TABLE big (orderId STRING, amount DECIMAL(12, 2)) WITH (${JDBC} = 'big');
      INSERT INTO big SELECT orderId, amount FROM orders WHERE amount > 5`;
    const rule = compileRule(sql, STREAMS);
    const rows = Array.from({ length: 40 }, (_, i) => [`o${i}`, `c${i % 3}`, Decimal.fromString(String(i % 9)), 1n, T0 + i * 7_000]);
    const whole = [new CollectingSink(), new CollectingSink()];
    const uninterrupted = rule.start({ sinks: whole });
    rows.forEach((r) => uninterrupted.push('orders', r, 0));
    const first = [new CollectingSink(), new CollectingSink()];
    const before = rule.start({ sinks: first });
    rows.slice(0, 17).forEach((r) => before.push('orders', r, 0));
    const second = [new CollectingSink(), new CollectingSink()];
    const after = rule.start({ sinks: second });
    after.restore(before.snapshot());
    rows.slice(17).forEach((r) => after.push('orders', r, 0));
    for (const i of [0, 1]) expect([...changelogOf(first[i]), ...changelogOf(second[i])]).toEqual(changelogOf(whole[i]));
    expect(whole[1].rows).toHaveLength(rows.filter((r) => Number(String(r[2])) > 5).length);
  });

  it('offers the standard alerts table and joins two streams in an interval join', () => {
    const rule = compileRule(
      `INSERT INTO alerts
       SELECT o.customerId, o.ts, CONCAT('order ', o.orderId, ' paid') FROM orders o JOIN payments p
       ON o.orderId = p.orderId AND p.at BETWEEN o.ts AND o.ts + INTERVAL '5' MINUTE`,
      STREAMS,
    );
    expect([...rule.streams].sort()).toEqual(['orders', 'payments']);
    expect(rule.sinks[0].alert).toEqual({ key: 0, eventTime: 1, windowStart: -1, windowEnd: -1 });
    const out = new CollectingSink();
    const running = rule.start({ sinks: [out] });
    running.push('orders', ['o1', 'c1', Decimal.fromString('1'), 1n, T0], 0);
    running.push('payments', ['o1', T0 + 60_000], 0);
    expect(out.rows).toEqual([['c1', T0, 'order o1 paid']]);
  });

  it('runs every INSERT of a statement set', () => {
    const rule = compileRule(
      `CREATE TABLE a (orderId STRING) WITH (${JDBC} = 'a');
       CREATE TABLE b (orderId STRING) WITH (${JDBC} = 'b');
       EXECUTE STATEMENT SET BEGIN
         INSERT INTO a SELECT orderId FROM orders;
         INSERT INTO b SELECT orderId FROM payments;
       END`,
      STREAMS,
    );
    expect(rule.sinks.map((s) => s.table.name)).toEqual(['a', 'b']);
    expect([...rule.streams].sort()).toEqual(['orders', 'payments']);
  });
});

describe('validateRule', () => {
  it('summarises what a valid rule reads and writes', () => {
    expect(validateRule(TOTALS, STREAMS)).toEqual({ streams: ['orders'], sinks: [{ name: 'totals', connector: 'jdbc', primaryKey: ['customerId', 'window_end'] }] });
  });

  it('rejects a syntax error with its line and column', () => {
    expectError('INSERT INTO alerts\nSELEC customerId FROM orders', 'SQL_SYNTAX', 2, 1);
  });

  it('rejects an unknown column with its position', () => {
    const e = expectError(`INSERT INTO alerts\nSELECT customerId, ts, amout FROM orders`, 'PLAN_UNKNOWN_COLUMN', 2);
    expect(e.message).toContain('amout');
  });

  it('rejects an unknown stream', () => {
    expectError(`INSERT INTO alerts SELECT a, b, c FROM refunds`, 'PLAN_UNKNOWN_TABLE', 1);
  });

  it('rejects a bare SELECT, batch mode and writes to a stream', () => {
    expectError(`SELECT * FROM orders`, 'PLAN_INVALID', 1, 1);
    expectError(`SET 'execution.runtime-mode' = 'batch';\nINSERT INTO alerts SELECT customerId, ts, orderId FROM orders`, 'CONFIG_INVALID', 1);
    expectError(`\nINSERT INTO payments SELECT orderId, ts FROM orders`, 'PLAN_INVALID', 2);
  });

  it('rejects an updating query into a table without primary key', () => {
    const e = expectError(`CREATE TABLE counts (customerId STRING, n BIGINT) WITH (${JDBC} = 'counts');\nINSERT INTO counts SELECT customerId, COUNT(*) FROM orders GROUP BY customerId`, 'PLAN_INVALID', 2);
    expect(e.message).toContain('PRIMARY KEY');
    validateRule(`CREATE TABLE counts (customerId STRING, n BIGINT, PRIMARY KEY (customerId) NOT ENFORCED) WITH (${JDBC} = 'counts');
      INSERT INTO counts SELECT customerId, COUNT(*) FROM orders GROUP BY customerId`, STREAMS);
  });

  it('rejects sinks other than jdbc and alerts, and jdbc tables without table-name', () => {
    expectError(`CREATE TABLE t (a STRING) WITH ('connector' = 'filesystem', 'path' = 'x');\nINSERT INTO t SELECT orderId FROM orders`, 'CONFIG_INVALID', 1);
    expectError(`\n\nCREATE TABLE t (a STRING) WITH ('connector' = 'jdbc', 'url' = 'jdbc:mysql://h:1/d')`, 'CONFIG_INVALID', 3);
  });

  it('rejects streaming constructs the engine cannot run, at the INSERT', () => {
    expectError(`CREATE TABLE t (a STRING) WITH (${JDBC} = 't');\nINSERT INTO t SELECT orderId FROM orders INTERSECT SELECT orderId FROM orders`, 'NOT_SUPPORTED', 2);
  });

  it('rejects a rule that writes nothing', () => {
    expectError(`CREATE TABLE t (a STRING) WITH (${JDBC} = 't')`, 'PLAN_INVALID', 1);
  });
});
