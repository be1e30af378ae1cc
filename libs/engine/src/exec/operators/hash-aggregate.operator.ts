import type { AccumulatorFactory } from '../../expr/aggregates/accumulator';
import { AccumulatorPerGroup, type GroupsAccumulator } from '../../expr/aggregates/groups-accumulator';
import type { CompiledExpr } from '../../expr/compile-expr';
import { compositeKeyOf, groupKeyOf, type Row, type RowKind } from '../../types/values';
import type { RowSink } from '../row-sink';
import { Int32KeyIndex, isInt32 } from './int32-key-index';

export interface CompiledAggregate {
  readonly create: AccumulatorFactory;
  /** Columnar batch state when the aggregate has one (COUNT, SUM/AVG of numbers, MIN, MAX). */
  readonly createGroups?: () => GroupsAccumulator;
  /** Argument value per row; COUNT(*) yields a constant non-null marker. */
  readonly arg: CompiledExpr;
  /** Set when the argument is just input column `argColumn` (read without a closure call). */
  readonly argColumn?: number;
  /** COUNT(*): the argument is a constant non-null marker. */
  readonly star?: boolean;
  readonly filter?: CompiledExpr;
}

/** Rows buffered before the aggregates fold them (one loop per aggregate per chunk). */
const CHUNK_ROWS = 1024;

/**
 * Batch GROUP BY: one pass assigning each row a dense group id through a hash table, results
 * emitted at end of input. Aggregate state lives in GroupsAccumulators (columns indexed by group
 * id, DataFusion's GroupsAccumulator design); rows are folded a chunk at a time.
 * Output row = keys ++ [grouping id] ++ aggregate results. With grouping sets, each input row
 * is folded into one group per set, keys outside the set being NULL.
 */
export class HashAggregateOperator implements RowSink {
  private readonly groupIds = new Map<unknown, number>();
  /** Single-key fast path: 32-bit integer keys (the rest stay in groupIds). */
  private readonly intKeys = new Int32KeyIndex();
  /** Key values of each group, by group id. */
  private readonly groupKeys: unknown[][] = [];
  private readonly states: GroupsAccumulator[];
  private readonly setMasks: { keep: boolean[]; id: bigint }[] | undefined;
  private readonly chunk: Row[] = new Array<Row>(CHUNK_ROWS);
  private readonly chunkGroups = new Int32Array(CHUNK_ROWS);
  private chunkLength = 0;
  private readonly values: unknown[] = new Array<unknown>(CHUNK_ROWS);
  private readonly selected = new Uint8Array(CHUNK_ROWS);
  /** COUNT(*)'s argument for a whole chunk. */
  private readonly ones: unknown[] = new Array<unknown>(CHUNK_ROWS).fill(1);

  /** `keyColumn`: the single key is input column `keyColumn` (read without a closure call). */
  constructor(
    private readonly keys: readonly CompiledExpr[],
    private readonly aggregates: readonly CompiledAggregate[],
    groupingSets: readonly (readonly number[])[] | undefined,
    private readonly out: RowSink,
    private readonly keyColumn = -1,
  ) {
    this.states = aggregates.map((a) => a.createGroups?.() ?? new AccumulatorPerGroup(a.create));
    this.setMasks = groupingSets?.map((set) => {
      const keep = keys.map((_, i) => set.includes(i));
      let id = 0n;
      keep.forEach((k, i) => {
        if (!k) id |= 1n << BigInt(keys.length - 1 - i);
      });
      return { keep, id };
    });
  }

  push(row: Row, _kind: RowKind): void {
    const keys = this.keys;
    if (keys.length === 1 && !this.setMasks) {
      // Hot path (one key, no grouping sets): no per-row key array.
      this.buffer(row, this.singleKeyGroup(this.keyColumn >= 0 ? row[this.keyColumn] : keys[0](row)));
      return;
    }
    const values = new Array(keys.length);
    for (let i = 0; i < keys.length; i++) values[i] = keys[i](row);
    if (!this.setMasks) {
      this.buffer(row, this.groupFor(compositeKeyOf(values), values));
      return;
    }
    for (let s = 0; s < this.setMasks.length; s++) {
      const { keep, id } = this.setMasks[s];
      const masked = values.map((v, i) => (keep[i] ? v : null));
      // Keyed by the set's position, not its id: a grouping set listed twice yields its groups twice.
      this.buffer(row, this.groupFor(compositeKeyOf([...masked, s]), [...masked, id]));
    }
  }

