import { parseStreamDefinitions, SluiceError } from '@sluice/contracts';
import { describe, expect, it } from 'vitest';
import { substituteJobParameters as substituteParameters } from '@sluice/engine';
import { SqlValidator } from './sql-validator';

const catalog = parseStreamDefinitions(`
streams:
  - name: orders
    key: customerId
    eventTime: ts
    schema:
      type: object
      properties: { orderId: { type: string }, customerId: { type: string }, amount: { type: number }, ts: { type: string, format: date-time } }
`);

const SINK = `CREATE TABLE big_orders (orderId STRING, amount DOUBLE, PRIMARY KEY (orderId) NOT ENFORCED)
  WITH ('connector' = 'jdbc', 'url' = 'jdbc:mysql://db:3306/sluice', 'table-name' = 'big_orders');`;

function errorOf(run: () => unknown): SluiceError {
  try {
    run();
  } catch (error) {
    return error as SluiceError;
  }
  throw new Error('expected an error');
}

describe(SqlValidator.name, () => {
  const validator = new SqlValidator(catalog);

  it('compiles a rule against the registered streams and says what it reads and writes', () => {
    const summary = validator.validateRule(
      `${SINK}\nINSERT INTO big_orders SELECT orderId, amount FROM orders WHERE amount > 1000`,
    );
    expect(summary).toEqual({
      streams: ['orders'],
      sinks: [{ name: 'big_orders', connector: 'jdbc', primaryKey: ['orderId'] }],
    });
  });

  it('refuses rule errors with their line and column: syntax, unknown columns', () => {
    const syntax = errorOf(() =>
      validator.validateRule('INSERT INTO alerts\nSELECT orderId\nFROM orders WHERE'),
    );
    expect([syntax.code, syntax.position]).toEqual(['SQL_SYNTAX', { line: 3, column: 18 }]);
    const column = errorOf(() =>
      validator.validateRule(`${SINK}\nINSERT INTO big_orders SELECT orderId, amout FROM orders`),
    );
    expect([column.code, column.position?.line]).toEqual(['PLAN_UNKNOWN_COLUMN', 3]);
  });

  it('accepts job SQL that parses once its parameters are literals, and refuses an empty script', () => {
    expect(() =>
      validator.validateJob(
        "SELECT * FROM orders WHERE d = DATE ${run_date} AND note = 'day ${run_date}' LIMIT ${n}",
        { n: '5' },
      ),
    ).not.toThrow();
    expect(errorOf(() => validator.validateJob('  -- nothing\n', {})).code).toBe('PLAN_INVALID');
  });

  it('reports job errors at their place in the script as written, not as substituted', () => {
    const sql = "SELECT a FROM t WHERE d = '${run_date}' AND x = ${long_value} ORDER BY )";
    const error = errorOf(() => validator.validateJob(sql, { long_value: 'a long value' }));
    expect(error.position).toEqual({ line: 1, column: sql.indexOf(')') + 1 });
  });
});

describe(substituteParameters.name, () => {
  it('turns values into literals: escaped inside strings, quoted or numeric outside, untouched in comments', () => {
    const script = substituteParameters("SELECT ${x}, ${n}, 'it ${x}' -- ${x}\n/* ${x} */ ${x}", {
      x: "o'k",
      n: '42',
    });
    expect(script.text).toBe("SELECT 'o''k', 42, 'it o''k' -- ${x}\n/* ${x} */ 'o''k'");
  });

  it('maps positions inside a substituted value back to its placeholder', () => {
    const script = substituteParameters('SELECT ${x} + 1', { x: 'abcdef' });
    expect(script.text).toBe("SELECT 'abcdef' + 1");
    expect(script.toOriginal({ line: 1, column: 10 })).toEqual({ line: 1, column: 8 });
    expect(script.toOriginal({ line: 1, column: 19 })).toEqual({ line: 1, column: 15 });
  });

  it('refuses an undeclared placeholder at its position', () => {
    const error = errorOf(() => substituteParameters('SELECT 1\nWHERE ${nope}', {}));
    expect([error.code, error.position]).toEqual(['PLAN_INVALID', { line: 2, column: 7 }]);
  });
});
