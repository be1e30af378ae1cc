import type { EventEnvelope, StreamDefinition } from '@sluice/contracts';
import { describe, expect, it } from 'vitest';
import { compileStreamRowDecoder, isDecodeProblem } from './stream-row-decoder';

const STREAM: StreamDefinition = {
  name: 'orders',
  topic: 't',
  partitions: 1,
  keyField: 'customerId',
  eventTimeField: 'ts',
  maxOutOfOrdernessMs: 0,
  schema: {
    type: 'object',
    properties: {
      customerId: { type: 'string' },
      quantity: { type: 'integer' },
      price: { type: 'number', 'x-sql-type': 'DECIMAL(8, 2)' },
      shippedAt: { type: 'string', format: 'date-time' },
      address: { type: 'object' },
      ts: { type: 'string', format: 'date-time' },
    },
  },
};

function envelope(payload: Record<string, unknown>, eventTime = Date.UTC(2024, 2, 1, 8)): EventEnvelope {
  return { eventId: 'e1', stream: 'orders', key: 'c1', eventTime, ingestTime: 0, payload, headers: {} };
}

describe(compileStreamRowDecoder.name, () => {
  const decode = compileStreamRowDecoder(STREAM);

  it('decodes the payload in the stream table column order, event time from the envelope', () => {
    const row = decode(envelope({ customerId: 'c1', quantity: 3, price: '12.5', shippedAt: '2024-03-01T10:00:00+02:00', address: { city: 'Lyon' }, ts: 'ignored' }));
    expect(isDecodeProblem(row)).toBe(false);
    expect((row as unknown[]).map((v) => (typeof v === 'object' && v !== null ? String(v) : v))).toEqual(['c1', 3n, '12.50', Date.UTC(2024, 2, 1, 8), '{"city":"Lyon"}', Date.UTC(2024, 2, 1, 8)]);
  });

  it('reads missing fields as NULL and reports a value that does not fit its column', () => {
    expect(decode(envelope({ customerId: 'c1' }))).toEqual(['c1', null, null, null, null, Date.UTC(2024, 2, 1, 8)]);
    expect(decode(envelope({ customerId: 'c1', quantity: 'many' }))).toEqual({ field: 'quantity', value: 'many', type: 'BIGINT' });
  });
});
