import { NotSupportedError, PlanError, SluiceError, type SourcePosition } from '@sluice/contracts';
import { Catalog } from '../catalog/catalog';
import type { TableDefinition } from '../catalog/table-definition';
import type { ConnectorContext, ConnectorRegistry, TableSink } from '../connector/connector';
import { CollectingSink } from '../exec/row-sink';
import type { FunctionContext } from '../expr/functions/function-spec';
import { explainLogical } from '../plan/explain';
import { explainBatchPhysical } from '../plan/physical/explain-batch';
import type { LogicalPlan } from '../plan/logical/logical-plan';
import { QueryPlanner } from '../plan/logical/query-planner';
import { castTo } from '../plan/logical/query-planner-support';
import { planScan } from '../plan/logical/from-planner';
import { BatchPlanner, scannedTables } from '../plan/physical/batch-planner';
import { isUpdating } from '../plan/physical/streaming-planner';
import { explainStreamingPhysical } from '../plan/physical/explain-streaming';
import { StreamingJob } from './streaming-job';
import { lookupRequests } from '../plan/physical/streaming-joins';
import { CachingLookup } from '../exec/streaming/join/lookup-cache';
import type { LookupFunction } from '../exec/streaming/join/lookup-join.operator';
import { parseDurationMs } from '@sluice/contracts';
import { parseScript } from '../sql/parse';
import type { Insert, Query, Statement } from '../sql/ast';
import type { SqlType } from '../types/sql-type';
import type { Row, RowKind } from '../types/values';
import { MemoryTables } from './memory-tables';
import { tableFromDdl } from './table-from-ddl';

/** Result of a bare SELECT (or EXPLAIN): column names and types, rows, and changelog kinds. */
export interface QueryResult {
  readonly columns: readonly string[];
  readonly types: readonly SqlType[];
  readonly rows: readonly Row[];
  readonly kinds: readonly RowKind[];
  /** True when the result is an updating changelog (print the op field). */
  readonly changelog: boolean;
  readonly timeZone: string;
  readonly dialect: 'flink' | 'spark';
}

export interface ScriptOptions {
  readonly dialect: 'flink' | 'spark';
  readonly connectors: ConnectorRegistry;
  readonly baseDirectory: string;
  /** Called for each bare SELECT / EXPLAIN, in order. */
  onResult(result: QueryResult): void | Promise<void>;
  /** Fixed "now" for CURRENT_TIMESTAMP (tests); defaults to the wall clock. */
  readonly nowMs?: number;
}

/**
 * Runs a script statement by statement, like Flink's SQL client or spark-sql: DDL fills the
 * catalog, SET changes the session, INSERT runs a job into a sink, SELECT returns rows.
 */
export class ScriptRunner {
  private readonly catalog: Catalog;
  private readonly config = new Map<string, string>();
  private readonly memory = new MemoryTables();

  constructor(private readonly options: ScriptOptions) {
    this.catalog = new Catalog(options.dialect === 'flink');
  }

  async run(sql: string): Promise<void> {
    for (const statement of parseScript(sql, this.options.dialect)) await this.execute(statement);
  }

  private get mode(): 'batch' | 'streaming' {
    const m = (this.config.get('execution.runtime-mode') ?? 'batch').toLowerCase();
    return m === 'streaming' ? 'streaming' : 'batch';
  }

  private get timeZone(): string {
    return this.config.get('table.local-time-zone') ?? this.config.get('spark.sql.session.timeZone') ?? 'UTC';
  }

  private functionContext(): FunctionContext {
    const ansi = (this.config.get('spark.sql.ansi.enabled') ?? 'false').toLowerCase() === 'true';
    return { dialect: this.options.dialect, timeZone: this.timeZone, queryStartMs: this.options.nowMs ?? Date.now(), ansi } as FunctionContext;
  }

  private connectorContext(): ConnectorContext {
    return { dialect: this.options.dialect, timeZone: this.timeZone, baseDirectory: this.options.baseDirectory };
  }

  private planner(): QueryPlanner {
    return new QueryPlanner({ catalog: this.catalog, fn: this.functionContext(), caseSensitive: this.options.dialect === 'flink', ctes: [], mode: this.mode, options: this.config });
  }

  private async execute(s: Statement): Promise<void> {
    switch (s.kind) {
      case 'set':
        return this.set(s.key, s.value, s.pos);
      case 'createTable':
        return this.createTable(s);
      case 'createView':
        this.catalog.addView({ name: s.name[s.name.length - 1], query: s.query, columns: s.columns }, { ifNotExists: s.ifNotExists, replace: s.orReplace || s.temporary && this.options.dialect === 'spark', pos: s.pos });
        this.planner().planQuery(s.query); // validate now, so errors point at the view
        return;
      case 'drop':
        return this.catalog.drop(s.name, s.ifExists, s.pos);
      case 'insert':
        return this.insert(s);
      case 'statementSet':
        for (const insert of s.inserts) await this.insert(insert);
        return;
      case 'select':
        return this.select(s.query, s.pos);
      case 'explain':
        return this.explain(s.statement);
    }
  }

