import { InternalError, type SourcePosition } from '@sluice/contracts';
import type { TableDefinition } from '../catalog/table-definition';
import { CollectingSink } from '../exec/row-sink';
import type { Dialect } from '../expr/functions/function-spec';
import type { LogicalPlan } from '../plan/logical/logical-plan';
import { BatchPlanner } from '../plan/physical/batch-planner';
import { decodeValue, encodeValue } from '../state/value-codec';
import type { Row } from '../types/values';
import type { WriteMode } from './batch-insert';
import { mergePartialGroups, PartialAggregateSink, type PartialGroups } from './partial-aggregate';
import { replaceNode, visitPlans, type SplitPoint } from './split-point';
import type { InputSplit } from './splittable-connector';

/**
 * Reads a table for a task: the given split of the driving table, or (split undefined) every
 * row of the table as the run planned it. The caller owns I/O; the stage only computes.
 */
export type TableReader = (table: TableDefinition, split?: InputSplit) => Promise<Row[]>;

/** What a map task returns, JSON-safe: partial aggregate states, or rows (values via the state codec). */
export type MapOutput =
  | { readonly kind: 'partial'; readonly groups: PartialGroups }
  | { readonly kind: 'rows'; readonly rows: readonly unknown[] };

/**
 * One INSERT (or bare SELECT) of a batch job, cut at its split point: `runMap` computes the
 * map side over one split of the driving table, `runReduce` merges every task's output and runs
 * the rest of the plan. Plans are immutable, so one compiled stage serves any number of tasks.
 */
export class BatchStage {
  constructor(
    readonly index: number,
    /** The target table; absent for a bare SELECT, whose rows are computed and dropped. */
    readonly target: TableDefinition | undefined,
    readonly write: WriteMode | undefined,
    readonly plan: LogicalPlan,
    readonly split: SplitPoint,
    readonly pos: SourcePosition,
    private readonly dialect: Dialect,
  ) {}

  /** Output column names, in order (the target's physical columns for an INSERT). */
  get columns(): string[] {
    return this.plan.schema.filter((f) => !f.hidden).map((f) => f.name);
  }

  /** True when the map side ships partial aggregates instead of rows. */
  get isPartialAggregate(): boolean {
    return this.split.aggregate !== undefined;
  }

  /** Tables the map side reads (the driving table through its split, the others whole). */
  get mapTables(): TableDefinition[] {
    return tablesOf(this.split.node);
  }

  /** Tables the reduce side reads besides the map outputs (joins or subqueries above the split point). */
  get reduceTables(): TableDefinition[] {
    return this.split.node === this.plan
      ? []
      : tablesOf(replaceNode(this.plan, this.split.node, PLACEHOLDER_SCAN));
  }

  async runMap(read: TableReader, split?: InputSplit): Promise<MapOutput> {
    if (split && !this.split.driving)
      throw new InternalError(`stage ${this.index} has no driving table to split`);
    const tables = new Map<TableDefinition, Row[]>();
    for (const table of this.mapTables)
      tables.set(table, await read(table, table === this.split.driving ? split : undefined));
    const planner = new BatchPlanner(tables, this.dialect);
    const aggregate = this.split.aggregate;
    if (aggregate) {
      const sink = new PartialAggregateSink(aggregate, this.dialect, { subqueries: planner, outerRows: [] });
      planner.build(aggregate.input, sink).run();
      return { kind: 'partial', groups: sink.partialGroups() };
    }
    const sink = new CollectingSink();
    planner.build(this.split.node, sink).run();
    return { kind: 'rows', rows: sink.rows.map((r) => encodeValue(r)) };
  }

  /** Final rows: the map outputs merged in task order, then the plan above the split point. */
  async runReduce(outputs: readonly MapOutput[], read: TableReader): Promise<Row[]> {
    const aggregate = this.split.aggregate;
    const rows = aggregate
      ? mergePartialGroups(
          aggregate,
          this.dialect,
          { outerRows: [] },
          outputs.map((o) => (o.kind === 'partial' ? o.groups : unexpected(o.kind))),
        )
      : outputs.flatMap((o) =>
          o.kind === 'rows' ? o.rows.map((r) => decodeValue(r) as Row) : unexpected(o.kind),
        );
    if (this.split.node === this.plan) return rows;
    const mapped: TableDefinition = {
      name: `$map_output_${this.index}`,
      columns: [],
      options: new Map([['connector', '$map-output']]),
      partitionedBy: [],
    };
    const upper = replaceNode(this.plan, this.split.node, {
      kind: 'scan',
      table: mapped,
      schema: this.split.node.schema,
    });
    const tables = new Map<TableDefinition, Row[]>([[mapped, rows]]);
    for (const table of tablesOf(upper)) if (table !== mapped) tables.set(table, await read(table));
    const sink = new CollectingSink();
    new BatchPlanner(tables, this.dialect).build(upper, sink).run();
    return sink.rows;
  }
}

const PLACEHOLDER_TABLE: TableDefinition = {
  name: '$placeholder',
  columns: [],
  options: new Map(),
  partitionedBy: [],
};
const PLACEHOLDER_SCAN: LogicalPlan = { kind: 'scan', table: PLACEHOLDER_TABLE, schema: [] };

function tablesOf(plan: LogicalPlan): TableDefinition[] {
  const tables: TableDefinition[] = [];
  visitPlans(plan, (p) => {
    if (p.kind === 'scan' && p.table !== PLACEHOLDER_TABLE && !tables.includes(p.table)) tables.push(p.table);
  });
  return tables;
}

function unexpected(kind: string): never {
  throw new InternalError(`a map task returned ${kind} output where the stage expects the other kind`);
}
