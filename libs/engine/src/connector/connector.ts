import type { ColumnDefinition, TableDefinition } from '../catalog/table-definition';
import type { Row, RowKind } from '../types/values';

/** What a connector knows about the session it serves. */
export interface ConnectorContext {
  readonly dialect: 'flink' | 'spark';
  readonly timeZone: string;
  /** Directory relative paths in table options resolve against (the script's directory). */
  readonly baseDirectory: string;
}

/** A bounded input: every row of the table, in the table's physical column order. */
export interface BoundedSource {
  readAll(): Promise<Row[]>;
}

/**
 * Where INSERT INTO writes. `write` receives changelog rows in order; sinks with a primary key
 * apply them as upserts, append-only sinks receive only '+I'. `commit` makes the statement's
 * rows durable (transactional sinks write nothing visible before it); `abort` discards them.
 */
export interface TableSink {
  write(rows: readonly Row[], kinds: readonly RowKind[]): Promise<void>;
  commit(): Promise<void>;
  abort(): Promise<void>;
}

/**
 * One connector ('filesystem', 'print', 'datagen', 'kafka', 'jdbc', ...). Implemented in
 * libs/connectors; the engine only sees this interface.
 */
export interface ConnectorFactory {
  readonly name: string;
  /** Throws a SluiceError naming the bad option; called at CREATE TABLE time. */
  validate?(table: TableDefinition, ctx: ConnectorContext): void;
  /** Spark tables declared without columns: infer them from the data. */
  inferColumns?(table: TableDefinition, ctx: ConnectorContext): Promise<ColumnDefinition[]>;
  createBoundedSource?(table: TableDefinition, ctx: ConnectorContext): BoundedSource;
  createSink?(table: TableDefinition, ctx: ConnectorContext): TableSink;
  /** Lookup joins: a source answering lookups on `keyColumns`; prepared before the job starts. */
  createLookupSource?(table: TableDefinition, ctx: ConnectorContext, keyColumns: readonly string[]): Promise<LookupSource>;
}

/** Point lookups into a table by some of its columns (lookup joins); rows in physical column order. */
export interface LookupSource {
  lookup(keys: readonly unknown[]): readonly Row[];
}

export interface ConnectorRegistry {
  get(name: string): ConnectorFactory | undefined;
  names(): string[];
}

/** A registry over a fixed list of factories. */
export function connectorRegistry(factories: readonly ConnectorFactory[]): ConnectorRegistry {
  const byName = new Map(factories.map((f) => [f.name, f]));
  return { get: (name) => byName.get(name), names: () => [...byName.keys()] };
}