  private set(key: string | undefined, value: string | undefined, pos: SourcePosition): void {
    if (key === undefined) return;
    if (value === undefined) {
      this.config.delete(key);
      return;
    }
    if (key === 'execution.runtime-mode' && !['batch', 'streaming'].includes(value.toLowerCase()))
      throw new PlanError('CONFIG_INVALID', `execution.runtime-mode must be 'batch' or 'streaming', got '${value}'`, { position: pos });
    this.config.set(key, value);
  }

  private async createTable(s: Statement & { kind: 'createTable' }): Promise<void> {
    let table = tableFromDdl(s, this.options.dialect);
    const connector = table.options.get('connector')!;
    if (connector !== 'memory') {
      const factory = this.options.connectors.get(connector);
      if (!factory) throw new PlanError('CONFIG_INVALID', `unknown connector '${connector}' (available: ${this.options.connectors.names().join(', ')})`, { position: s.pos });
      if (table.columns.length === 0 && factory.inferColumns) table = { ...table, columns: await factory.inferColumns(table, this.connectorContext()) };
      factory.validate?.(table, this.connectorContext());
    }
    if (s.asQuery) {
      const plan = this.planner().planQuery(s.asQuery);
      if (table.columns.length === 0) table = { ...table, columns: plan.schema.filter((f) => !f.hidden).map((f) => ({ name: f.name, type: f.type })) };
    }
    this.catalog.addTable(table, { ifNotExists: s.ifNotExists, pos: s.pos });
    if (s.asQuery) await this.insert({ kind: 'insert', table: s.name, overwrite: false, query: s.asQuery, pos: s.pos });
  }

  private async select(query: Query, pos: SourcePosition): Promise<void> {
    const plan = this.planner().planQuery(query);
    const rows = await this.runBatch(plan, pos);
    const visible = plan.schema;
    await this.options.onResult({
      columns: visible.map((f) => f.name),
      types: visible.map((f) => f.type),
      rows: rows.rows,
      kinds: rows.kinds,
      changelog: this.mode === 'streaming' && isUpdating(plan),
      timeZone: this.timeZone,
      dialect: this.options.dialect,
    });
  }

  private async explain(statement: Statement): Promise<void> {
    let plan: LogicalPlan;
    if (statement.kind === 'select') plan = this.planner().planQuery(statement.query);
    else if (statement.kind === 'insert') plan = this.planInsert(statement).plan;
    else throw new NotSupportedError(`EXPLAIN of ${statement.kind}`, statement.pos);
    const physical = this.mode === 'batch' ? explainBatchPhysical(plan) : explainStreamingPhysical(plan);
    const text = `== Logical Plan ==\n${explainLogical(plan)}\n\n== Physical Plan (${this.mode}) ==\n${physical}`;
    await this.options.onResult({ columns: ['plan'], types: [{ kind: 'STRING', nullable: false }], rows: [[text]], kinds: ['+I'], changelog: false, timeZone: this.timeZone, dialect: this.options.dialect });
  }

  private planInsert(s: Insert): { table: TableDefinition; plan: LogicalPlan } {
    const entry = this.catalog.lookup(s.table);
    if (!entry || entry.kind !== 'table') throw new PlanError('PLAN_UNKNOWN_TABLE', `INSERT target '${s.table.join('.')}' is not a table`, { position: s.pos });
    const table = entry.table;
    const planner = this.planner();
    let plan = planner.planQuery(s.query);
    const target = planScan(planner, table, s.pos).schema.filter((f) => !table.columns.find((c) => c.name === f.name)?.computed);
    if (s.columns) throw new NotSupportedError('INSERT with a column list', s.pos);
    if (plan.schema.length !== target.length)
      throw new PlanError('PLAN_INVALID', `INSERT INTO ${table.name}: the query returns ${plan.schema.length} columns but the table has ${target.length}`, { position: s.pos });
    plan = castTo(plan, target.map((f) => ({ ...f, type: { ...f.type, nullable: true } })), { catalog: this.catalog, fn: this.functionContext(), caseSensitive: this.options.dialect === 'flink', ctes: [], mode: this.mode });
    return { table, plan };
  }

  private async insert(s: Insert): Promise<void> {
    const { table, plan } = this.planInsert(s);
    if (this.mode === 'streaming' && isUpdating(plan) && !table.primaryKey?.length)
      throw new PlanError('PLAN_INVALID', `table '${table.name}' has no PRIMARY KEY, so it only accepts inserts, but this query produces updates (an unwindowed GROUP BY, DISTINCT or outer join); declare PRIMARY KEY (...) NOT ENFORCED to upsert, or aggregate over a window`, { position: s.pos });
    const result = await this.runBatch(plan, s.pos);
    await this.writeRows(table, result.rows, result.kinds, s.overwrite, s.pos);
  }

