import { describe, expect, it } from 'vitest';
import { SluiceError } from '../errors';
import { parseStreamDefinitions } from './stream-definitions-file';

const VALID = `
streams:
  - name: orders
    partitions: 4
    key: customerId
    eventTime: ts
    maxOutOfOrderness: 5s
    schema:
      type: object
      required: [orderId, customerId, amount, ts]
      properties:
        orderId: { type: string }
        customerId: { type: string }
        amount: { type: number }
        ts: { type: string, format: date-time }
`;

describe('parseStreamDefinitions', () => {
  it('reads a stream with defaults filled in', () => {
    const [orders] = parseStreamDefinitions(VALID).streams;
    expect(orders).toMatchObject({
      name: 'orders',
      topic: 'sluice.orders',
      partitions: 4,
      keyField: 'customerId',
      eventTimeField: 'ts',
      maxOutOfOrdernessMs: 5000,
    });
  });

  it('reports every problem with its path at once', () => {
    const bad = `
streams:
  - name: Orders
    partitions: 0
    key: nope
    eventTime: ts
    colour: red
    schema: { type: object, properties: { ts: { type: string } } }
`;
    let error: unknown;
    try {
      parseStreamDefinitions(bad, 'streams.yaml');
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(SluiceError);
    const pointers = (error as SluiceError).details.map((d) => d.pointer).sort();
    expect(pointers).toEqual(['/streams/0/colour', '/streams/0/key', '/streams/0/name', '/streams/0/partitions']);
    expect((error as SluiceError).code).toBe('STREAMS_FILE_INVALID');
  });

  it('rejects duplicate stream names', () => {
    const twice = VALID + VALID.replace('streams:\n', '');
    expect(() => parseStreamDefinitions(twice)).toThrow(/duplicate stream name 'orders'/);
  });

  it('rejects YAML that does not parse', () => {
    expect(() => parseStreamDefinitions('streams: [\n')).toThrow(SluiceError);
  });
});
