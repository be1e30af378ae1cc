import { parseStreamDefinitions } from '@sluice/contracts';
import { compileRule } from '@sluice/engine';
import { describe, expect, it } from 'vitest';
import { alertStatements, compileAlertRecord } from './alert-buffer';

const STREAMS = parseStreamDefinitions(`
streams:
  - name: orders
    key: customerId
    eventTime: ts
    schema: { type: object, properties: { customerId: { type: string }, total: { type: integer }, ts: { type: string, format: date-time } } }
`).streams;

const T = Date.UTC(2024, 2, 1, 8, 0, 0);

describe(compileAlertRecord.name, () => {
  it('fills the standard columns from the alerts table and keeps the whole row as the payload', () => {
    const rule = compileRule(
      `CREATE TABLE big_spenders (window_start TIMESTAMP(3), window_end TIMESTAMP(3), customerId STRING, total BIGINT)
       WITH ('connector' = 'alerts', 'alert.key-column' = 'customerId');
       INSERT INTO big_spenders SELECT window_start, window_end, customerId, SUM(total)
       FROM TABLE(TUMBLE(TABLE orders, DESCRIPTOR(ts), INTERVAL '1' HOUR)) GROUP BY window_start, window_end, customerId`,
      STREAMS,
    );
    const record = compileAlertRecord('rule-1', rule.sinks[0])([T, T + 3_600_000, 'c-anna', 120n]);
    expect(record).toMatchObject({
      ruleId: 'rule-1',
      alertType: 'big_spenders',
      alertKey: 'c-anna',
      eventTime: '2024-03-01 09:00:00.000',
      windowStart: '2024-03-01 08:00:00.000',
      windowEnd: '2024-03-01 09:00:00.000',
      payload: '{"window_start":"2024-03-01 08:00:00.000","window_end":"2024-03-01 09:00:00.000","customerId":"c-anna","total":120}',
    });
    expect(record.id).toMatch(/^[0-9a-f]{40}$/);
  });

  it('gives the same alert the same id, and another rule or content another one', () => {
    const sink = compileRule(`INSERT INTO alerts SELECT customerId, ts, 'x' FROM orders`, STREAMS).sinks[0];
    const id = (ruleId: string, key: string) => compileAlertRecord(ruleId, sink)([key, T, 'x']).id;
    expect(id('r', 'a')).toBe(id('r', 'a'));
    expect(new Set([id('r', 'a'), id('r', 'b'), id('s', 'a')]).size).toBe(3);
  });

  it('inserts alerts keeping the first copy of an id', () => {
    const sink = compileRule(`INSERT INTO alerts SELECT customerId, ts, 'x' FROM orders`, STREAMS).sinks[0];
    const [statement] = alertStatements([compileAlertRecord('r', sink)(['a', T, 'x'])], '2024-03-01 10:00:00.000');
    expect(statement.sql).toMatch(/^INSERT INTO sluice_alerts \(id, rule_id, .*\) VALUES \(\?, \?, \?, \?, \?, \?, \?, \?, \?\) ON DUPLICATE KEY UPDATE id = id$/);
    expect(statement.params).toHaveLength(9);
  });
});
