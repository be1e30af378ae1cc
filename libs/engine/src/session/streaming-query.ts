import { PlanError } from '@sluice/contracts';
import { Catalog } from '../catalog/catalog';
import type { TableDefinition } from '../catalog/table-definition';
import type { RowSink } from '../exec/row-sink';
import type { LogicalPlan } from '../plan/logical/logical-plan';
import { QueryPlanner } from '../plan/logical/query-planner';
import { DEFAULT_STREAMING_OPTIONS, isUpdating, type StreamingOptions } from '../plan/physical/streaming-planner';
import { parseScript } from '../sql/parse';
import type { Schema } from '../catalog/schema';
import { StreamingJob } from './streaming-job';
import { tableFromDdl } from './table-from-ddl';

/** A streaming SELECT compiled once; `start` makes a fresh running job (e.g. after a restore). */
export interface CompiledStreamingQuery {
  readonly plan: LogicalPlan;
  readonly schema: Schema;
  /** True when the result is a changelog (-U/+U/-D), false for append-only results. */
  readonly updating: boolean;
  start(out: RowSink, options?: StreamingOptions): StreamingJob;
}

/**
 * Compiles `CREATE TABLE` statements plus one SELECT into a streaming query, for embedding the
 * engine (benchmarks, the CEP runner): rows are then pushed per source with StreamingJob.push.
 * Extra `tables` may be given already defined (e.g. from stream definitions).
 */
export function compileStreamingQuery(o: { ddl?: string; tables?: readonly TableDefinition[]; query: string; dialect?: 'flink' | 'spark'; timeZone?: string }): CompiledStreamingQuery {
  const dialect = o.dialect ?? 'flink';
  const catalog = new Catalog(dialect === 'flink');
  for (const t of o.tables ?? []) catalog.addTable(t, { ifNotExists: false });
  for (const s of o.ddl ? parseScript(o.ddl, dialect) : []) {
    if (s.kind !== 'createTable') throw new PlanError('PLAN_INVALID', 'only CREATE TABLE statements may precede the query', { position: s.pos });
    catalog.addTable(tableFromDdl(s, dialect), { ifNotExists: false, pos: s.pos });
  }
  const statements = parseScript(o.query, dialect);
  const statement = statements[0];
  if (statements.length !== 1 || statement.kind !== 'select') throw new PlanError('PLAN_INVALID', 'expected exactly one SELECT query', { position: statement?.pos ?? { line: 1, column: 1 } });
  const fn = { dialect, timeZone: o.timeZone ?? 'UTC', queryStartMs: Date.now() };
  const plan = new QueryPlanner({ catalog, fn, caseSensitive: dialect === 'flink', ctes: [], mode: 'streaming' }).planQuery(statement.query);
  return {
    plan,
    schema: plan.schema,
    updating: isUpdating(plan),
    start: (out, options = DEFAULT_STREAMING_OPTIONS) => new StreamingJob(plan, dialect, out, undefined, options),
  };
}
