import { compileOutputFormatter, type ConnectorFactory, type Row, type RowKind } from '@sluice/engine';

/** Where the print sink writes; stdout by default, injectable for tests. */
export type LineWriter = (line: string) => void;

/** Flink's print connector: one line per row, `+I[1, a]` (with `print-identifier` as prefix). */
export function printConnector(write: LineWriter = (l) => process.stdout.write(l + '\n')): ConnectorFactory {
  return {
    name: 'print',
    createSink(table, ctx) {
      const formatters = table.columns.map((c) => compileOutputFormatter(c.type, { timeZone: ctx.timeZone, dialect: ctx.dialect }));
      const prefix = table.options.get('print-identifier');
      const pending: { row: Row; kind: RowKind }[] = [];
      return {
        async write(rows, kinds) {
          rows.forEach((row, i) => pending.push({ row, kind: kinds[i] }));
        },
        async commit() {
          for (const { row, kind } of pending) {
            const text = row.map((v, i) => (v === null ? 'null' : String(formatters[i](v)))).join(', ');
            write(`${prefix ? `${prefix}> ` : ''}${kind}[${text}]`);
          }
          pending.length = 0;
        },
        async abort() {
          pending.length = 0;
        },
      };
    },
  };
}
