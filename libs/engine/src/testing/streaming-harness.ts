import { Catalog } from '../catalog/catalog';
import { CollectingSink } from '../exec/row-sink';
import type { LogicalPlan } from '../plan/logical/logical-plan';
import { QueryPlanner } from '../plan/logical/query-planner';
import { parseScript } from '../sql/parse';
import { tableFromDdl } from '../session/table-from-ddl';
import { StreamingJob } from '../session/streaming-job';
import type { Row, RowKind } from '../types/values';

/**
 * For specs (Flink's harness idea): DDL + one streaming query -> a plan from which fresh jobs
 * are built, so tests push rows and watermarks and read the emitted changelog.
 */
export function streamingHarness(ddl: string, query: string, dialect: 'flink' | 'spark' = 'flink') {
  const catalog = new Catalog(dialect === 'flink');
  for (const s of parseScript(ddl, dialect)) {
    if (s.kind !== 'createTable') throw new Error('streamingHarness: DDL must be CREATE TABLE statements');
    catalog.addTable(tableFromDdl(s, dialect), { ifNotExists: false });
  }
  const [statement] = parseScript(query, dialect);
  if (statement.kind !== 'select') throw new Error('streamingHarness: query must be a SELECT');
  const fn = { dialect, timeZone: 'UTC', queryStartMs: 0 };
  const plan: LogicalPlan = new QueryPlanner({ catalog, fn, caseSensitive: dialect === 'flink', ctes: [], mode: 'streaming' }).planQuery(statement.query);
  return {
    plan,
    start(): { job: StreamingJob; out: CollectingSink } {
      const out = new CollectingSink();
      return { job: new StreamingJob(plan, dialect, out), out };
    },
  };
}

/** Output rows as comparable strings `+I[a, 1]`. */
export function changelogOf(out: { rows: Row[]; kinds: RowKind[] }): string[] {
  return out.rows.map((r, i) => `${out.kinds[i]}${JSON.stringify(r, (_k, v) => (typeof v === 'bigint' ? `${v}n` : v))}`);
}
