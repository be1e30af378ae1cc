import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { comparatorFor, groupKeyOf } from '../../types/values';
import { T } from '../../types/sql-type';
import type { Accumulator } from './accumulator';
import { AvgAccumulator } from './avg';
import { CountAccumulator } from './count';
import { AccumulatorPerGroup, type GroupsAccumulator } from './groups-accumulator';
import { MinMaxAccumulator } from './min-max';
import { CountGroups, MinMaxGroups, NumberAvgGroups, NumberSumGroups } from './numeric-groups-accumulators';
import { NumberSumAccumulator } from './sum';

/** Folds (group, value, selected) triples in chunks through a GroupsAccumulator; returns each group's result. */
function viaGroups(acc: GroupsAccumulator, groupCount: number, input: readonly [number, unknown, boolean][], chunk: number): unknown[] {
  acc.resize(groupCount);
  for (let start = 0; start < input.length; start += chunk) {
    const part = input.slice(start, start + chunk);
    const ids = Int32Array.from(part.map(([g]) => g));
    const selected = Uint8Array.from(part.map(([, , s]) => (s ? 1 : 0)));
    acc.addBatch(part.map(([, v]) => v), ids, part.length, selected);
  }
  return Array.from({ length: groupCount }, (_, g) => acc.result(g));
}

/** The same through one row-at-a-time Accumulator per group, skipping unselected rows. */
function viaAccumulators(create: () => Accumulator, groupCount: number, input: readonly [number, unknown, boolean][]): unknown[] {
  const accs = Array.from({ length: groupCount }, create);
  for (const [g, v, selected] of input) if (selected) accs[g].add(v);
  return accs.map((a) => a.result());
}

const GROUPS = 4;
const rows = (value: fc.Arbitrary<unknown>) =>
  fc.array(fc.tuple(fc.integer({ min: 0, max: GROUPS - 1 }), value, fc.boolean()), { maxLength: 300 });
const chunk = fc.integer({ min: 1, max: 64 });
const intOrNull = fc.option(fc.integer({ min: -1_000_000, max: 1_000_000 }), { nil: null });
const doubleOrNull = fc.option(fc.double({ noNaN: true, min: -1e6, max: 1e6 }), { nil: null });

describe('numeric GroupsAccumulators', () => {
  it('CountGroups counts exactly what CountAccumulator counts', () => {
    fc.assert(fc.property(rows(intOrNull), chunk, (input, size) => {
      expect(viaGroups(new CountGroups(), GROUPS, input, size)).toEqual(viaAccumulators(() => new CountAccumulator(), GROUPS, input));
    }));
  });

  it('NumberSumGroups matches NumberSumAccumulator for Spark BIGINT and Flink INT results', () => {
    fc.assert(fc.property(rows(intOrNull), chunk, (input, size) => {
      expect(viaGroups(new NumberSumGroups(true, true), GROUPS, input, size)).toEqual(viaAccumulators(() => new NumberSumAccumulator(true, true), GROUPS, input));
      expect(viaGroups(new NumberSumGroups(true, false, 32), GROUPS, input, size)).toEqual(viaAccumulators(() => new NumberSumAccumulator(true, false, 32), GROUPS, input));
    }));
  });

  it('NumberSumGroups stays exact past 2^53 like NumberSumAccumulator', () => {
    const big = 2 ** 52;
    const input: [number, unknown, boolean][] = [[0, big, true], [0, big, true], [0, big, true], [0, 1, true], [1, -big, true], [1, -big, true], [1, -big, true]];
    expect(viaGroups(new NumberSumGroups(true, true), 2, input, 2)).toEqual([BigInt(big) * 3n + 1n, -BigInt(big) * 3n]);
    expect(viaGroups(new NumberSumGroups(true, true), 2, input, 2)).toEqual(viaAccumulators(() => new NumberSumAccumulator(true, true), 2, input));
  });

  it('NumberAvgGroups matches AvgAccumulator for DOUBLE and truncated integer results', () => {
    fc.assert(fc.property(rows(doubleOrNull), chunk, (input, size) => {
      expect(viaGroups(new NumberAvgGroups({ kind: 'double' }), GROUPS, input, size)).toEqual(viaAccumulators(() => new AvgAccumulator('number', { kind: 'double' }), GROUPS, input));
    }));
    fc.assert(fc.property(rows(intOrNull), chunk, (input, size) => {
      const out = { kind: 'truncatedInt', bigint: false } as const;
      expect(viaGroups(new NumberAvgGroups(out), GROUPS, input, size)).toEqual(viaAccumulators(() => new AvgAccumulator('number', out), GROUPS, input));
    }));
  });

  it('MinMaxGroups matches MinMaxAccumulator, NaN included', () => {
    const cmp = comparatorFor(T.double());
    const values = fc.option(fc.double(), { nil: null });
    fc.assert(fc.property(rows(values), chunk, fc.boolean(), (input, size, isMax) => {
      expect(viaGroups(new MinMaxGroups(cmp, isMax), GROUPS, input, size)).toEqual(viaAccumulators(() => new MinMaxAccumulator(cmp, isMax, groupKeyOf), GROUPS, input));
    }));
  });

  it('AccumulatorPerGroup adapts any Accumulator, skipping unselected rows', () => {
    fc.assert(fc.property(rows(intOrNull), chunk, (input, size) => {
      const create = () => new NumberSumAccumulator(true, true);
      expect(viaGroups(new AccumulatorPerGroup(create), GROUPS, input, size)).toEqual(viaAccumulators(create, GROUPS, input));
    }));
  });
});
