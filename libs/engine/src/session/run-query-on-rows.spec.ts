import { describe, expect, it } from 'vitest';
import { runQueryOnRows } from './run-query-on-rows';

const orders = {
  name: 'orders',
  columns: [
    { name: 'id', type: 'INT' },
    { name: 'customer', type: 'STRING' },
    { name: 'amount', type: 'BIGINT' },
  ],
  rows: [
    [1, 'ann', 10n],
    [2, 'bob', 5n],
    [3, 'ann', 7n],
  ],
};

describe('runQueryOnRows', () => {
  it('runs a Flink query over in-memory rows and returns its result', async () => {
    const [result] = await runQueryOnRows('SELECT customer, SUM(amount) AS total FROM orders GROUP BY customer ORDER BY customer', [orders]);
    expect(result.columns).toEqual(['customer', 'total']);
    expect(result.rows).toEqual([
      ['ann', 17n],
      ['bob', 5n],
    ]);
  });

  it('runs Spark SQL with Spark column names, joining two in-memory tables', async () => {
    const customers = { name: 'customers', columns: [{ name: 'name', type: 'STRING' }, { name: 'city', type: 'STRING' }], rows: [['ann', 'Oslo'], ['bob', 'Rome']] };
    const [result] = await runQueryOnRows('SELECT c.city, count(*) FROM orders o JOIN customers c ON o.customer = c.name GROUP BY c.city', [orders, customers], { dialect: 'spark' });
    expect(result.columns).toEqual(['city', 'count(1)']);
    expect([...result.rows].sort()).toEqual([
      ['Oslo', 2n],
      ['Rome', 1n],
    ]);
  });

  it('returns one result per SELECT of a multi-statement script', async () => {
    const results = await runQueryOnRows('CREATE TEMPORARY VIEW big AS SELECT * FROM orders WHERE amount > 6; SELECT COUNT(*) AS n FROM big; SELECT MAX(id) AS m FROM orders', [orders]);
    expect(results.map((r) => r.rows)).toEqual([[[2n]], [[3]]]);
  });
});
