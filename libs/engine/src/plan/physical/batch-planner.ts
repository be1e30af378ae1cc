import { InternalError } from '@sluice/contracts';
import type { TableDefinition } from '../../catalog/table-definition';
import { compileExpr, type CompileEnv, type SubqueryExecutor } from '../../expr/compile-expr';
import { CollectingSink, type RowSink } from '../../exec/row-sink';
import { FilterOperator } from '../../exec/operators/filter.operator';
import { HashAggregateOperator } from '../../exec/operators/hash-aggregate.operator';
import { HashJoinOperator } from '../../exec/operators/hash-join.operator';
import { LimitOperator } from '../../exec/operators/limit.operator';
import { OverWindowOperator } from '../../exec/operators/over-window.operator';
import { ProjectOperator } from '../../exec/operators/project.operator';
import { SetOpOperator } from '../../exec/operators/set-op.operator';
import { SortOperator } from '../../exec/operators/sort.operator';
import { resolveAggregate } from '../../expr/aggregates/aggregate-registry';
import { comparatorFor, type Row } from '../../types/values';
import type { LogicalPlan, SortKey } from '../logical/logical-plan';
import type { Dialect } from '../../expr/functions/function-spec';
import { LateRows } from '../../exec/streaming/late-rows';
import { cumulateAssigner, hopAssigner, tumbleAssigner } from '../../exec/streaming/window/window-assigner';
import { SessionWindowOperator } from '../../exec/streaming/window/session-window.operator';
import { WindowTvfOperator } from '../../exec/streaming/window/window-tvf.operator';
import { compileAggregates } from './compile-aggregates';
import { MatchRecognizeBatchOperator } from '../../exec/streaming/match-recognize/match-recognize-batch.operator';

/** Rows of every scanned table, loaded by the caller before a batch query runs. */
export type TableRows = ReadonlyMap<TableDefinition, readonly Row[]>;

export interface BatchPipeline {
  /** Pushes every source row through the operators, then ends each input. */
  run(): void;
}

/**
 * Logical plan -> push operators for bounded inputs. Scans read fully loaded tables, so the whole
 * query (subqueries included) runs synchronously once its inputs are in memory.
 */
export class BatchPlanner implements SubqueryExecutor {
  private readonly env: CompileEnv;

  constructor(
    private readonly tables: TableRows,
    private readonly dialect: Dialect,
  ) {
    this.env = { subqueries: this, outerRows: [] };
  }

  build(plan: LogicalPlan, out: RowSink): BatchPipeline {
    const drivers: (() => void)[] = [];
    this.wire(plan, out, drivers);
    return { run: () => drivers.forEach((d) => d()) };
  }

  /** SubqueryExecutor: runs a subquery plan to completion and returns its rows. */
  run(plan: unknown, _outer: readonly Row[]): Row[] {
    // Compiled closures read outer rows from the shared env stack, so one compiled pipeline serves every call.
    const sink = new CollectingSink();
    const pipeline = this.build(plan as LogicalPlan, sink);
    pipeline.run();
    return sink.rows;
  }

  private compile(e: Parameters<typeof compileExpr>[0]) {
    return compileExpr(e, this.env);
  }

  private sortKeys(keys: readonly SortKey[]) {
    return keys.map((k) => ({ value: this.compile(k.expr), compare: comparatorFor(k.expr.type), descending: k.descending, nullsFirst: k.nullsFirst }));
  }

