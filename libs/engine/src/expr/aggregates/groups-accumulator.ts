import type { Accumulator, AccumulatorFactory } from './accumulator';

/**
 * Batch GROUP BY state of one aggregate for every group at once, in columns indexed by a dense
 * group id (DataFusion's `GroupsAccumulator`). The hash aggregate buffers a chunk of rows with
 * their group ids, evaluates each aggregate's argument over the chunk and folds the values with
 * one call per aggregate, so each aggregate runs its own tight, monomorphic loop instead of one
 * virtual `add` per row and aggregate.
 */
export interface GroupsAccumulator {
  /** Makes room for groups 0..groupCount-1 (ids are dense and only grow). */
  resize(groupCount: number): void;
  /**
   * Folds argument values[0..length) into groups groupIds[0..length). With `selected` (the
   * aggregate's FILTER clause), only positions whose flag is 1 are folded.
   */
  addBatch(values: readonly unknown[], groupIds: Int32Array, length: number, selected: Uint8Array | undefined): void;
  /** Final value of one group (a group that received no rows gives the empty result: 0, NULL). */
  result(group: number): unknown;
}

/** Any row-at-a-time Accumulator (DISTINCT, DECIMAL, FIRST_VALUE, ...) as a GroupsAccumulator. */
export class AccumulatorPerGroup implements GroupsAccumulator {
  private readonly accs: Accumulator[] = [];
  constructor(private readonly create: AccumulatorFactory) {}
  resize(groupCount: number): void {
    while (this.accs.length < groupCount) this.accs.push(this.create());
  }
  addBatch(values: readonly unknown[], groupIds: Int32Array, length: number, selected: Uint8Array | undefined): void {
    const accs = this.accs;
    for (let r = 0; r < length; r++) if (selected === undefined || selected[r] === 1) accs[groupIds[r]].add(values[r]);
  }
  result(group: number): unknown {
    return this.accs[group].result();
  }
}
