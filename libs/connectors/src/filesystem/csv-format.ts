import { SluiceError, type SourcePosition } from '@sluice/contracts';
import { T, compileCast, compileOutputFormatter, formatType, type ColumnDefinition, type ConnectorContext, type Row } from '@sluice/engine';

export interface CsvOptions {
  readonly delimiter: string;
  readonly header: boolean;
  readonly nullLiteral: string;
}

/** RFC 4180 fields: quotes, doubled quotes, delimiters and newlines inside quotes. */
export function parseCsv(text: string, delimiter: string): string[][] {
  const records: string[][] = [];
  let field = '';
  let record: string[] = [];
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"' && field === '') quoted = true;
    else if (c === delimiter) {
      record.push(field);
      field = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      record.push(field);
      if (!(record.length === 1 && record[0] === '')) records.push(record);
      record = [];
      field = '';
    } else field += c;
  }
  if (field !== '' || record.length > 0) {
    record.push(field);
    records.push(record);
  }
  return records;
}

export function decodeCsvRows(text: string, columns: readonly ColumnDefinition[], o: CsvOptions, file: string, ctx: ConnectorContext, position?: SourcePosition): Row[] {
  const records = parseCsv(text, o.delimiter);
  if (o.header) records.shift();
  const fnCtx = { dialect: ctx.dialect, timeZone: ctx.timeZone, queryStartMs: 0 };
  const casts = columns.map((c) => compileCast(T.string(), c.type, fnCtx, 'try'));
  return records.map((fields, r) =>
    columns.map((c, i) => {
      const raw = fields[i];
      if (raw === undefined || raw === o.nullLiteral) return null;
      const v = casts[i](raw);
      if (v === null) throw new SluiceError('SOURCE_UNAVAILABLE', `${file}:${r + 1 + (o.header ? 1 : 0)}: field '${c.name}' = '${raw}' is not a valid ${formatType(c.type)}`, { position });
      return v;
    }),
  );
}

export function encodeCsv(rows: readonly Row[], columns: readonly ColumnDefinition[], o: CsvOptions, ctx: ConnectorContext): string {
  const formatters = columns.map((c) => compileOutputFormatter(c.type, { timeZone: ctx.timeZone, dialect: ctx.dialect }));
  const quote = (s: string) => (/[",\n\r]/.test(s) || s.includes(o.delimiter) ? `"${s.replace(/"/g, '""')}"` : s);
  return rows
    .map((r) => r.map((v, i) => (v === null ? o.nullLiteral : quote(String(formatters[i](v))))).join(o.delimiter) + '\n')
    .join('');
}

/** Spark's inferSchema: INT, BIGINT, DOUBLE, BOOLEAN, else STRING; names from the header or _c0, _c1, ... */
export function inferCsvColumns(text: string, o: CsvOptions): ColumnDefinition[] {
  const records = parseCsv(text, o.delimiter);
  const header = o.header ? records.shift() : undefined;
  const width = Math.max(header?.length ?? 0, ...records.map((r) => r.length));
  return Array.from({ length: width }, (_, i) => {
    const values = records.map((r) => r[i]).filter((v) => v !== undefined && v !== o.nullLiteral);
    const all = (re: RegExp) => values.length > 0 && values.every((v) => re.test(v));
    let type = T.string();
    if (all(/^[+-]?\d+$/)) type = values.every((v) => Math.abs(Number(v)) <= 2147483647) ? T.int() : T.bigint();
    else if (all(/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/)) type = T.double();
    else if (all(/^(true|false)$/i)) type = T.boolean();
    return { name: header?.[i] ?? `_c${i}`, type };
  });
}
