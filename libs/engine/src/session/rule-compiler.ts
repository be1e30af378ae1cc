import { InternalError, NotSupportedError, parseDurationMs, PlanError, SluiceError, type SourcePosition, type StreamDefinition } from '@sluice/contracts';
import { Catalog } from '../catalog/catalog';
import type { TableDefinition } from '../catalog/table-definition';
import type { LookupSource } from '../connector/connector';
import type { RowSink } from '../exec/row-sink';
import type { FunctionContext } from '../expr/functions/function-spec';
import type { LogicalPlan } from '../plan/logical/logical-plan';
import { planScan } from '../plan/logical/from-planner';
import { QueryPlanner } from '../plan/logical/query-planner';
import { castTo } from '../plan/logical/query-planner-support';
import { lookupRequests } from '../plan/physical/streaming-joins';
import { isUpdating } from '../plan/physical/streaming-planner';
import { parseScript } from '../sql/parse';
import type { Insert, Statement } from '../sql/ast';
import { RunningRule, type RuleJob } from './running-rule';
import { withPosition } from './with-position';
import { describeSink, standardAlertsTable, type RuleSink } from './rule-sink';
import { STREAM_CONNECTOR, streamTable } from './stream-table';
import { tableFromDdl } from './table-from-ddl';

/** A table a rule joins with FOR SYSTEM_TIME AS OF, and the columns it looks rows up by. */
export interface RuleLookup {
  readonly table: TableDefinition;
  readonly keyColumns: readonly string[];
}

export interface RuleStartOptions {
  /** One RowSink per entry of `CompiledRule.sinks`, receiving that table's changelog. */
  readonly sinks: readonly RowSink[];
  /** Open lookup sources, one per entry of `CompiledRule.lookups` (same order). */
  readonly lookups?: readonly LookupSource[];
  /** Processing-time clock (state TTL, lookup cache expiry). */
  readonly clock?: () => number;
}

/**
 * A rule compiled against the registered streams: what it reads, where it writes, and a factory
 * for running instances (a fresh one per start or restore). Configured and running are
 * different types (STYLE.md rule 8): CompiledRule -> RunningRule.
 */
export interface CompiledRule {
  readonly sinks: readonly RuleSink[];
  /** Names of the streams the rule reads. */
  readonly streams: readonly string[];
  readonly lookups: readonly RuleLookup[];
  /** The rule's SET statements. */
  readonly settings: ReadonlyMap<string, string>;
  start(options: RuleStartOptions): RunningRule;
}

/** What `validateRule` reports about a valid rule (for the gateway's deploy answer). */
export interface RuleSummary {
  readonly streams: readonly string[];
  readonly sinks: readonly { readonly name: string; readonly connector: string; readonly primaryKey: readonly string[] }[];
}

const RULE_STATEMENTS = 'a rule holds SET, CREATE TABLE (jdbc or alerts sinks, jdbc lookup tables), CREATE VIEW and INSERT INTO statements (or EXECUTE STATEMENT SET)';

/**
 * Checks a rule at deploy time exactly as the CEP runner will run it: parse, bind against the
 * streams, plan every INSERT for streaming and build its operators. Throws a SluiceError with the
 * line:column of the offending statement or expression.
 */
export function validateRule(sql: string, streams: readonly StreamDefinition[]): RuleSummary {
  const rule = compileRule(sql, streams);
  return {
    streams: rule.streams,
    sinks: rule.sinks.map((s) => ({ name: s.table.name, connector: s.connector, primaryKey: s.primaryKey.map((i) => s.columns[i].name) })),
  };
}

const DISCARD: RowSink = { push: () => undefined, end: () => undefined };
const NO_ROWS: LookupSource = { lookup: () => [] };

/** Compiles a rule (Flink SQL script) over the streams, which appear as tables named after them. */
export function compileRule(sql: string, streams: readonly StreamDefinition[]): CompiledRule {
  try {
    return new RuleCompiler(streams).compile(sql);
  } catch (error) {
    if (error instanceof SluiceError) throw error;
    throw new InternalError(`compiling the rule failed: ${(error as Error).message}`, { cause: error });
  }
}

