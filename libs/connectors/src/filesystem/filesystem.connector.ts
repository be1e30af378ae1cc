import { readFile, writeFile, rename, mkdir } from 'node:fs/promises';
import { dirname, isAbsolute, resolve } from 'node:path';
import { ConfigError, SluiceError } from '@sluice/contracts';
import type { ColumnDefinition, ConnectorContext, ConnectorFactory, Row, TableDefinition } from '@sluice/engine';
import { decodeCsvRows, encodeCsv, inferCsvColumns } from './csv-format';
import { decodeJsonLines, encodeJsonLines, inferJsonColumns } from './json-format';

const FORMATS = ['json', 'csv'];

/**
 * Flink's filesystem connector (options `path`, `format` = json | csv) and Spark's json/csv data
 * sources. Sources read the whole file; sinks write a temp file and rename it on commit, so a
 * failed statement leaves the old file untouched.
 */
export const filesystemConnector: ConnectorFactory = {
  name: 'filesystem',
  validate(table, _ctx) {
    const path = table.options.get('path');
    if (!path) throw new ConfigError(`table '${table.name}': the filesystem connector needs 'path'`, { position: table.pos });
    const format = formatOf(table);
    if (!FORMATS.includes(format)) throw new ConfigError(`table '${table.name}': format '${format}' is not supported (use ${FORMATS.join(' or ')})`, { position: table.pos });
  },
  async inferColumns(table, ctx): Promise<ColumnDefinition[]> {
    const text = await readText(table, ctx);
    return formatOf(table) === 'csv' ? inferCsvColumns(text, csvOptions(table)) : inferJsonColumns(text);
  },
  createBoundedSource(table, ctx) {
    return {
      async readAll(): Promise<Row[]> {
        const text = await readText(table, ctx);
        const columns = table.columns.filter((c) => !c.computed);
        const file = pathOf(table, ctx);
        return formatOf(table) === 'csv' ? decodeCsvRows(text, columns, csvOptions(table), file, ctx, table.pos) : decodeJsonLines(text, columns, file, ctx, table.pos);
      },
    };
  },
  /** Lookup joins against a file: read once, indexed by the key columns. */
  async createLookupSource(table, ctx, keyColumns) {
    const rows = await this.createBoundedSource!(table, ctx).readAll();
    const columns = table.columns.filter((c) => !c.computed);
    const positions = keyColumns.map((k) => columns.findIndex((c) => c.name === k));
    const index = new Map<string, Row[]>();
    const keyOf = (values: readonly unknown[]) => JSON.stringify(values, (_k, v) => (typeof v === 'bigint' ? `${v}n` : v));
    for (const row of rows) {
      const key = keyOf(positions.map((p) => row[p]));
      const list = index.get(key);
      if (list) list.push(row);
      else index.set(key, [row]);
    }
    return { lookup: (keys) => index.get(keyOf(keys)) ?? [] };
  },
  createSink(table, ctx) {
    const file = pathOf(table, ctx);
    const pending: Row[] = [];
    return {
      async write(rows, kinds) {
        rows.forEach((r, i) => {
          if (kinds[i] !== '+I') throw new SluiceError('NOT_SUPPORTED', `table '${table.name}' is append-only (filesystem) but received an update (${kinds[i]})`);
          pending.push(r);
        });
      },
      async commit() {
        const columns = table.columns.filter((c) => !c.computed);
        const text = formatOf(table) === 'csv' ? encodeCsv(pending, columns, csvOptions(table), ctx) : encodeJsonLines(pending, columns, ctx);
        await mkdir(dirname(file), { recursive: true });
        const tmp = `${file}.sluice-${process.pid}.tmp`;
        let previous = '';
        try {
          previous = await readFile(file, 'utf8');
        } catch {}
        await writeFile(tmp, previous + text);
        await rename(tmp, file);
      },
      async abort() {
        pending.length = 0;
      },
    };
  },
};

function formatOf(table: TableDefinition): string {
  return (table.options.get('format') ?? 'json').toLowerCase();
}

function csvOptions(table: TableDefinition) {
  const o = table.options;
  return {
    delimiter: o.get('csv.field-delimiter') ?? o.get('sep') ?? o.get('delimiter') ?? ',',
    header: (o.get('header') ?? 'false').toLowerCase() === 'true',
    nullLiteral: o.get('csv.null-literal') ?? o.get('nullValue') ?? '',
  };
}

function pathOf(table: TableDefinition, ctx: ConnectorContext): string {
  const path = table.options.get('path')!;
  const plain = path.startsWith('file://') ? path.slice('file://'.length) : path;
  return isAbsolute(plain) ? plain : resolve(ctx.baseDirectory, plain);
}

async function readText(table: TableDefinition, ctx: ConnectorContext): Promise<string> {
  const file = pathOf(table, ctx);
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new SluiceError('SOURCE_UNAVAILABLE', `table '${table.name}': cannot read ${file}${code === 'ENOENT' ? ': no such file' : `: ${(error as Error).message}`}`, { cause: error, position: table.pos });
  }
}