  private async writeRows(table: TableDefinition, rows: readonly Row[], kinds: readonly RowKind[], overwrite: boolean, pos: SourcePosition): Promise<void> {
    if (table.options.get('connector') === 'memory') {
      this.memory.write(table, rows.filter((_, i) => kinds[i] === '+I' || kinds[i] === '+U'), overwrite);
      return;
    }
    const factory = this.options.connectors.get(table.options.get('connector')!)!;
    if (!factory.createSink) throw new PlanError('CONFIG_INVALID', `connector '${factory.name}' cannot be written to`, { position: pos });
    const sink: TableSink = factory.createSink(table, this.connectorContext());
    try {
      await sink.write(rows, kinds);
      await sink.commit();
    } catch (error) {
      await sink.abort().catch(() => undefined);
      throw error;
    }
  }

  private async runBatch(plan: LogicalPlan, pos: SourcePosition): Promise<CollectingSink> {
    if (this.mode === 'streaming') return this.runStreaming(plan, pos);
    const tables = new Map<TableDefinition, Row[]>();
    for (const table of scannedTables(plan)) tables.set(table, await this.load(table, pos));
    const sink = new CollectingSink();
    new BatchPlanner(tables, this.options.dialect).build(plan, sink).run();
    return sink;
  }

  /**
   * Streaming over bounded sources (`sluice run`): each source's rows are replayed in file order,
   * interleaved one row at a time across sources, with a watermark after every row; at the end of
   * each input its watermark jumps to +infinity so every window fires.
   */
  private async runStreaming(plan: LogicalPlan, pos: SourcePosition): Promise<CollectingSink> {
    const sink = new CollectingSink();
    const lateRows = new Map<TableDefinition, Row[]>();
    const lateRouter = (table: TableDefinition) => {
      const target = table.options.get('sluice.late-data.sink');
      if (!target) return undefined;
      const entry = this.catalog.lookup([target]);
      if (!entry || entry.kind !== 'table') throw new PlanError('PLAN_UNKNOWN_TABLE', `'sluice.late-data.sink' of table '${table.name}' names '${target}', which is not a table`, { position: table.pos });
      const rows = lateRows.get(entry.table) ?? [];
      lateRows.set(entry.table, rows);
      const width = entry.table.columns.filter((c) => !c.computed).length;
      return (row: Row) => rows.push(row.slice(0, width));
    };
    const lookups = new Map<TableDefinition, LookupFunction>();
    for (const request of lookupRequests(plan)) lookups.set(request.table, await this.openLookup(request.table, request.keyColumns, pos));
    const stateTtlMs = parseDurationMs(this.config.get('table.exec.state.ttl')) ?? 0;
    const job = new StreamingJob(plan, this.options.dialect, sink, lateRouter, { lookups, stateTtlMs, clock: Date.now });
    const inputs: Row[][] = [];
    for (const table of job.sourceTables) inputs.push(table.options.get('connector') === '$values' ? [] : await this.load(table, pos));
    const cursor = inputs.map(() => 0);
    for (let remaining = inputs.length; remaining > 0; ) {
      remaining = 0;
      inputs.forEach((rows, i) => {
        if (cursor[i] < rows.length) {
          job.push(i, rows[cursor[i]++]);
          remaining++;
        } else job.endSource(i);
      });
    }
    inputs.forEach((_, i) => job.endSource(i));
    for (const [table, rows] of lateRows) await this.writeRows(table, rows, rows.map(() => '+I'), false, pos);
    return sink;
  }

  /** A lookup source for a lookup join, behind Flink's PARTIAL cache when the table asks for one. */
  private async openLookup(table: TableDefinition, keyColumns: readonly string[], pos: SourcePosition): Promise<LookupFunction> {
    const factory = this.options.connectors.get(table.options.get('connector')!);
    if (!factory?.createLookupSource) throw new PlanError('CONFIG_INVALID', `connector '${table.options.get('connector')}' of table '${table.name}' cannot serve lookup joins`, { position: pos });
    const source = await factory.createLookupSource(table, this.connectorContext(), keyColumns);
    if ((table.options.get('lookup.cache') ?? '').toUpperCase() !== 'PARTIAL') return source;
    const maxRows = Number(table.options.get('lookup.partial-cache.max-rows') ?? 10_000);
    const expire = parseDurationMs(table.options.get('lookup.partial-cache.expire-after-write')) ?? 0;
    return new CachingLookup(source, maxRows, expire);
  }

  private async load(table: TableDefinition, pos: SourcePosition): Promise<Row[]> {
    if (table.options.get('connector') === 'memory') return this.memory.read(table);
    const factory = this.options.connectors.get(table.options.get('connector')!);
    if (!factory?.createBoundedSource) throw new PlanError('CONFIG_INVALID', `connector '${table.options.get('connector')}' cannot be read in batch mode`, { position: pos });
    try {
      return await factory.createBoundedSource(table, this.connectorContext()).readAll();
    } catch (error) {
      if (error instanceof SluiceError) throw error;
      throw new SluiceError('SOURCE_UNAVAILABLE', `reading table '${table.name}' failed: ${(error as Error).message}`, { cause: error, position: pos });
    }
  }
}
