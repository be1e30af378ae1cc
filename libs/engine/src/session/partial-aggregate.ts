import type { Accumulator, AccumulatorFactory } from '../expr/aggregates/accumulator';
import { compileExpr, type CompileEnv, type CompiledExpr } from '../expr/compile-expr';
import type { Dialect } from '../expr/functions/function-spec';
import type { RowSink } from '../exec/row-sink';
import type { AggregateNode } from '../plan/logical/logical-plan';
import { compileAggregates } from '../plan/physical/compile-aggregates';
import { decodeValue, encodeValue } from '../state/value-codec';
import { compositeKeyOf, type Row } from '../types/values';

/**
 * Partial aggregate states of one map task, JSON-safe (values through the state codec):
 * one entry per group, [group key values, one accumulator snapshot per aggregate].
 */
export type PartialGroups = readonly (readonly [unknown, readonly unknown[]])[];

interface Group {
  readonly keys: unknown[];
  readonly accumulators: Accumulator[];
}

/**
 * Map side of a split aggregate (Spark's partial HashAggregate): folds the task's rows into one
 * accumulator per group and aggregate, then ships the accumulators' snapshots. The reduce side
 * (mergePartialGroups) restores and merges them with Accumulator.merge, so the result equals an
 * unsplit aggregation: the same accumulators, combined the way Spark's final aggregate does.
 */
export class PartialAggregateSink implements RowSink {
  private readonly groups = new Map<unknown, Group>();
  private readonly keys: CompiledExpr[];
  private readonly aggregates: ReturnType<typeof compileAggregates>;

  constructor(node: AggregateNode, dialect: Dialect, env: CompileEnv) {
    this.keys = node.keys.map((k) => compileExpr(k, env));
    this.aggregates = compileAggregates(node.aggregates, dialect, env);
  }

  push(row: Row): void {
    const keyValues = this.keys.map((k) => k(row));
    const key = compositeKeyOf(keyValues);
    let group = this.groups.get(key);
    if (!group) {
      group = { keys: keyValues, accumulators: this.aggregates.map((a) => a.create()) };
      this.groups.set(key, group);
    }
    const { aggregates } = this;
    for (let i = 0; i < aggregates.length; i++) {
      const a = aggregates[i];
      if (a.filter !== undefined && a.filter(row) !== true) continue;
      group.accumulators[i].add(a.argColumn === undefined ? a.arg(row) : row[a.argColumn]);
    }
  }

  end(): void {}

  /** The states to ship: keys and snapshots encoded for JSON. */
  partialGroups(): PartialGroups {
    return [...this.groups.values()].map(
      (g) => [encodeValue(g.keys), g.accumulators.map((a) => encodeValue(a.snapshot()))] as const,
    );
  }
}

/**
 * Reduce side: merges the partial states of every map task, in task order (so order-sensitive
 * aggregates such as FIRST_VALUE see the splits in input order), and returns the aggregate's
 * output rows: group keys then results. A global aggregate over no rows still yields one row.
 */
export function mergePartialGroups(
  node: AggregateNode,
  dialect: Dialect,
  env: CompileEnv,
  partials: readonly PartialGroups[],
): Row[] {
  const factories: AccumulatorFactory[] = compileAggregates(node.aggregates, dialect, env).map(
    (a) => a.create,
  );
  const groups = new Map<unknown, Group>();
  for (const partial of partials) {
    for (const [encodedKeys, snapshots] of partial) {
      const keys = decodeValue(encodedKeys) as unknown[];
      const key = compositeKeyOf(keys);
      const restored = factories.map((create, i) => {
        const accumulator = create();
        accumulator.restore(decodeValue(snapshots[i]));
        return accumulator;
      });
      const group = groups.get(key);
      if (group) group.accumulators.forEach((a, i) => a.merge(restored[i]));
      else groups.set(key, { keys, accumulators: restored });
    }
  }
  if (groups.size === 0 && node.keys.length === 0)
    groups.set('', { keys: [], accumulators: factories.map((create) => create()) });
  return [...groups.values()].map((g) => [...g.keys, ...g.accumulators.map((a) => a.result())]);
}
