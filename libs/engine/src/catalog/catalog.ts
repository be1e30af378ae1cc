import { PlanError, type SourcePosition } from '@sluice/contracts';
import type { Query } from '../sql/ast';
import type { TableDefinition } from './table-definition';

export interface ViewDefinition {
  readonly name: string;
  readonly query: Query;
  readonly columns?: readonly string[];
}

export type CatalogEntry = { kind: 'table'; table: TableDefinition } | { kind: 'view'; view: ViewDefinition };

/**
 * Tables and views of one session. Name matching follows the dialect: Flink identifiers are
 * case-sensitive, Spark's are not (spark.sql.caseSensitive=false).
 */
export class Catalog {
  private readonly entries = new Map<string, CatalogEntry>();

  constructor(readonly caseSensitive: boolean) {}

  key(name: readonly string[]): string {
    // `default_catalog.default_database.t` and `t` name the same table.
    const last = name[name.length - 1];
    return this.caseSensitive ? last : last.toLowerCase();
  }

  lookup(name: readonly string[]): CatalogEntry | undefined {
    return this.entries.get(this.key(name));
  }

  addTable(table: TableDefinition, options: { ifNotExists: boolean; replace?: boolean; pos?: SourcePosition }): void {
    this.add([table.name], { kind: 'table', table }, options);
  }

  addView(view: ViewDefinition, options: { ifNotExists: boolean; replace: boolean; pos?: SourcePosition }): void {
    this.add([view.name], { kind: 'view', view }, options);
  }

  drop(name: readonly string[], ifExists: boolean, pos?: SourcePosition): void {
    if (!this.entries.delete(this.key(name)) && !ifExists)
      throw new PlanError('PLAN_UNKNOWN_TABLE', `cannot drop '${name.join('.')}': no such table or view`, { position: pos });
  }

  names(): string[] {
    return [...this.entries.values()].map((e) => (e.kind === 'table' ? e.table.name : e.view.name));
  }

  private add(name: readonly string[], entry: CatalogEntry, o: { ifNotExists: boolean; replace?: boolean; pos?: SourcePosition }): void {
    const key = this.key(name);
    if (this.entries.has(key) && !o.replace) {
      if (o.ifNotExists) return;
      throw new PlanError('PLAN_INVALID', `'${name.join('.')}' already exists`, { position: o.pos });
    }
    this.entries.set(key, entry);
  }
}
