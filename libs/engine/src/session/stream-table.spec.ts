import type { StreamDefinition } from '@sluice/contracts';
import { describe, expect, it } from 'vitest';
import { formatType } from '../types/sql-type';
import { streamTable } from './stream-table';

function stream(properties: Record<string, unknown>, maxOutOfOrdernessMs = 1_500): StreamDefinition {
  return { name: 's', topic: 't', partitions: 1, keyField: 'k', eventTimeField: 'at', maxOutOfOrdernessMs, schema: { type: 'object', properties } };
}

describe(streamTable.name, () => {
  it('maps JSON Schema types to SQL types in property order, event time as the rowtime', () => {
    const table = streamTable(
      stream({
        k: { type: 'string' },
        n: { type: 'integer' },
        x: { type: 'number' },
        money: { type: 'number', multipleOf: 0.01 },
        ok: { type: ['boolean', 'null'] },
        day: { type: 'string', format: 'date' },
        when: { type: 'string', format: 'date-time' },
        tags: { type: 'array', items: { type: 'string' } },
        nested: { type: 'object' },
        exact: { type: 'string', 'x-sql-type': 'DECIMAL(10, 4)' },
        at: { type: 'integer' },
      }),
    );
    expect(table.columns.map((c) => `${c.name} ${formatType(c.type)}${c.computed ? ' computed' : ''}`)).toEqual([
      'k STRING',
      'n BIGINT',
      'x DOUBLE',
      'money DECIMAL(38, 2)',
      'ok BOOLEAN',
      'day DATE',
      'when TIMESTAMP(3)',
      'tags ARRAY<STRING>',
      'nested STRING',
      'exact DECIMAL(10, 4)',
      'at TIMESTAMP(3)',
      'proc_time TIMESTAMP_LTZ(3) computed',
    ]);
    expect(table.watermark?.column).toBe('at');
    expect(table.options.get('topic')).toBe('t');
  });

  it('rejects an x-sql-type that is not a type name, naming the property', () => {
    expect(() => streamTable(stream({ k: { type: 'string', 'x-sql-type': 'DROP TABLE' } }))).toThrow(/property 'k': x-sql-type "DROP TABLE"/);
  });
});
