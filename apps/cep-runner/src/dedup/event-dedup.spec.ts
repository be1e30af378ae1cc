import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { EventDedup } from './event-dedup';

interface Message {
  readonly id: string;
  readonly ingestMs: number;
}

/** Ids from a small pool (so retries happen) and ingest times that mostly grow. */
const messages = fc.array(fc.record({ id: fc.constantFrom(...Array.from({ length: 12 }, (_, i) => `e${i}`)), step: fc.integer({ min: -3, max: 8 }) }), { minLength: 1, maxLength: 120 }).map((list) => {
  let t = 1_000;
  return list.map((m): Message => ({ id: m.id, ingestMs: (t = Math.max(0, t + m.step)) }));
});

function decisions(dedup: EventDedup, input: readonly Message[], from: number): boolean[] {
  return input.slice(from).map((m, i) => dedup.observe(m.id, from + i, m.ingestMs));
}

describe(EventDedup.name, () => {
  it('drops an id seen within the horizon and forgets it after', () => {
    const dedup = new EventDedup(10, 100);
    expect(dedup.observe('a', 0, 100)).toBe(false);
    expect(dedup.observe('a', 1, 105)).toBe(true);
    expect(dedup.observe('b', 2, 120)).toBe(false); // the clock passed 115: both 'a' entries expire
    expect(dedup.observe('a', 3, 121)).toBe(false);
  });

  it('remembers at most maxEvents ids per partition', () => {
    const dedup = new EventDedup(60_000, 2);
    ['a', 'b', 'c'].forEach((id, i) => dedup.observe(id, i, 1));
    expect(dedup.size).toBe(2);
    expect(dedup.fromOffset(3)).toBe(1);
    expect(dedup.observe('a', 3, 1)).toBe(false);
    expect(dedup.observe('c', 4, 1)).toBe(true);
  });

  it('is off with a zero horizon', () => {
    const dedup = new EventDedup(0, 100);
    expect([dedup.observe('a', 0, 1), dedup.observe('a', 1, 1)]).toEqual([false, false]);
    expect(dedup.fromOffset(2)).toBe(2);
  });

  it('rebuilt from its checkpoint (re-reading from fromOffset) decides exactly like the original', () => {
    fc.assert(
      fc.property(messages, fc.nat(), fc.integer({ min: 1, max: 40 }), fc.integer({ min: 1, max: 30 }), (input, cutSeed, horizon, max) => {
        const cut = cutSeed % (input.length + 1);
        const original = new EventDedup(horizon, max);
        decisions(original, input.slice(0, cut), 0);
        const from = original.fromOffset(cut);
        const clock = original.clockMs;
        const rebuilt = new EventDedup(horizon, max);
        input.slice(from, cut).forEach((m, i) => rebuilt.observe(m.id, from + i, m.ingestMs));
        rebuilt.restoreClock(Number.isFinite(clock) ? clock : 0);
        expect(rebuilt.fromOffset(cut)).toBe(from);
        expect(decisions(rebuilt, input, cut)).toEqual(decisions(original, input, cut));
      }),
      { numRuns: 2_000 },
    );
  });
});
