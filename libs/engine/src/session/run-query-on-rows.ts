import { connectorRegistry, type ConnectorFactory } from '../connector/connector';
import type { Row } from '../types/values';
import { ScriptRunner, type QueryResult } from './script-runner';

/** An in-memory table: columns as in CREATE TABLE (`{ name: 'k', type: 'INT' }`) and its rows. */
export interface RowsTable {
  readonly name: string;
  readonly columns: readonly { readonly name: string; readonly type: string }[];
  /** Positional rows holding engine values (INT as number, BIGINT as bigint, DECIMAL as Decimal, ...). */
  readonly rows: readonly Row[];
}

export interface RunOnRowsOptions {
  readonly dialect?: 'flink' | 'spark';
  /** Fixed "now" for CURRENT_TIMESTAMP; defaults to the wall clock. */
  readonly nowMs?: number;
}

const CONNECTOR = 'sluice-rows';

/**
 * Runs a script over tables given as in-memory rows (embedding, tests, benchmarks): each table is
 * declared through a connector that serves its rows, then the script runs exactly as `sluice run`
 * would run it. Returns the result of every bare SELECT, in order.
 */
export async function runQueryOnRows(sql: string, tables: readonly RowsTable[], options: RunOnRowsOptions = {}): Promise<QueryResult[]> {
  const dialect = options.dialect ?? 'flink';
  const byName = new Map(tables.map((t) => [t.name, t.rows]));
  const rowsConnector: ConnectorFactory = {
    name: CONNECTOR,
    createBoundedSource: (table) => ({ readAll: async () => (byName.get(table.options.get('rows.table')!) ?? []) as Row[] }),
  };
  const results: QueryResult[] = [];
  const runner = new ScriptRunner({
    dialect,
    connectors: connectorRegistry([rowsConnector]),
    baseDirectory: '.',
    nowMs: options.nowMs,
    onResult: (r) => void results.push(r),
  });
  const quote = (name: string) => '`' + name.replace(/`/g, '``') + '`';
  const literal = (s: string) => `'${s.replace(/'/g, "''")}'`;
  for (const t of tables) {
    const columns = t.columns.map((c) => `${quote(c.name)} ${c.type}`).join(', ');
    const opts = `'connector' = ${literal(CONNECTOR)}, 'rows.table' = ${literal(t.name)}`;
    await runner.run(`CREATE TABLE ${quote(t.name)} (${columns}) ${dialect === 'spark' ? 'OPTIONS' : 'WITH'} (${opts})`);
  }
  await runner.run(sql);
  return results;
}