class RuleCompiler {
  private readonly catalog = new Catalog(true);
  private readonly settings = new Map<string, string>();
  private readonly sinks: RuleSink[] = [];
  private readonly jobs: { plan: LogicalPlan; sink: number; pos: SourcePosition }[] = [];
  private readonly streamByTable = new Map<TableDefinition, string>();
  private readonly queryStartMs = Date.now();

  constructor(streams: readonly StreamDefinition[]) {
    for (const stream of streams) {
      const table = streamTable(stream);
      this.catalog.addTable(table, { ifNotExists: false });
      this.streamByTable.set(table, stream.name);
    }
    this.catalog.addTable(standardAlertsTable(), { ifNotExists: true });
  }

  compile(sql: string): CompiledRule {
    const statements = parseScript(sql, 'flink');
    for (const statement of statements) {
      try {
        this.execute(statement);
      } catch (error) {
        throw withPosition(error, statement.pos);
      }
    }
    if (this.jobs.length === 0) throw new PlanError('PLAN_INVALID', `the rule writes nothing: ${RULE_STATEMENTS}`, { position: statements[0]?.pos ?? { line: 1, column: 1 } });
    const lookups = uniqueLookups(this.jobs.flatMap((j) => lookupRequests(j.plan).map((l) => ({ ...l, pos: j.pos }))));
    const stateTtlMs = parseDurationMs(this.settings.get('table.exec.state.ttl')) ?? 0;
    const jobs: RuleJob[] = this.jobs.map((j) => ({ ...j, streamOf: (t: TableDefinition) => this.streamOf(t, j.pos) }));
    const start = (options: RuleStartOptions) => RunningRule.start(jobs, lookups, { ...options, stateTtlMs });
    // Build the operators once now, so a rule the runner cannot run fails here, with a position.
    const probe = start({ sinks: this.sinks.map(() => DISCARD), lookups: lookups.map(() => NO_ROWS) });
    return { sinks: this.sinks, streams: probe.streams, lookups, settings: this.settings, start };
  }

  private execute(s: Statement): void {
    switch (s.kind) {
      case 'set':
        return this.set(s.key, s.value, s.pos);
      case 'createTable': {
        if (s.asQuery) throw new NotSupportedError('CREATE TABLE ... AS SELECT in a rule', s.pos);
        const table = tableFromDdl(s, 'flink');
        describeSink(table, s.pos); // checks the connector and its options now, with a position
        this.catalog.addTable(table, { ifNotExists: s.ifNotExists, replace: table.name === 'alerts' && this.isStandardAlerts(), pos: s.pos });
        return;
      }
      case 'createView':
        this.catalog.addView({ name: s.name[s.name.length - 1], query: s.query, columns: s.columns }, { ifNotExists: s.ifNotExists, replace: s.orReplace, pos: s.pos });
        this.planner().planQuery(s.query);
        return;
      case 'insert':
        return this.insert(s);
      case 'statementSet':
        for (const insert of s.inserts) this.insert(insert);
        return;
      default:
        throw new PlanError('PLAN_INVALID', `${s.kind === 'select' ? 'a bare SELECT' : s.kind.toUpperCase()} is not allowed: ${RULE_STATEMENTS}`, { position: s.pos });
    }
  }

  private isStandardAlerts(): boolean {
    const entry = this.catalog.lookup(['alerts']);
    return entry?.kind === 'table' && entry.table.pos === undefined;
  }

  private set(key: string | undefined, value: string | undefined, pos: SourcePosition): void {
    if (key === undefined) return;
    if (value === undefined) {
      this.settings.delete(key);
      return;
    }
    if (key === 'execution.runtime-mode' && value.toLowerCase() !== 'streaming')
      throw new PlanError('CONFIG_INVALID', `rules run in streaming mode; 'execution.runtime-mode' = '${value}' is not allowed`, { position: pos });
    this.settings.set(key, value);
  }

