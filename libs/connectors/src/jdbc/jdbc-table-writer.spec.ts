import { Decimal, T, type ColumnDefinition } from '@sluice/engine';
import { describe, expect, it } from 'vitest';
import { ChangelogBuffer } from './changelog-buffer';
import { JdbcTableWriter } from './jdbc-table-writer';

const COLUMNS: ColumnDefinition[] = [
  { name: 'product', type: T.string() },
  { name: 'window_start', type: T.timestamp(3) },
  { name: 'revenue', type: T.decimal(12, 2) },
  { name: 'n', type: T.bigint() },
];
const KEYED = { columns: COLUMNS, primaryKey: [0, 1] };
const T0 = Date.UTC(2024, 2, 1, 8);

describe(ChangelogBuffer.name, () => {
  it('keeps the last change per key of an upsert sink and turns deletes into keys', () => {
    const buffer = new ChangelogBuffer(KEYED);
    buffer.push(['gadget', T0, Decimal.fromString('1.50')!.rescale(2), 1n], '+I');
    buffer.push(['gadget', T0, Decimal.fromString('1.50')!.rescale(2), 1n], '-U');
    buffer.push(['gadget', T0, Decimal.fromString('4.00')!.rescale(2), 2n], '+U');
    buffer.push(['widget', T0, null, 1n], '+I');
    buffer.push(['widget', T0, null, 1n], '-D');
    expect(buffer.size).toBe(2);
    expect(buffer.take()).toEqual({ upserts: [['gadget', '2024-03-01 08:00:00.000', '4.00', '2']], deletes: [['widget', '2024-03-01 08:00:00.000']], inserts: [] });
    expect(buffer.size).toBe(0);
  });

  it('keeps every row of an append-only sink, in order', () => {
    const buffer = new ChangelogBuffer({ columns: COLUMNS, primaryKey: [] });
    buffer.push(['a', T0, null, 1n], '+I');
    buffer.push(['a', T0, null, 1n], '+I');
    expect(buffer.take().inserts).toHaveLength(2);
    expect(() => buffer.push(['a', T0, null, 1n], '-D')).toThrow(/append-only/);
  });
});

describe(JdbcTableWriter.name, () => {
  const writer = new JdbcTableWriter('`db`.`revenue`', KEYED);

  it('creates the table with the declared key, binary string comparison and NOT NULL key columns', () => {
    expect(writer.createTableSql()).toBe(
      'CREATE TABLE IF NOT EXISTS `db`.`revenue` (\n  `product` VARCHAR(255) NOT NULL,\n  `window_start` DATETIME(3) NOT NULL,\n  `revenue` DECIMAL(12, 2) NULL,\n  `n` BIGINT NULL,\n  PRIMARY KEY (`product`, `window_start`)\n) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin',
    );
  });

  it('upserts with ON DUPLICATE KEY UPDATE of the non-key columns and deletes by key', () => {
    const statements = writer.statements({ upserts: [['a', 't', '1.00', '1'], ['b', 't', '2.00', '2']], deletes: [['c', 't']], inserts: [] });
    expect(statements.map((s) => s.sql)).toEqual([
      'INSERT INTO `db`.`revenue` (`product`, `window_start`, `revenue`, `n`) VALUES (?, ?, ?, ?), (?, ?, ?, ?) ON DUPLICATE KEY UPDATE `revenue` = VALUES(`revenue`), `n` = VALUES(`n`)',
      'DELETE FROM `db`.`revenue` WHERE (`product`, `window_start`) IN ((?, ?))',
    ]);
    expect(statements[1].params).toEqual(['c', 't']);
  });

  it('splits large batches so no statement exceeds the placeholder limit', () => {
    const rows = Array.from({ length: 2_500 }, (_, i) => [`p${i}`, 't', '1.00', '1']);
    expect(writer.statements({ upserts: rows, deletes: [], inserts: [] }).map((s) => s.params.length)).toEqual([4_000, 4_000, 2_000]);
  });
});
