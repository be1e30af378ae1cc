import { NotSupportedError, PlanError, SluiceError, type SourcePosition } from '@sluice/contracts';
import { Catalog } from '../catalog/catalog';
import type { TableDefinition } from '../catalog/table-definition';
import type { ConnectorContext, ConnectorRegistry } from '../connector/connector';
import type { FunctionContext } from '../expr/functions/function-spec';
import type { PlannerContext } from '../plan/logical/planner-context';
import { QueryPlanner } from '../plan/logical/query-planner';
import type { Insert, Query, Statement } from '../sql/ast';
import { parseScript } from '../sql/parse';
import { planBatchInsert, type WriteMode } from './batch-insert';
import { BatchStage } from './batch-stage';
import { substituteJobParameters, type SubstitutedSql } from './job-parameters';
import { findSplitPoint, visitPlans } from './split-point';
import { isSplittableConnector } from './splittable-connector';
import { tableFromDdl } from './table-from-ddl';

export interface BatchJobOptions {
  /** Connectors the job's tables use. Optional when `offline`: connector names are then not checked. */
  readonly connectors?: ConnectorRegistry;
  /** `${name}` values (run parameters included); substituted as SQL literals before parsing. */
  readonly parameters?: Readonly<Record<string, string>>;
  /** Directory relative file paths resolve against. */
  readonly baseDirectory?: string;
  /** "Now" for CURRENT_TIMESTAMP; the batch runner passes the run's scheduled time so retries agree. */
  readonly nowMs?: number;
  /**
   * Deploy-time checking: no I/O. Tables whose columns would be inferred from data are left
   * unbound, and statements reading them are only parsed.
   */
  readonly offline?: boolean;
  /** Offline only: statements naming tables the script does not declare are only parsed. */
  readonly allowUndeclaredTables?: boolean;
}

/**
 * A batch job compiled from its Spark SQL script: the tables it declares, the session settings
 * (SET) and one stage per INSERT or bare SELECT, each cut at its split point. Errors carry the
 * line:column of the script as written (before `${name}` substitution).
 */
export class BatchJob {
  constructor(
    readonly stages: readonly BatchStage[],
    /** SET key -> value, e.g. sluice.batch.max-concurrent-runs (read by the batch runner). */
    readonly settings: ReadonlyMap<string, string>,
    readonly connectorContext: ConnectorContext,
    /** Statements checked by parsing only (offline: unknown schemas or undeclared tables). */
    readonly uncheckedStatements: number,
    /** Maps a position in the substituted script (stages' `pos`) to the script as written. */
    readonly originalPosition: (position: SourcePosition) => SourcePosition = (p) => p,
  ) {}

  /** Every connector-backed table some stage reads, in first-use order. */
  get sourceTables(): TableDefinition[] {
    const tables: TableDefinition[] = [];
    for (const stage of this.stages)
      visitPlans(stage.plan, (p) => {
        if (p.kind === 'scan' && !tables.includes(p.table)) tables.push(p.table);
      });
    return tables;
  }
}

export async function compileBatchJob(sql: string, options: BatchJobOptions = {}): Promise<BatchJob> {
  const script = substituteJobParameters(sql, options.parameters ?? {});
  try {
    const job = await new BatchJobCompiler(options).compile(script.text);
    return new BatchJob(
      job.stages,
      job.settings,
      job.connectorContext,
      job.uncheckedStatements,
      script.toOriginal,
    );
  } catch (error) {
    throw atOriginalPosition(error, script);
  }
}

/** A SluiceError positioned in the substituted text, re-positioned in the script as written. */
function atOriginalPosition(error: unknown, script: SubstitutedSql): unknown {
  if (!(error instanceof SluiceError) || !error.position) return error;
  const position = script.toOriginal(error.position);
  return new SluiceError(error.code, error.message, {
    position,
    cause: error.cause ?? error,
    details: error.details,
    retriable: error.retriable,
  });
}

class BatchJobCompiler {
  private readonly catalog = new Catalog(false);
  private readonly config = new Map<string, string>();
  /** Offline: tables declared without columns whose schema needs their data. */
  private readonly deferred = new Set<string>();
  private readonly stages: BatchStage[] = [];
  private unchecked = 0;

  constructor(private readonly options: BatchJobOptions) {}

  async compile(text: string): Promise<BatchJob> {
    for (const statement of parseScript(text, 'spark')) await this.execute(statement);
    if (this.stages.length === 0 && this.unchecked === 0)
      throw new PlanError(
        'PLAN_INVALID',
        'the job holds no INSERT or SELECT statement, so a run would do nothing',
        { position: { line: 1, column: 1 } },
      );
    return new BatchJob(this.stages, this.config, this.connectorContext(), this.unchecked);
  }

  private get timeZone(): string {
    return this.config.get('spark.sql.session.timeZone') ?? 'UTC';
  }

  private connectorContext(): ConnectorContext {
    return { dialect: 'spark', timeZone: this.timeZone, baseDirectory: this.options.baseDirectory ?? '.' };
  }

  private plannerContext(): PlannerContext {
    const ansi = (this.config.get('spark.sql.ansi.enabled') ?? 'false').toLowerCase() === 'true';
    const fn: FunctionContext = {
      dialect: 'spark',
      timeZone: this.timeZone,
      queryStartMs: this.options.nowMs ?? Date.now(),
      ansi,
    };
    return { catalog: this.catalog, fn, caseSensitive: false, ctes: [], mode: 'batch', options: this.config };
  }

