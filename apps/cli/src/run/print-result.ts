import { compileOutputFormatter, formatNdjsonRow, type QueryResult } from '@sluice/engine';

/**
 * NDJSON lines of a result, as DESIGN.md fixes them: one object per row, keys = column names in
 * order; updating results put `"op"` ("+I", "-U", "+U", "-D") first.
 */
export function resultLines(result: QueryResult): string[] {
  const formatters = result.types.map((t) => compileOutputFormatter(t, { timeZone: result.timeZone, dialect: result.dialect }));
  if (!result.changelog) return result.rows.map((row) => formatNdjsonRow(result.columns, formatters, row));
  const names = ['op', ...result.columns];
  const withOp = [(v: unknown) => v, ...formatters];
  return result.rows.map((row, i) => formatNdjsonRow(names, withOp, [result.kinds[i], ...row]));
}
