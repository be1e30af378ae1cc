import { compositeKeyOf, type Row, type RowKind } from '../../../types/values';
import { rowComparator } from '../../operators/sort.operator';
import type { RowSink } from '../../row-sink';
import { compileMatchProgram, type MatchProgram } from './match-program';
import type { MatchRecognizeSpec } from './match-spec';
import { PartitionMatcher } from './partition-matcher';

/**
 * Batch MATCH_RECOGNIZE: the bounded input is grouped by PARTITION BY (partitions in order of
 * first appearance), each partition is sorted by ORDER BY (stable: ties keep input order) and
 * matched start to end. Any ORDER BY is allowed in batch mode.
 */
export class MatchRecognizeBatchOperator implements RowSink {
  private readonly partitions = new Map<unknown, { keyValues: unknown[]; rows: Row[] }>();

  constructor(
    private readonly program: MatchProgram,
    private readonly out: RowSink,
  ) {}

  push(row: Row, _kind: RowKind): void {
    const keyValues = this.program.partitionKeys.map((k) => k(row));
    const key = compositeKeyOf(keyValues);
    let p = this.partitions.get(key);
    if (!p) this.partitions.set(key, (p = { keyValues, rows: [] }));
    p.rows.push(row);
  }

  static fromSpec(spec: MatchRecognizeSpec, out: RowSink): MatchRecognizeBatchOperator {
    return new MatchRecognizeBatchOperator(compileMatchProgram(spec), out);
  }

  end(): void {
    const keys = this.program.orderKeys;
    const cmp = rowComparator(keys);
    const emit = (row: Row) => this.out.push(row, '+I');
    for (const { keyValues, rows } of this.partitions.values()) {
      const sorted = keys.length === 0 ? rows : rows.map((row, i) => ({ row, i, k: keys.map((k) => k.value(row)) })).sort((a, b) => cmp(a.k, b.k) || a.i - b.i).map((d) => d.row);
      const matcher = new PartitionMatcher(this.program, keyValues, emit);
      for (const row of sorted) matcher.push(row, this.program.timeOf(row));
      matcher.finish();
    }
    this.partitions.clear();
    this.out.end();
  }
}