  private functionContext(): FunctionContext {
    return { dialect: 'flink', timeZone: this.settings.get('table.local-time-zone') ?? 'UTC', queryStartMs: this.queryStartMs } as FunctionContext;
  }

  private planner(): QueryPlanner {
    return new QueryPlanner({ catalog: this.catalog, fn: this.functionContext(), caseSensitive: true, ctes: [], mode: 'streaming', options: this.settings });
  }

  /** As ScriptRunner.planInsert: the query, cast to the target's column types. */
  private insert(s: Insert): void {
    const entry = this.catalog.lookup(s.table);
    if (!entry || entry.kind !== 'table') throw new PlanError('PLAN_UNKNOWN_TABLE', `INSERT target '${s.table.join('.')}' is not a table`, { position: s.pos });
    const table = entry.table;
    if (table.options.get('connector') === STREAM_CONNECTOR) throw new PlanError('PLAN_INVALID', `'${table.name}' is a stream: rules cannot write to streams (post events to the gateway instead)`, { position: s.pos });
    if (s.columns) throw new NotSupportedError('INSERT with a column list', s.pos);
    if (s.overwrite) throw new NotSupportedError('INSERT OVERWRITE in a rule', s.pos);
    const sink = describeSink(table, s.pos);
    const planner = this.planner();
    let plan = planner.planQuery(s.query);
    const target = planScan(planner, table, s.pos).schema.filter((f) => !table.columns.find((c) => c.name === f.name)?.computed);
    if (plan.schema.length !== target.length)
      throw new PlanError('PLAN_INVALID', `INSERT INTO ${table.name}: the query returns ${plan.schema.length} columns but the table has ${target.length}`, { position: s.pos });
    plan = castTo(plan, target.map((f) => ({ ...f, type: { ...f.type, nullable: true, timeAttribute: undefined } })), { catalog: this.catalog, fn: this.functionContext(), caseSensitive: true, ctes: [], mode: 'streaming' });
    if (isUpdating(plan) && sink.primaryKey.length === 0) {
      const what = sink.connector === 'alerts' ? `alerts table '${table.name}' only accepts inserts` : `table '${table.name}' has no PRIMARY KEY, so it only accepts inserts`;
      throw new PlanError('PLAN_INVALID', `${what}, but this query produces updates (an unwindowed GROUP BY, DISTINCT or outer join); aggregate over a window${sink.connector === 'jdbc' ? ' or declare PRIMARY KEY (...) NOT ENFORCED to upsert' : ''}`, { position: s.pos });
    }
    let index = this.sinks.findIndex((x) => x.table === table);
    if (index < 0) index = this.sinks.push(sink) - 1;
    this.jobs.push({ plan, sink: index, pos: s.pos });
  }

  private streamOf(table: TableDefinition, pos: SourcePosition): string {
    const stream = this.streamByTable.get(table);
    if (stream !== undefined) return stream;
    if (table.options.get('connector') === '$values') throw new NotSupportedError('VALUES as an input of a rule (rules read streams)', pos);
    throw new PlanError('PLAN_INVALID', `rules read streams; table '${table.name}' can only be joined with FOR SYSTEM_TIME AS OF (a lookup join)`, { position: table.pos ?? pos });
  }
}

function uniqueLookups(requests: readonly (RuleLookup & { pos: SourcePosition })[]): RuleLookup[] {
  const out: RuleLookup[] = [];
  for (const r of requests) {
    const same = out.find((o) => o.table === r.table);
    if (!same) out.push({ table: r.table, keyColumns: r.keyColumns });
    else if (same.keyColumns.join('\0') !== r.keyColumns.join('\0')) throw new NotSupportedError(`lookups into '${r.table.name}' by different key columns in one rule`, r.pos);
  }
  return out;
}