  private async execute(s: Statement): Promise<void> {
    switch (s.kind) {
      case 'set':
        return this.set(s.key, s.value, s.pos);
      case 'createTable':
        return this.createTable(s);
      case 'createView':
        this.catalog.addView(
          { name: s.name[s.name.length - 1], query: s.query, columns: s.columns },
          { ifNotExists: s.ifNotExists, replace: s.orReplace || s.temporary, pos: s.pos },
        );
        // A view over a table of unknown schema is itself of unknown schema.
        if (!this.checked(s.query, () => void new QueryPlanner(this.plannerContext()).planQuery(s.query)))
          this.deferred.add(s.name[s.name.length - 1].toLowerCase());
        return;
      case 'drop':
        return this.catalog.drop(s.name, s.ifExists, s.pos);
      case 'insert':
        return this.insert(s);
      case 'statementSet':
        for (const insert of s.inserts) this.insert(insert);
        return;
      case 'select':
        this.checked(s.query, () =>
          this.addStage(
            undefined,
            undefined,
            new QueryPlanner(this.plannerContext()).planQuery(s.query),
            s.pos,
          ),
        );
        return;
      case 'explain':
        throw new NotSupportedError(
          'EXPLAIN in a batch job (use `sluice run --dialect spark` to see plans)',
          s.pos,
        );
    }
  }

  private set(key: string | undefined, value: string | undefined, pos: SourcePosition): void {
    if (key === undefined) return;
    if (value === undefined) {
      this.config.delete(key);
      return;
    }
    if (key === 'execution.runtime-mode' && value.toLowerCase() !== 'batch')
      throw new PlanError(
        'NOT_SUPPORTED',
        `a batch job runs in batch mode; continuous rules belong to the CEP runner`,
        { position: pos },
      );
    this.config.set(key, value);
  }

  private async createTable(s: Statement & { kind: 'createTable' }): Promise<void> {
    if (s.asQuery)
      throw new NotSupportedError(
        'CREATE TABLE ... AS SELECT in a batch job (declare the table, then INSERT INTO it, or use a temporary view)',
        s.pos,
      );
    let table = tableFromDdl(s, 'spark');
    const connector = table.options.get('connector')!;
    if (connector === 'memory')
      throw new PlanError(
        'CONFIG_INVALID',
        `table '${table.name}' has no data source; a batch job reads and writes through one: USING jdbc | kafka | json | csv OPTIONS (...)`,
        { position: s.pos },
      );
    for (const column of table.partitionedBy)
      if (
        !table.columns.some((c) => c.name.toLowerCase() === column.toLowerCase()) &&
        table.columns.length > 0
      )
        throw new PlanError(
          'PLAN_UNKNOWN_COLUMN',
          `partition column '${column}' is not a column of '${table.name}'`,
          { position: s.pos },
        );
    const factory = this.options.connectors?.get(connector);
    if (!factory && (this.options.connectors || !this.options.offline))
      throw new PlanError(
        'CONFIG_INVALID',
        `unknown data source '${connector}' (available: ${this.options.connectors?.names().join(', ') ?? 'none'})`,
        { position: s.pos },
      );
    if (table.columns.length === 0) {
      const fixed = isSplittableConnector(factory) ? factory.fixedColumns?.(table) : undefined;
      if (fixed) table = { ...table, columns: fixed };
      else if (this.options.offline) this.deferred.add(table.name.toLowerCase());
      else if (factory?.inferColumns)
        table = { ...table, columns: await factory.inferColumns(table, this.connectorContext()) };
    }
    factory?.validate?.(table, this.connectorContext());
    this.catalog.addTable(table, { ifNotExists: s.ifNotExists, pos: s.pos });
  }

  private insert(s: Insert): void {
    this.checked(
      s.query,
      () => {
        const planned = planBatchInsert(this.plannerContext(), s);
        this.addStage(planned.table, planned.write, planned.plan, s.pos);
      },
      s.table,
    );
  }

  private addStage(
    target: TableDefinition | undefined,
    write: WriteMode | undefined,
    plan: BatchStage['plan'],
    pos: SourcePosition,
  ): void {
    const split = findSplitPoint(plan, (t) =>
      isSplittableConnector(this.options.connectors?.get(t.options.get('connector') ?? '')),
    );
    this.stages.push(new BatchStage(this.stages.length, target, write, plan, split, pos, 'spark'));
  }

  /**
   * Plans a statement, except offline when it reads a table whose schema is unknown yet, or
   * (when allowed) names an undeclared table: those are only parsed. False when not planned.
   */
  private checked(query: Query, plan: () => void, target?: readonly string[]): boolean {
    if (this.options.offline) {
      const names = tableNames(query);
      if (target) names.push(target[target.length - 1].toLowerCase());
      if (names.some((n) => this.deferred.has(n))) {
        this.unchecked++;
        return false;
      }
    }
    try {
      plan();
      return true;
    } catch (error) {
      if (
        this.options.offline &&
        this.options.allowUndeclaredTables &&
        error instanceof SluiceError &&
        error.code === 'PLAN_UNKNOWN_TABLE'
      ) {
        this.unchecked++;
        return false;
      }
      throw error;
    }
  }
}

/** Lower-cased last parts of every table reference in a query's AST (FROM items at any depth). */
function tableNames(node: unknown, into: string[] = []): string[] {
  if (!node || typeof node !== 'object') return into;
  const candidate = node as { kind?: unknown; name?: unknown };
  if (candidate.kind === 'table' && Array.isArray(candidate.name))
    into.push(String(candidate.name[candidate.name.length - 1]).toLowerCase());
  for (const value of Object.values(node)) tableNames(value, into);
  return into;
}
