import type { TableDefinition } from '../catalog/table-definition';
import type { Row } from '../types/values';

/** Session-local tables (Spark managed tables, CTAS targets without a connector). */
export class MemoryTables {
  private readonly data = new Map<TableDefinition, Row[]>();
  read(table: TableDefinition): Row[] {
    return this.data.get(table) ?? [];
  }
  write(table: TableDefinition, rows: readonly Row[], overwrite: boolean): void {
    const existing = overwrite ? [] : this.read(table);
    this.data.set(table, [...existing, ...rows]);
  }
}
