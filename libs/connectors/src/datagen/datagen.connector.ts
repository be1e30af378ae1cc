import { ConfigError } from '@sluice/contracts';
import { Decimal, type ConnectorFactory, type Row, type SqlType, type TableDefinition } from '@sluice/engine';

/**
 * Flink's datagen connector, bounded: `number-of-rows` rows (or until a sequence field ends),
 * fields `fields.<name>.kind` = random | sequence with `min`/`max`, `start`/`end`, `length`.
 * Random values come from a seeded generator (`seed`, default 42) so runs are reproducible.
 */
export const datagenConnector: ConnectorFactory = {
  name: 'datagen',
  validate(table) {
    rowCount(table);
  },
  createBoundedSource(table) {
    return {
      async readAll(): Promise<Row[]> {
        const n = rowCount(table);
        const random = mulberry32(Number(table.options.get('seed') ?? 42));
        const columns = table.columns.filter((c) => !c.computed);
        const gens = columns.map((c) => generator(table, c.name, c.type, random));
        const rows: Row[] = [];
        for (let i = 0; i < n; i++) rows.push(gens.map((g) => g(i)));
        return rows;
      },
    };
  },
};

function rowCount(table: TableDefinition): number {
  const explicit = table.options.get('number-of-rows');
  if (explicit !== undefined) {
    const n = Number(explicit);
    if (!Number.isInteger(n) || n < 0) throw new ConfigError(`table '${table.name}': 'number-of-rows' must be a non-negative integer`, { position: table.pos });
    return n;
  }
  const sequences = table.columns.filter((c) => table.options.get(`fields.${c.name}.kind`) === 'sequence');
  if (sequences.length === 0) throw new ConfigError(`table '${table.name}': a bounded datagen table needs 'number-of-rows' or a sequence field`, { position: table.pos });
  return Math.min(...sequences.map((c) => Number(table.options.get(`fields.${c.name}.end`) ?? 0) - Number(table.options.get(`fields.${c.name}.start`) ?? 0) + 1));
}

function generator(table: TableDefinition, name: string, type: SqlType, random: () => number): (i: number) => unknown {
  const opt = (k: string) => table.options.get(`fields.${name}.${k}`);
  if (opt('kind') === 'sequence') {
    const start = Number(opt('start') ?? 0);
    return (i) => convert(type, start + i);
  }
  const min = Number(opt('min') ?? 0);
  const max = Number(opt('max') ?? (type.kind === 'TINYINT' ? 127 : 1000));
  const length = Number(opt('length') ?? 10);
  return () => {
    if (type.kind === 'STRING' || type.kind === 'VARCHAR' || type.kind === 'CHAR')
      return Array.from({ length }, () => 'abcdefghijklmnopqrstuvwxyz'[Math.floor(random() * 26)]).join('');
    if (type.kind === 'BOOLEAN') return random() < 0.5;
    if (type.kind === 'TIMESTAMP' || type.kind === 'TIMESTAMP_LTZ') return Date.UTC(2024, 0, 1) + Math.floor(random() * 86_400_000);
    return convert(type, type.kind === 'DOUBLE' || type.kind === 'FLOAT' || type.kind === 'DECIMAL' ? min + random() * (max - min) : min + Math.floor(random() * (max - min + 1)));
  };
}

function convert(type: SqlType, n: number): unknown {
  if (type.kind === 'BIGINT') return BigInt(Math.trunc(n));
  if (type.kind === 'DECIMAL') return Decimal.fromNumber(n)!.rescale(type.scale!);
  if (type.kind === 'STRING' || type.kind === 'VARCHAR') return String(n);
  return n;
}

/** mulberry32, the common JavaScript formulation with Math.imul. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
