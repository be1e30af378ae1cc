import { SqlSyntaxError } from '@sluice/contracts';
import { describe, expect, it } from 'vitest';
import { parseScript } from './parse';

describe('parseScript', () => {
  it('parses Flink DDL with watermark, computed column and primary key', () => {
    const [stmt] = parseScript(
      `CREATE TABLE orders (
         id BIGINT, amount DECIMAL(10, 2), ts TIMESTAMP(3), cost AS amount * 2,
         WATERMARK FOR ts AS ts - INTERVAL '1' SECOND,
         PRIMARY KEY (id) NOT ENFORCED
       ) WITH ('connector' = 'filesystem', 'path' = 'x.json', 'format' = 'json')`,
      'flink',
    );
    expect(stmt.kind).toBe('createTable');
    if (stmt.kind !== 'createTable') return;
    expect(stmt.columns.map((c) => c.name)).toEqual(['id', 'amount', 'ts', 'cost']);
    expect(stmt.watermark?.column).toBe('ts');
    expect(stmt.primaryKey).toEqual(['id']);
    expect(stmt.options.get('connector')).toBe('filesystem');
  });

  it('parses Spark USING ... OPTIONS with unquoted keys', () => {
    const [stmt] = parseScript(`CREATE TABLE t (a INT, b STRING) USING csv OPTIONS (path 'in.csv', header 'true')`, 'spark');
    expect(stmt.kind === 'createTable' && stmt.using).toBe('csv');
    expect(stmt.kind === 'createTable' && [...stmt.options]).toEqual([
      ['path', 'in.csv'],
      ['header', 'true'],
    ]);
  });

  it('parses SET in both spellings', () => {
    expect(parseScript(`SET 'execution.runtime-mode' = 'batch'`, 'flink')[0]).toMatchObject({ key: 'execution.runtime-mode', value: 'batch' });
    expect(parseScript(`SET spark.sql.ansi.enabled=true`, 'spark')[0]).toMatchObject({ key: 'spark.sql.ansi.enabled', value: 'true' });
  });

  it('parses a window TVF, joins, grouping sets and window functions', () => {
    const stmts = parseScript(
      `SELECT window_start, COUNT(*) FILTER (WHERE x > 1), SUM(DISTINCT y)
         FROM TABLE(TUMBLE(TABLE bids, DESCRIPTOR(ts), INTERVAL '10' MINUTES)) AS w
         LEFT JOIN dim FOR SYSTEM_TIME AS OF w.proc AS d ON w.k = d.k
        WHERE a NOT BETWEEN 1 AND 2 AND b IS NOT NULL AND c NOT IN (1, 2) AND d LIKE 'x%'
        GROUP BY GROUPING SETS ((window_start), ())
        ORDER BY 1 DESC NULLS LAST LIMIT 10;
       SELECT ROW_NUMBER() OVER (PARTITION BY a ORDER BY b ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) FROM t`,
      'flink',
    );
    expect(stmts).toHaveLength(2);
  });

  it('parses MATCH_RECOGNIZE with quantifiers, PERMUTE and exclusion', () => {
    const [stmt] = parseScript(
      `SELECT * FROM Ticker MATCH_RECOGNIZE (
         PARTITION BY symbol ORDER BY rowtime
         MEASURES FIRST(A.price) AS startPrice, LAST(B.price, 1) AS p, MATCH_NUMBER() AS n
         ONE ROW PER MATCH AFTER MATCH SKIP TO LAST B
         PATTERN (A B*? {- C -} PERMUTE(D, E) (F | G){2,3}?) WITHIN INTERVAL '1' HOUR
         DEFINE B AS B.price < PREV(B.price)
       ) AS T`,
      'flink',
    );
    expect(stmt.kind).toBe('select');
  });

  it('reports line:column and what was expected', () => {
    let error: unknown;
    try {
      parseScript('SELECT a,\n  b FORM t', 'flink');
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(SqlSyntaxError);
    expect((error as SqlSyntaxError).position).toEqual({ line: 2, column: 10 });
    expect((error as Error).message).toBe("unexpected 't', expected ';' or end of script");
  });

  it('rejects an unterminated string with its start position', () => {
    expect(() => parseScript("SELECT 'abc", 'flink')).toThrow(/unterminated string literal/);
  });
});