  /** A scanned table at once: group ids for a slice of the input, then each aggregate folds it in place. */
  pushBatch(rows: readonly Row[], kind: RowKind): void {
    const column = this.keyColumn;
    if (this.keys.length !== 1 || this.setMasks || column < 0) {
      for (let i = 0; i < rows.length; i++) this.push(rows[i], kind);
      return;
    }
    this.flush();
    const groups = this.chunkGroups;
    for (let start = 0; start < rows.length; start += CHUNK_ROWS) {
      const n = Math.min(CHUNK_ROWS, rows.length - start);
      for (let r = 0; r < n; r++) groups[r] = this.singleKeyGroup(rows[start + r][column]);
      this.foldRows(rows, start, n);
    }
  }

  /** Group id of a single-column key value, creating the group on first sight. */
  private singleKeyGroup(v: unknown): number {
    if (isInt32(v)) {
      const g = this.intKeys.get(v);
      if (g >= 0) return g;
      const created = this.addGroup([v]);
      this.intKeys.set(v, created);
      return created;
    }
    const key = v === null || typeof v !== 'object' ? v : groupKeyOf(v);
    return this.groupIds.get(key) ?? this.newGroup(key, [v]);
  }

  private groupFor(key: unknown, keyValues: unknown[]): number {
    return this.groupIds.get(key) ?? this.newGroup(key, keyValues);
  }

  private newGroup(key: unknown, keyValues: unknown[]): number {
    const g = this.addGroup(keyValues);
    this.groupIds.set(key, g);
    return g;
  }

  private addGroup(keyValues: unknown[]): number {
    const g = this.groupKeys.length;
    this.groupKeys.push(keyValues);
    for (let i = 0; i < this.states.length; i++) this.states[i].resize(g + 1);
    return g;
  }

  private buffer(row: Row, group: number): void {
    const n = this.chunkLength;
    this.chunk[n] = row;
    this.chunkGroups[n] = group;
    this.chunkLength = n + 1;
    if (n + 1 === CHUNK_ROWS) this.flush();
  }

  private flush(): void {
    this.foldRows(this.chunk, 0, this.chunkLength);
    this.chunkLength = 0;
  }

  /** Evaluates each aggregate's argument (and FILTER) over rows[start, start + n), then folds them into chunkGroups' groups. */
  private foldRows(rows: readonly Row[], start: number, n: number): void {
    const { aggregates, values, selected } = this;
    let loadedColumn: number | undefined; // SUM(v), AVG(v), MAX(v) read column v once
    for (let i = 0; i < aggregates.length; i++) {
      const { arg, argColumn, filter, star } = aggregates[i];
      if (filter !== undefined) for (let r = 0; r < n; r++) selected[r] = filter(rows[start + r]) === true ? 1 : 0;
      const mask = filter === undefined ? undefined : selected;
      if (star) {
        this.states[i].addBatch(this.ones, this.chunkGroups, n, mask);
        continue;
      }
      if (argColumn === undefined) for (let r = 0; r < n; r++) values[r] = arg(rows[start + r]);
      else if (argColumn !== loadedColumn) for (let r = 0; r < n; r++) values[r] = rows[start + r][argColumn];
      loadedColumn = argColumn;
      this.states[i].addBatch(values, this.chunkGroups, n, mask);
    }
  }

  end(): void {
    this.flush();
    this.chunk.fill(undefined as unknown as Row);
    this.values.fill(undefined);
    // A global aggregate (no GROUP BY) over no rows still yields one row: COUNT(*) = 0.
    if (this.groupKeys.length === 0 && this.keys.length === 0 && !this.setMasks) this.newGroup(0, []);
    if (this.groupKeys.length === 0 && this.setMasks?.some((m) => m.keep.every((k) => !k))) {
      const empty = this.setMasks.find((m) => m.keep.every((k) => !k))!;
      this.newGroup('empty', [...this.keys.map(() => null), empty.id]);
    }
    const states = this.states;
    for (let g = 0; g < this.groupKeys.length; g++) {
      const keys = this.groupKeys[g];
      const row = new Array(keys.length + states.length);
      for (let i = 0; i < keys.length; i++) row[i] = keys[i];
      for (let i = 0; i < states.length; i++) row[keys.length + i] = states[i].result(g);
      this.out.push(row, '+I');
    }
    this.out.end();
  }
}
