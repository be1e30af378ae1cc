import { parseDurationMs, PlanError, SluiceError, type SourcePosition } from '@sluice/contracts';
import type { TableDefinition } from '../catalog/table-definition';
import type { LookupSource } from '../connector/connector';
import type { RowSink } from '../exec/row-sink';
import { CachingLookup } from '../exec/streaming/join/lookup-cache';
import type { LookupFunction } from '../exec/streaming/join/lookup-join.operator';
import type { LogicalPlan } from '../plan/logical/logical-plan';
import type { Row } from '../types/values';
import { StreamingJob } from './streaming-job';
import { withPosition } from './with-position';

/** One INSERT of a rule: its plan (already cast to the sink's columns) and which sink it feeds. */
export interface RuleJob {
  readonly plan: LogicalPlan;
  readonly sink: number;
  readonly pos: SourcePosition;
  /** Name of the stream a scanned table stands for; throws for tables that are not streams. */
  streamOf(table: TableDefinition): string;
}

interface StartOptions {
  readonly sinks: readonly RowSink[];
  readonly lookups?: readonly LookupSource[];
  readonly clock?: () => number;
  readonly stateTtlMs: number;
}

/** Defaults of the bounded lookup cache rules get unless a table says 'lookup.cache' = 'NONE'. */
export const RULE_LOOKUP_CACHE = { maxRows: 10_000, expireAfterWriteMs: 60_000 } as const;

/**
 * A rule running in the CEP runner: one StreamingJob per INSERT, fed by stream name. Rows are
 * pushed in the stream table's column order with their Kafka partition, so each source keeps a
 * watermark per partition. The whole rule snapshots to one byte string and restores from it.
 */
export class RunningRule {
  private constructor(
    private readonly jobs: readonly StreamingJob[],
    private readonly routes: ReadonlyMap<string, readonly { readonly job: StreamingJob; readonly source: number }[]>,
  ) {}

  static start(specs: readonly RuleJob[], lookups: readonly { table: TableDefinition }[], options: StartOptions): RunningRule {
    const clock = options.clock ?? Date.now;
    const lookupFunctions = new Map<TableDefinition, LookupFunction>();
    lookups.forEach((l, i) => {
      const source = options.lookups?.[i];
      if (!source) throw new PlanError('CONFIG_INVALID', `no lookup source was opened for table '${l.table.name}'`, { position: l.table.pos });
      lookupFunctions.set(l.table, cached(l.table, source, clock));
    });
    const routes = new Map<string, { job: StreamingJob; source: number }[]>();
    const jobs = specs.map((spec) => {
      let job: StreamingJob;
      try {
        job = new StreamingJob(spec.plan, 'flink', options.sinks[spec.sink], undefined, { lookups: lookupFunctions, stateTtlMs: options.stateTtlMs, clock });
      } catch (error) {
        throw withPosition(error, spec.pos);
      }
      job.sourceTables.forEach((table, source) => {
        const stream = spec.streamOf(table);
        const list = routes.get(stream) ?? [];
        list.push({ job, source });
        routes.set(stream, list);
      });
      return job;
    });
    return new RunningRule(jobs, routes);
  }

  /** Streams this rule reads. */
  get streams(): string[] {
    return [...this.routes.keys()];
  }

  reads(stream: string): boolean {
    return this.routes.has(stream);
  }

  /** A row of `stream` (stream table column order) read from Kafka partition `partition`. */
  push(stream: string, row: Row, partition: number): void {
    const targets = this.routes.get(stream);
    if (!targets) return;
    for (const t of targets) t.job.push(t.source, row, partition, '+I');
  }

  setPartitions(stream: string, count: number): void {
    for (const t of this.routes.get(stream) ?? []) t.job.setPartitions(t.source, count);
  }

  /** The partition had no data for the idle timeout: it stops holding the watermark back. */
  markIdle(stream: string, partition: number): void {
    for (const t of this.routes.get(stream) ?? []) t.job.markIdle(t.source, partition);
  }

  get lateRowsDropped(): number {
    return this.jobs.reduce((n, j) => n + j.lateRowsDropped, 0);
  }

  get stateSize(): number {
    return this.jobs.reduce((n, j) => n + j.stateSize, 0);
  }

  /** All jobs' state: a count, then each job's snapshot prefixed by its length (uint32 BE). */
  snapshot(): Uint8Array {
    const parts = this.jobs.map((j) => j.snapshot());
    const out = Buffer.alloc(4 + parts.reduce((n, p) => n + 4 + p.length, 0));
    let at = out.writeUInt32BE(parts.length, 0);
    for (const p of parts) {
      at = out.writeUInt32BE(p.length, at);
      out.set(p, at);
      at += p.length;
    }
    return out;
  }

  restore(bytes: Uint8Array): void {
    const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    const incompatible = (why: string) => new SluiceError('STATE_INCOMPATIBLE', `rule state does not fit this rule: ${why}`);
    if (buffer.length < 4) throw incompatible('truncated');
    const count = buffer.readUInt32BE(0);
    if (count !== this.jobs.length) throw incompatible(`it holds ${count} job(s), the rule has ${this.jobs.length}`);
    let at = 4;
    for (const job of this.jobs) {
      if (at + 4 > buffer.length) throw incompatible('truncated');
      const length = buffer.readUInt32BE(at);
      at += 4;
      if (at + length > buffer.length) throw incompatible('truncated');
      job.restore(buffer.subarray(at, at + length));
      at += length;
    }
  }
}

/** The lookup cache of a table: PARTIAL (bounded LRU with expiry) unless 'lookup.cache' = 'NONE'. */
function cached(table: TableDefinition, source: LookupSource, clock: () => number): LookupFunction {
  const mode = (table.options.get('lookup.cache') ?? 'PARTIAL').toUpperCase();
  if (mode === 'NONE') return source;
  const maxRows = Number(table.options.get('lookup.partial-cache.max-rows') ?? RULE_LOOKUP_CACHE.maxRows);
  const expire = parseDurationMs(table.options.get('lookup.partial-cache.expire-after-write')) ?? RULE_LOOKUP_CACHE.expireAfterWriteMs;
  return new CachingLookup(source, maxRows, expire, clock);
}