  private wire(plan: LogicalPlan, out: RowSink, drivers: (() => void)[]): void {
    switch (plan.kind) {
      case 'scan': {
        const rows = this.tables.get(plan.table);
        if (!rows) throw new InternalError(`table '${plan.table.name}' was not loaded before execution`);
        drivers.push(() => {
          if (out.pushBatch) out.pushBatch(rows, '+I');
          else for (const r of rows) out.push(r, '+I');
          out.end();
        });
        return;
      }
      case 'values': {
        const rows = plan.rows.map((r) => r.map((e) => this.compile(e)));
        drivers.push(() => {
          for (const r of rows) out.push(r.map((f) => f([])), '+I');
          out.end();
        });
        return;
      }
      case 'watermark':
        // Bounded input: event time needs no watermarks, everything fires at end of input.
        return this.wire(plan.input, out, drivers);
      case 'windowTvf': {
        const w = plan.window;
        if (w.kind === 'SESSION') {
          const op = new SessionWindowOperator(plan.timeIndex, w.gapMs, w.partitionKeys.map((k) => this.compile(k)), new LateRows(), out, true);
          return this.wire(plan.input, op, drivers);
        }
        const assign = w.kind === 'TUMBLE' ? tumbleAssigner(w.sizeMs, w.offsetMs) : w.kind === 'HOP' ? hopAssigner(w.sizeMs, w.slideMs, w.offsetMs) : cumulateAssigner(w.maxSizeMs, w.stepMs, w.offsetMs);
        return this.wire(plan.input, new WindowTvfOperator(plan.timeIndex, assign, out), drivers);
      }
      case 'filter':
        return this.wire(plan.input, new FilterOperator(this.compile(plan.predicate), out), drivers);
      case 'project':
        return this.wire(plan.input, new ProjectOperator(plan.exprs.map((e) => this.compile(e)), out), drivers);
      case 'limit':
        return this.wire(plan.input, new LimitOperator(plan.limit, plan.offset, out), drivers);
      case 'sort':
        return this.wire(plan.input, new SortOperator(this.sortKeys(plan.keys), out), drivers);
      case 'aggregate': {
        const aggregates = compileAggregates(plan.aggregates, this.dialect, this.env);
        const keyColumn = plan.keys.length === 1 && plan.keys[0].kind === 'input' ? plan.keys[0].index : -1;
        const op = new HashAggregateOperator(plan.keys.map((k) => this.compile(k)), aggregates, plan.groupingSets, out, keyColumn);
        return this.wire(plan.input, op, drivers);
      }
      case 'join': {
        const op = new HashJoinOperator(
          plan.joinType,
          plan.leftKeys.map((k) => this.compile(k)),
          plan.rightKeys.map((k) => this.compile(k)),
          plan.nullSafe,
          plan.residual ? this.compile(plan.residual) : undefined,
          plan.left.schema.length,
          plan.right.schema.length,
          out,
        );
        this.wire(plan.left, op.left, drivers);
        this.wire(plan.right, op.right, drivers);
        return;
      }
      case 'setop': {
        const op = new SetOpOperator(plan.op, plan.all, out);
        this.wire(plan.inputs[0], op.left, drivers);
        this.wire(plan.inputs[1], op.right, drivers);
        return;
      }
      case 'overWindow': {
        const calls = plan.calls.map((c) => {
          const resolved = ['ROW_NUMBER', 'RANK', 'DENSE_RANK', 'PERCENT_RANK', 'CUME_DIST', 'NTILE', 'LAG', 'LEAD', 'NTH_VALUE'].includes(c.name)
            ? undefined
            : resolveAggregate(c.name, c.args.map((x) => x.type), { dialect: this.dialect, distinct: c.distinct, ignoreNulls: c.ignoreNulls, literalArgs: [] });
          if (typeof resolved === 'string') throw new InternalError(resolved);
          return {
            name: c.name,
            args: c.args.map((a) => this.compile(a)),
            partitionBy: c.partitionBy.map((p) => this.compile(p)),
            orderBy: this.sortKeys(c.orderBy),
            frame: c.frame,
            createAccumulator: resolved?.create,
            isCountStar: c.star,
            ignoreNulls: c.ignoreNulls,
            bigintResult: c.type.kind === 'BIGINT',
          };
        });
        return this.wire(plan.input, new OverWindowOperator(calls, out), drivers);
      }
      case 'matchRecognize':
        return this.wire(plan.input, MatchRecognizeBatchOperator.fromSpec(plan.spec, out), drivers);
    }
  }
}

/** Every table a plan reads, including inside subqueries, so the caller can load them first. */
export function scannedTables(plan: LogicalPlan, into = new Set<TableDefinition>()): Set<TableDefinition> {
  const visitExpr = (e: unknown): void => {
    if (!e || typeof e !== 'object') return;
    const node = e as { kind?: string; plan?: unknown };
    if (node.kind === 'subquery' && node.plan) scannedTables(node.plan as LogicalPlan, into);
    for (const v of Object.values(e)) if (v && typeof v === 'object' && v !== node.plan) visitExpr(v);
  };
  if (plan.kind === 'scan') into.add(plan.table);
  for (const [k, v] of Object.entries(plan)) {
    if (k === 'table' || k === 'schema') continue;
    if (k === 'input' || k === 'left' || k === 'right') scannedTables(v as LogicalPlan, into);
    else if (k === 'inputs') (v as LogicalPlan[]).forEach((p) => scannedTables(p, into));
    else visitExpr(v);
  }
  return into;
}
