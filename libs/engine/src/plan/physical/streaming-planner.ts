import { NotSupportedError, PlanError } from '@sluice/contracts';
import type { TableDefinition } from '../../catalog/table-definition';
import { compileExpr, EMPTY_ENV } from '../../expr/compile-expr';
import type { Dialect } from '../../expr/functions/function-spec';
import { FilterOperator } from '../../exec/operators/filter.operator';
import { ProjectOperator } from '../../exec/operators/project.operator';
import type { RowSink } from '../../exec/row-sink';
import { GroupAggregateOperator } from '../../exec/streaming/group-aggregate.operator';
import { LateRows } from '../../exec/streaming/late-rows';
import { UnionOperator } from '../../exec/streaming/union.operator';
import { WatermarkAssignerOperator } from '../../exec/streaming/watermark-assigner.operator';
import { cumulateAssigner, hopAssigner, tumbleAssigner } from '../../exec/streaming/window/window-assigner';
import { SessionWindowOperator } from '../../exec/streaming/window/session-window.operator';
import { WindowAggregateOperator } from '../../exec/streaming/window/window-aggregate.operator';
import { accumulatorGroupOps, slotAggregates, slotGroupOps, type GroupStateOps } from '../../exec/streaming/window/group-state';
import { WindowTvfOperator } from '../../exec/streaming/window/window-tvf.operator';
import type { Checkpointable } from '../../state/snapshot';
import type { Row } from '../../types/values';
import type { LogicalPlan } from '../logical/logical-plan';
import { compileAggregates } from './compile-aggregates';
import { classifyStreamingJoin } from './streaming-joins';
import { IntervalJoinOperator } from '../../exec/streaming/join/interval-join.operator';
import { LookupJoinOperator, type LookupFunction } from '../../exec/streaming/join/lookup-join.operator';
import { RegularJoinOperator } from '../../exec/streaming/join/regular-join.operator';
import { WindowJoinOperator } from '../../exec/streaming/window/window-join.operator';
import { WindowRankOperator } from '../../exec/streaming/window/window-rank.operator';
import { comparatorFor } from '../../types/values';
import { MatchRecognizeOperator } from '../../exec/streaming/match-recognize/match-recognize.operator';

/** Where a source's rows enter the pipeline, and the watermark assigner right after its scan. */
export interface SourcePort {
  readonly table: TableDefinition;
  readonly sink: RowSink;
  /** Set on the assigner before pushing a row so per-partition watermarks work. */
  assigner?: WatermarkAssignerOperator;
}

/** A running streaming query: its sources, its stateful operators (by stable id) and counters. */
export interface StreamingPipeline {
  readonly sources: SourcePort[];
  readonly stateful: ReadonlyMap<string, Checkpointable & { stateSize?: number }>;
  readonly late: LateRows[];
}

/** Session settings and resources a streaming pipeline needs beyond the plan. */
export interface StreamingOptions {
  /** Open lookup sources of lookup-joined tables (see lookupRequests). */
  readonly lookups: ReadonlyMap<TableDefinition, LookupFunction>;
  /** table.exec.state.ttl in ms (0 = keep forever). */
  readonly stateTtlMs: number;
  /** Processing-time clock (state TTL); injectable for tests. */
  readonly clock: () => number;
}

export const DEFAULT_STREAMING_OPTIONS: StreamingOptions = { lookups: new Map(), stateTtlMs: 0, clock: Date.now };

/** Where late rows of a table go when it has 'sluice.late-data.sink'. */
export type LateRowRouter = (table: TableDefinition) => ((row: Row) => void) | undefined;

/**
 * Logical plan -> push operators for unbounded inputs (Flink's streaming translation): event
 * time flows as watermarks, window aggregations fire on them, other aggregations emit a
 * changelog. Constructs with no streaming operator yet are rejected with their position.
 */
export class StreamingPlanner {
  private readonly sources: SourcePort[] = [];
  private readonly stateful = new Map<string, Checkpointable & { stateSize?: number }>();
  private readonly late: LateRows[] = [];
  private nextId = 0;

  constructor(
    private readonly dialect: Dialect,
    private readonly lateRouter: LateRowRouter = () => undefined,
    private readonly options: StreamingOptions = DEFAULT_STREAMING_OPTIONS,
  ) {}

  build(plan: LogicalPlan, out: RowSink): StreamingPipeline {
    this.wire(plan, out);
    return { sources: this.sources, stateful: this.stateful, late: this.late };
  }

  private register<T extends Checkpointable>(kind: string, op: T): T {
    this.stateful.set(`${this.nextId++}:${kind}`, op);
    return op;
  }

  private compile(e: Parameters<typeof compileExpr>[0]) {
    return compileExpr(e, EMPTY_ENV);
  }

