import type { SqlType } from '../types/sql-type';

/** One output column of a plan node: its name and type, plus the table alias it can be qualified by. */
export interface Field {
  readonly name: string;
  readonly type: SqlType;
  /** Table name or alias (`o` in `orders o`), for `o.amount`; undefined for computed columns. */
  readonly qualifier?: string;
  /** Hidden fields (e.g. ORDER BY helpers) are not expanded by `*`. */
  readonly hidden?: boolean;
}

export type Schema = readonly Field[];

export function fieldNames(schema: Schema): string[] {
  return schema.map((f) => f.name);
}
