import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Int32KeyIndex, isInt32 } from './int32-key-index';

describe(Int32KeyIndex.name, () => {
  it('finds every stored key and nothing else, across growth', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 }), { maxLength: 2000 }), fc.array(fc.integer(), { maxLength: 50 }), (keys, probes) => {
        const index = new Int32KeyIndex(16);
        const reference = new Map<number, number>();
        for (const k of keys) {
          if (reference.has(k)) continue;
          index.set(k, reference.size);
          reference.set(k, reference.size);
        }
        for (const [k, id] of reference) expect(index.get(k)).toBe(id);
        for (const p of probes) expect(index.get(p)).toBe(reference.get(p) ?? -1);
      }),
    );
  });

  it('only takes 32-bit integers', () => {
    expect([1, -0, 2 ** 31 - 1, -(2 ** 31)].every(isInt32)).toBe(true);
    expect([1.5, 2 ** 31, null, '1', 1n, NaN].some(isInt32)).toBe(false);
  });
});
