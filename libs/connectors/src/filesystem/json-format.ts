import { SluiceError, type SourcePosition } from '@sluice/contracts';
import { T, compileJsonDecoder, compileOutputFormatter, formatNdjsonRow, INVALID_JSON_VALUE, formatType, type ColumnDefinition, type ConnectorContext, type Row, type SqlType } from '@sluice/engine';

/** One JSON object per line -> rows; a bad line is an error naming file:line and the field. */
export function decodeJsonLines(text: string, columns: readonly ColumnDefinition[], file: string, ctx: ConnectorContext, position?: SourcePosition): Row[] {
  const decoders = columns.map((c) => compileJsonDecoder(c.type, ctx.timeZone));
  const rows: Row[] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i].trim();
    if (line === '') continue;
    let obj: unknown;
    try {
      obj = JSON.parse(line);
    } catch (error) {
      throw new SluiceError('SOURCE_UNAVAILABLE', `${file}:${i + 1}: malformed JSON (${(error as Error).message})`, { position });
    }
    if (typeof obj !== 'object' || obj === null || Array.isArray(obj)) throw new SluiceError('SOURCE_UNAVAILABLE', `${file}:${i + 1}: expected a JSON object per line`, { position });
    const record = obj as Record<string, unknown>;
    const row = new Array(columns.length);
    for (let c = 0; c < columns.length; c++) {
      const v = decoders[c](record[columns[c].name]);
      if (v === INVALID_JSON_VALUE)
        throw new SluiceError('SOURCE_UNAVAILABLE', `${file}:${i + 1}: field '${columns[c].name}' = ${JSON.stringify(record[columns[c].name])} is not a valid ${formatType(columns[c].type)}`, { position });
      row[c] = v;
    }
    rows.push(row);
  }
  return rows;
}

export function encodeJsonLines(rows: readonly Row[], columns: readonly ColumnDefinition[], ctx: ConnectorContext): string {
  const names = columns.map((c) => c.name);
  const formatters = columns.map((c) => compileOutputFormatter(c.type, { timeZone: ctx.timeZone, dialect: ctx.dialect }));
  return rows.map((r) => formatNdjsonRow(names, formatters, r) + '\n').join('');
}

/** Spark-style schema inference over all lines: BIGINT, DOUBLE, BOOLEAN, STRING; columns sorted by name. */
export function inferJsonColumns(text: string): ColumnDefinition[] {
  const types = new Map<string, SqlType>();
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue;
    let obj: Record<string, unknown>;
    try {
      obj = JSON.parse(line);
    } catch {
      continue;
    }
    for (const [k, v] of Object.entries(obj)) types.set(k, widen(types.get(k), jsonType(v)));
  }
  return [...types.keys()].sort().map((name) => ({ name, type: types.get(name)! }));
}

function jsonType(v: unknown): SqlType {
  if (v === null) return T.null();
  if (typeof v === 'boolean') return T.boolean();
  if (typeof v === 'number') return Number.isInteger(v) ? T.bigint() : T.double();
  return T.string();
}

function widen(a: SqlType | undefined, b: SqlType): SqlType {
  if (!a || a.kind === 'NULL') return b.kind === 'NULL' ? T.string() : b;
  if (b.kind === 'NULL' || a.kind === b.kind) return a;
  if ((a.kind === 'BIGINT' && b.kind === 'DOUBLE') || (a.kind === 'DOUBLE' && b.kind === 'BIGINT')) return T.double();
  return T.string();
}
