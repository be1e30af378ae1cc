import { SluiceError } from '@sluice/contracts';
import { describe, expect, it } from 'vitest';
import { decodeEventBatch } from './decode-event-batch';
import { NdjsonBody } from './ndjson-body';

function errorOf(run: () => unknown): SluiceError {
  try {
    run();
  } catch (error) {
    return error as SluiceError;
  }
  throw new Error('expected an error');
}

describe(decodeEventBatch.name, () => {
  it('reads one object, an array, or NDJSON lines skipping blank ones', () => {
    expect(decodeEventBatch({ a: 1 }, 10)).toEqual([{ a: 1 }]);
    expect(decodeEventBatch([{ a: 1 }, { a: 2 }], 10)).toEqual([{ a: 1 }, { a: 2 }]);
    expect(decodeEventBatch(new NdjsonBody('{"a":1}\n\n{"a":2}\r\n'), 10)).toEqual([{ a: 1 }, { a: 2 }]);
  });

  it('reports each NDJSON line that is not JSON with its event index and line number', () => {
    const error = errorOf(() => decodeEventBatch(new NdjsonBody('{"a":1}\n\n{"a":\n{"a":3}\nnope'), 10));
    expect(error.code).toBe('REQUEST_MALFORMED');
    expect(error.details.map((d) => [d.index, d.message.split(':')[0]])).toEqual([
      [1, 'line 3'],
      [3, 'line 5'],
    ]);
  });

  it('refuses more events than the limit with 413 before parsing NDJSON', () => {
    expect(errorOf(() => decodeEventBatch([{}, {}, {}], 2)).code).toBe('PAYLOAD_TOO_LARGE');
    expect(errorOf(() => decodeEventBatch(new NdjsonBody('x\ny\nz'), 2)).code).toBe('PAYLOAD_TOO_LARGE');
  });

  it('refuses empty requests and bodies that are not objects', () => {
    expect(errorOf(() => decodeEventBatch([], 10)).message).toBe('the request holds no events');
    expect(errorOf(() => decodeEventBatch(new NdjsonBody('\n\n'), 10)).code).toBe('REQUEST_MALFORMED');
    expect(errorOf(() => decodeEventBatch(42, 10)).code).toBe('REQUEST_MALFORMED');
  });
});