  private wire(plan: LogicalPlan, out: RowSink): void {
    switch (plan.kind) {
      case 'scan':
        this.sources.push({ table: plan.table, sink: out });
        return;
      case 'watermark': {
        const assigner = this.register('watermark', new WatermarkAssignerOperator(this.compile(plan.expr), out));
        const before = this.sources.length;
        this.wire(plan.input, assigner);
        for (let i = before; i < this.sources.length; i++) this.sources[i].assigner = assigner;
        return;
      }
      case 'filter':
        return this.wire(plan.input, new FilterOperator(this.compile(plan.predicate), out));
      case 'project':
        return this.wire(plan.input, new ProjectOperator(plan.exprs.map((e) => this.compile(e)), out));
      case 'windowTvf': {
        const w = plan.window;
        if (w.kind === 'SESSION') {
          const late = this.lateRows(plan.input);
          const op = new SessionWindowOperator(plan.timeIndex, w.gapMs, w.partitionKeys.map((k) => this.compile(k)), late, out);
          return this.wire(plan.input, this.register('session-window', op));
        }
        const assign = w.kind === 'TUMBLE' ? tumbleAssigner(w.sizeMs, w.offsetMs) : w.kind === 'HOP' ? hopAssigner(w.sizeMs, w.slideMs, w.offsetMs) : cumulateAssigner(w.maxSizeMs, w.stepMs, w.offsetMs);
        return this.wire(plan.input, new WindowTvfOperator(plan.timeIndex, assign, out));
      }
      case 'aggregate': {
        if (plan.groupingSets) throw new NotSupportedError('GROUPING SETS / ROLLUP / CUBE in streaming mode', undefined);
        const keys = plan.keys.map((k) => this.compile(k));
        const aggregates = compileAggregates(plan.aggregates, this.dialect, EMPTY_ENV);
        const endKey = plan.keys.findIndex((k) => k.type.windowProperty === 'end');
        const hasStart = plan.keys.some((k) => k.type.windowProperty === 'start');
        if (endKey >= 0 && hasStart) {
          const startKey = plan.keys.findIndex((k) => k.type.windowProperty === 'start');
          // Append-only input: flat per-group slots when every aggregate allows it.
          const slots = isUpdating(plan.input) ? undefined : slotAggregates(plan.aggregates.map((a) => ({ ...a, argKind: a.args[0]?.type.kind })), aggregates);
          const ops: GroupStateOps<unknown> = (slots ? slotGroupOps(keys.length, slots) : accumulatorGroupOps(aggregates)) as GroupStateOps<unknown>;
          const op = new WindowAggregateOperator(keys, endKey, ops, this.lateRows(plan.input), out, startKey);
          return this.wire(plan.input, this.register('window-aggregate', op));
        }
        return this.wire(plan.input, this.register('group-aggregate', new GroupAggregateOperator(keys, aggregates, out)));
      }
      case 'setop': {
        if (plan.op !== 'UNION' || !plan.all) throw new NotSupportedError(`${plan.op}${plan.all ? ' ALL' : ''} in streaming mode`, undefined);
        const union = new UnionOperator(2, out);
        this.wire(plan.inputs[0], union.inputs[0]);
        this.wire(plan.inputs[1], union.inputs[1]);
        return;
      }
      case 'values': {
        // A bounded constant input: modelled as a source with no table.
        const rows = plan.rows.map((r) => r.map((e) => this.compile(e)([])));
        this.sources.push({ table: { name: '(VALUES)', columns: [], options: new Map([['connector', '$values']]), partitionedBy: [] }, sink: constantSink(rows, out) });
        return;
      }
      case 'join':
        return this.wireJoin(plan, out);
      case 'sort':
      case 'limit':
        throw new NotSupportedError('ORDER BY / LIMIT in streaming mode (Top-N)', undefined);
      case 'overWindow':
        return this.wireWindowRank(plan, out);
      case 'matchRecognize': {
        if (isUpdating(plan.input)) throw new PlanError('PLAN_INVALID', 'MATCH_RECOGNIZE needs an append-only input, but its input produces updates', { position: plan.spec.pos });
        const op = MatchRecognizeOperator.fromSpec(plan.spec, this.lateRows(plan.input), out);
        return this.wire(plan.input, this.register('match-recognize', op));
      }
    }
  }

