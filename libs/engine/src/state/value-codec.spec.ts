import { describe, expect, it } from 'vitest';
import { Decimal } from '../types/decimal';
import { decodeSnapshot, encodeSnapshot, STATE_FORMAT_VERSION } from './snapshot';
import { decodeValue, encodeValue } from './value-codec';

describe('state value codec', () => {
  it('round-trips engine values exactly through JSON', () => {
    const value = [9223372036854775807n, new Decimal(12345n, 2), NaN, -Infinity, new Map([['k', [1n]]]), { a: 'x' }, null];
    const back = decodeValue(JSON.parse(JSON.stringify(encodeValue(value)))) as unknown[];
    expect(back[0]).toBe(9223372036854775807n);
    expect((back[1] as Decimal).toString()).toBe('123.45');
    expect(back[2]).toBeNaN();
    expect(back[3]).toBe(-Infinity);
    expect(back[4]).toEqual(new Map([['k', [1n]]]));
    expect(back[5]).toEqual({ a: 'x' });
    expect(back[6]).toBeNull();
  });

  it('rejects a snapshot of another format version', () => {
    const bytes = encodeSnapshot({ version: STATE_FORMAT_VERSION, operators: { agg: [1n] } });
    expect(decodeSnapshot(bytes).operators).toEqual({ agg: [1n] });
    const future = Buffer.from(JSON.stringify({ version: 99, operators: {} }));
    expect(() => decodeSnapshot(future)).toThrow(/format version 99/);
  });
});
