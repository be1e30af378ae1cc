import { ConfigError, type StreamDefinition } from '@sluice/contracts';
import {
  AlertBuffer,
  ChangelogBuffer,
  isSameServer,
  jdbcLocationOf,
  JdbcLookupSource,
  JdbcTableWriter,
  SyncMysqlClient,
  writeAlerts,
  type MysqlLocation,
  type SqlExecutor,
} from '@sluice/connectors';
import { compileRule, formatTimestamp, type CompiledRule, type LookupSource, type Row, type RuleSink, type RunningRule, type TableDefinition } from '@sluice/engine';
import type { RuleContribution, RuleRecord } from '../checkpoint/checkpoint.repository';

/** What deploying a rule needs from the runner. */
export interface RuleContext {
  readonly streams: readonly StreamDefinition[];
  /** The runner's MySQL (MYSQL_URL): the only server sinks may live on (one transaction). */
  readonly mysql: MysqlLocation;
  /** Runs DDL outside checkpoints. */
  execute(sql: string): Promise<void>;
}

type SinkRuntime =
  | { readonly kind: 'jdbc'; readonly buffer: ChangelogBuffer; readonly writer: JdbcTableWriter }
  | { readonly kind: 'alerts'; readonly buffer: AlertBuffer };

/**
 * A rule running in the runner (RuleRecord -> DeployedRule): the compiled rule, its running
 * jobs, the rows its sinks received since the last checkpoint and its lookup connections.
 * Sink tables live in the runner's MySQL server, so the rows commit with the checkpoint.
 */
export class DeployedRule {
  private constructor(
    readonly id: string,
    readonly version: number,
    readonly compiled: CompiledRule,
    private readonly running: RunningRule,
    private readonly sinks: readonly SinkRuntime[],
    private readonly lookups: readonly SyncMysqlClient[],
  ) {}

  /** Compiles, creates missing sink tables, opens lookups, restores `state` when given. */
  static async deploy(record: RuleRecord, ctx: RuleContext, state?: Buffer): Promise<DeployedRule> {
    const compiled = compileRule(record.sql, ctx.streams);
    const sinks: SinkRuntime[] = [];
    for (const sink of compiled.sinks) sinks.push(await openSink(record.id, sink, ctx));
    const clients: SyncMysqlClient[] = [];
    try {
      const lookups: LookupSource[] = compiled.lookups.map((l) => {
        const { location, qualifiedTable } = onRunnerServer(l.table, ctx);
        const client = new SyncMysqlClient({ ...ctx.mysql, database: location.database });
        clients.push(client);
        return new JdbcLookupSource(l.table, qualifiedTable, l.keyColumns, client);
      });
      const running = compiled.start({ sinks: sinks.map((s) => s.buffer), lookups });
      if (state) running.restore(state);
      return new DeployedRule(record.id, record.version, compiled, running, sinks, clients);
    } catch (error) {
      await Promise.all(clients.map((c) => c.close()));
      throw error;
    }
  }

  get streams(): readonly string[] {
    return this.compiled.streams;
  }

  get bufferedRows(): number {
    return this.sinks.reduce((n, s) => n + s.buffer.size, 0);
  }

  get lateRowsDropped(): number {
    return this.running.lateRowsDropped;
  }

  get stateSize(): number {
    return this.running.stateSize;
  }

  push(stream: string, row: Row, partition: number): void {
    this.running.push(stream, row, partition);
  }

  setPartitions(stream: string, count: number): void {
    this.running.setPartitions(stream, count);
  }

  markIdle(stream: string, partition: number): void {
    this.running.markIdle(stream, partition);
  }

  /** State now and the sink rows since the last checkpoint (handed over: buffers start empty). */
  contribution(): RuleContribution {
    const state = this.running.snapshot();
    const batches = this.sinks.map((s) => (s.kind === 'jdbc' ? { kind: s.kind, writer: s.writer, batch: s.buffer.take() } : { kind: s.kind, records: s.buffer.take() }));
    return {
      ruleId: this.id,
      ruleVersion: this.version,
      state,
      write: async (executor: SqlExecutor) => {
        let rows = 0;
        const createdAt = formatTimestamp(Date.now(), 3);
        for (const b of batches) rows += b.kind === 'jdbc' ? await b.writer.write(executor, b.batch) : await writeAlerts(executor, b.records, createdAt);
        return rows;
      },
    };
  }

  async close(): Promise<void> {
    await Promise.all(this.lookups.map((c) => c.close()));
  }
}

async function openSink(ruleId: string, sink: RuleSink, ctx: RuleContext): Promise<SinkRuntime> {
  if (sink.connector === 'alerts') return { kind: 'alerts', buffer: new AlertBuffer(ruleId, sink) };
  const { qualifiedTable } = onRunnerServer(sink.table, ctx);
  const shape = { columns: sink.columns, primaryKey: sink.primaryKey };
  const writer = new JdbcTableWriter(qualifiedTable, shape);
  await ctx.execute(writer.createTableSql());
  return { kind: 'jdbc', buffer: new ChangelogBuffer(shape), writer };
}

/** Exactly-once needs the sink in the checkpoint's transaction, hence on the runner's server. */
function onRunnerServer(table: TableDefinition, ctx: RuleContext): ReturnType<typeof jdbcLocationOf> {
  const found = jdbcLocationOf(table);
  if (!isSameServer(found.location, ctx.mysql)) {
    throw new ConfigError(
      `jdbc table '${table.name}' is on ${found.location.host}:${found.location.port}, but the CEP runner commits sink rows with its checkpoints and can only write to its own MySQL server (${ctx.mysql.host}:${ctx.mysql.port})`,
      { position: table.pos },
    );
  }
  return found;
}
