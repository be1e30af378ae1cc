import { describe, expect, it } from 'vitest';
import { idempotentEventId, uuidv7 } from './event-id';

const UUID_V7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe(uuidv7.name, () => {
  it('carries the millisecond timestamp and sorts in creation order within a millisecond', () => {
    const ids = Array.from({ length: 5000 }, () => uuidv7(1_700_000_000_000));
    for (const id of ids) expect(id).toMatch(UUID_V7);
    expect(parseInt(ids[0]!.replace(/-/g, '').slice(0, 12), 16)).toBe(1_700_000_000_000);
    expect([...ids].sort()).toEqual(ids);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('stays monotonic when the clock steps back', () => {
    const later = uuidv7(1_800_000_000_000);
    expect(uuidv7(1_799_999_999_000) > later).toBe(true);
  });
});

describe(idempotentEventId.name, () => {
  it('is a deterministic UUIDv5 per API key, stream, Idempotency-Key and index', () => {
    const id = idempotentEventId('k1', 'orders', 'req-9', 0);
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(idempotentEventId('k1', 'orders', 'req-9', 0)).toBe(id);
    const variants = [
      ['k2', 'orders', 'req-9', 0],
      ['k1', 'payments', 'req-9', 0],
      ['k1', 'orders', 'req-8', 0],
      ['k1', 'orders', 'req-9', 1],
    ] as const;
    for (const [key, stream, idem, index] of variants)
      expect(idempotentEventId(key, stream, idem, index)).not.toBe(id);
  });
});
