import type { TableDefinition } from '../catalog/table-definition';
import type { Dialect } from '../expr/functions/function-spec';
import type { RowSink } from '../exec/row-sink';
import type { LogicalPlan } from '../plan/logical/logical-plan';
import { StreamingPlanner, DEFAULT_STREAMING_OPTIONS, type LateRowRouter, type StreamingOptions, type StreamingPipeline } from '../plan/physical/streaming-planner';
import { decodeSnapshot, encodeSnapshot, STATE_FORMAT_VERSION } from '../state/snapshot';
import type { Row, RowKind } from '../types/values';

/**
 * A deployed streaming query: rows are pushed per source and partition, event time advances by
 * watermarks, and the whole state snapshots to bytes and restores in a fresh process
 * (checkpoints). Configured (a LogicalPlan) and running (a StreamingJob) are different types.
 */
export class StreamingJob {
  private readonly pipeline: StreamingPipeline;
  private readonly ended: boolean[];

  constructor(
    readonly plan: LogicalPlan,
    dialect: Dialect,
    out: RowSink,
    lateRouter?: LateRowRouter,
    options: StreamingOptions = DEFAULT_STREAMING_OPTIONS,
  ) {
    this.pipeline = new StreamingPlanner(dialect, lateRouter, options).build(plan, out);
    this.ended = this.pipeline.sources.map(() => false);
  }

  get sourceTables(): readonly TableDefinition[] {
    return this.pipeline.sources.map((s) => s.table);
  }

  /** Declares how many partitions source `i` has, so a silent one holds its watermark back. */
  setPartitions(source: number, count: number): void {
    this.pipeline.sources[source].assigner?.registerPartitions(count);
  }

  push(source: number, row: Row, partition = 0, kind: RowKind = '+I'): void {
    const port = this.pipeline.sources[source];
    if (port.assigner) port.assigner.partition = partition;
    port.sink.push(row, kind);
  }

  markIdle(source: number, partition: number): void {
    this.pipeline.sources[source].assigner?.markIdle(partition);
  }

  /** End of a bounded source: its watermark jumps to +infinity, firing every window. */
  endSource(source: number): void {
    if (this.ended[source]) return;
    this.ended[source] = true;
    this.pipeline.sources[source].sink.end();
  }

  get lateRowsDropped(): number {
    return this.pipeline.late.reduce((n, l) => n + l.dropped, 0);
  }

  /** Live state entries across operators (windows, groups, sessions): for memory-bound tests. */
  get stateSize(): number {
    let n = 0;
    for (const op of this.pipeline.stateful.values()) n += op.stateSize ?? 0;
    return n;
  }

  snapshot(): Uint8Array {
    const operators: Record<string, unknown> = {};
    for (const [id, op] of this.pipeline.stateful) operators[id] = op.snapshot();
    return encodeSnapshot({ version: STATE_FORMAT_VERSION, operators });
  }

  restore(bytes: Uint8Array): void {
    const snapshot = decodeSnapshot(bytes);
    for (const [id, op] of this.pipeline.stateful) if (id in snapshot.operators) op.restore(snapshot.operators[id]);
  }
}
