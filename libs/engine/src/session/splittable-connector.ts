import type { ColumnDefinition, TableDefinition } from '../catalog/table-definition';
import type { BoundedSource, ConnectorContext, ConnectorFactory } from '../connector/connector';

/**
 * One independently readable part of a bounded table, Spark's `InputPartition`: a Kafka
 * partition's offset range, a range of a JDBC partition column. JSON-safe, because it travels
 * from the process that plans a run to the workers that read it.
 */
export interface InputSplit {
  /** Stable, readable name of what the split reads: `orders/3 [0, 5000)`, `id >= 100 AND id < 200`. */
  readonly key: string;
  /** Connector-specific description, enough for createSplitSource in another process. */
  readonly spec: unknown;
}

/**
 * A position range of a resumable source (a Kafka partition's offsets [start, end)): what a run
 * records as consumed, so the next incremental run starts where this one stopped.
 */
export interface InputRange {
  /** `<topic>/<partition>` for Kafka: the key positions are stored under. */
  readonly key: string;
  readonly start: string;
  readonly end: string;
}

export interface SplitPlanningOptions {
  /**
   * Incremental reads (Spark's Trigger.AvailableNow with a checkpoint): where the previous
   * successful run stopped, by range key. Ignored by tables that do not read incrementally.
   */
  readonly resumeFrom?: ReadonlyMap<string, string>;
  /** Re-run of a run that already succeeded: read exactly these ranges again. */
  readonly replay?: readonly InputRange[];
}

export interface SplitPlan {
  readonly splits: readonly InputSplit[];
  /** Position ranges the splits cover (Kafka); empty for sources without positions (JDBC, files). */
  readonly ranges: readonly InputRange[];
  /** True when the table reads "everything since the last successful run". */
  readonly isIncremental: boolean;
  /** Namespace of the range keys, e.g. `kafka`: positions of two tables on one topic are shared. */
  readonly rangeScope?: string;
}

/**
 * A connector whose bounded reads can be divided into splits that run in parallel, in other
 * processes (the batch runner's map tasks). Owned by the engine, like ConnectorFactory.
 */
export interface SplittableConnector extends ConnectorFactory {
  /** The schema when it needs no I/O (Kafka's fixed columns), so deploy-time checks can bind the table. */
  fixedColumns?(table: TableDefinition): ColumnDefinition[] | undefined;
  /** Decides what one run reads, once per run (resolves `latest` offsets, JDBC bounds). */
  planSplits(
    table: TableDefinition,
    ctx: ConnectorContext,
    options: SplitPlanningOptions,
  ): Promise<SplitPlan>;
  /** Reads one split (in any process); rows in the table's physical column order. */
  createSplitSource(table: TableDefinition, ctx: ConnectorContext, split: InputSplit): BoundedSource;
}

export function isSplittableConnector(factory: ConnectorFactory | undefined): factory is SplittableConnector {
  const candidate = factory as Partial<SplittableConnector> | undefined;
  return typeof candidate?.planSplits === 'function' && typeof candidate.createSplitSource === 'function';
}