  private wireJoin(plan: LogicalPlan & { kind: 'join' }, out: RowSink): void {
    const kind = classifyStreamingJoin(plan);
    const leftKeys = plan.leftKeys.map((k) => this.compile(k));
    const rightKeys = plan.rightKeys.map((k) => this.compile(k));
    const leftWidth = plan.left.schema.length;
    const rightWidth = plan.right.schema.length;
    if (kind.kind === 'window') {
      const op = this.register('window-join', new WindowJoinOperator(plan.joinType, leftKeys, rightKeys, kind.endKey, plan.residual ? this.compile(plan.residual) : undefined, leftWidth, rightWidth, out));
      this.wire(plan.left, op.left);
      this.wire(plan.right, op.right);
      return;
    }
    if (plan.joinType === 'SEMI' || plan.joinType === 'ANTI') throw new NotSupportedError(`${plan.joinType} joins in streaming mode`, undefined);
    const type = plan.joinType;
    if (kind.kind === 'lookup') {
      if (type !== 'INNER' && type !== 'LEFT') throw new NotSupportedError(`${type} lookup joins (only INNER and LEFT exist in Flink)`, undefined);
      const lookup = this.options.lookups.get(kind.table);
      if (!lookup) throw new NotSupportedError(`lookups into table '${kind.table.name}' (its connector has no lookup source)`, kind.table.pos);
      const op = new LookupJoinOperator(leftKeys, lookup, plan.residual ? this.compile(plan.residual) : undefined, type === 'LEFT', rightWidth, out);
      return this.wire(plan.left, op);
    }
    if (kind.kind === 'interval') {
      const b = kind.bounds;
      const residual = b.remaining.length === 0 ? undefined : b.remaining.map((c) => this.compile(c));
      const op = this.register('interval-join', new IntervalJoinOperator({
        type, leftKeys, rightKeys, leftTimeIndex: b.leftTimeIndex, rightTimeIndex: b.rightTimeIndex, lower: b.lower, upper: b.upper,
        residual: residual && ((row) => (residual.every((r) => r(row) === true) ? true : false)), leftWidth, rightWidth,
      }, out));
      this.wire(plan.left, op.left);
      this.wire(plan.right, op.right);
      return;
    }
    const op = this.register('regular-join', new RegularJoinOperator({
      type, leftKeys, rightKeys, residual: plan.residual ? this.compile(plan.residual) : undefined, leftWidth, rightWidth,
      stateTtlMs: this.options.stateTtlMs, clock: this.options.clock,
    }, out));
    this.wire(plan.left, op.left);
    this.wire(plan.right, op.right);
  }

  /** Only window Top-N exists for OVER in streaming: a ranking function partitioned by the window. */
  private wireWindowRank(plan: LogicalPlan & { kind: 'overWindow' }, out: RowSink): void {
    const [call] = plan.calls;
    const endIndex = call?.partitionBy.findIndex((p) => p.type.windowProperty === 'end') ?? -1;
    const hasStart = call?.partitionBy.some((p) => p.type.windowProperty === 'start');
    if (plan.calls.length !== 1 || !['ROW_NUMBER', 'RANK', 'DENSE_RANK'].includes(call.name) || endIndex < 0 || !hasStart)
      throw new NotSupportedError('OVER windows in streaming mode other than window Top-N (ROW_NUMBER/RANK/DENSE_RANK OVER (PARTITION BY window_start, window_end ...))', call?.pos);
    const orderBy = call.orderBy.map((k) => ({ value: this.compile(k.expr), compare: comparatorFor(k.expr.type), descending: k.descending, nullsFirst: k.nullsFirst }));
    const op = new WindowRankOperator(call.partitionBy.map((p) => this.compile(p)), endIndex, orderBy, call.name as 'RANK', call.type.kind === 'BIGINT', out);
    this.wire(plan.input, this.register('window-rank', op));
  }

  private lateRows(input: LogicalPlan): LateRows {
    const table = sourceTable(input);
    const late = new LateRows(table ? this.lateRouter(table) : undefined);
    this.late.push(late);
    return late;
  }
}

/** The table a (single-input) plan reads, for routing its late rows. */
function sourceTable(plan: LogicalPlan): TableDefinition | undefined {
  if (plan.kind === 'scan') return plan.table;
  if (plan.kind === 'join' || plan.kind === 'setop' || plan.kind === 'values') return undefined;
  return sourceTable(plan.input);
}

/** A VALUES "source": the driver calls end() on it, which first replays the rows. */
function constantSink(rows: Row[], out: RowSink): RowSink {
  return {
    push: (row, kind) => out.push(row, kind),
    end: () => {
      for (const r of rows) out.push(r, '+I');
      out.watermark?.(Infinity);
      out.end();
    },
  };
}

/** True when the plan's output is an updating changelog rather than insert-only. */
export function isUpdating(plan: LogicalPlan): boolean {
  switch (plan.kind) {
    case 'scan':
    case 'values':
      return false;
    case 'aggregate': {
      const windowed = plan.keys.some((k) => k.type.windowProperty === 'end') && plan.keys.some((k) => k.type.windowProperty === 'start');
      return !windowed || isUpdating(plan.input);
    }
    case 'join': {
      const kind = classifyStreamingJoin(plan);
      if (kind.kind === 'lookup') return isUpdating(plan.left);
      if (kind.kind === 'interval' || kind.kind === 'window') return isUpdating(plan.left) || isUpdating(plan.right);
      return plan.joinType !== 'INNER' || isUpdating(plan.left) || isUpdating(plan.right);
    }
    case 'setop':
      return plan.inputs.some(isUpdating);
    case 'sort':
    case 'limit':
      return true;
    case 'matchRecognize':
      return false;
    default:
      return isUpdating(plan.input);
  }
}
