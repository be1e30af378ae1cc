import { PlanError } from '@sluice/contracts';
import type { ColumnDefinition, TableDefinition } from '../catalog/table-definition';
import type { CreateTable } from '../sql/ast';
import { typeFromName } from '../plan/logical/type-name';

/** Spark's `USING <source>` names, mapped to Flink connector + format options. */
const SPARK_SOURCES: Record<string, Record<string, string>> = {
  json: { connector: 'filesystem', format: 'json' },
  csv: { connector: 'filesystem', format: 'csv' },
  text: { connector: 'filesystem', format: 'raw' },
  jdbc: { connector: 'jdbc' },
  kafka: { connector: 'kafka' },
  console: { connector: 'print' },
  rate: { connector: 'datagen' },
};

/** CREATE TABLE (either dialect) -> TableDefinition with Flink-spelled options. */
export function tableFromDdl(ddl: CreateTable, dialect: 'flink' | 'spark'): TableDefinition {
  const options = new Map(ddl.options);
  if (ddl.using) {
    const mapped = SPARK_SOURCES[ddl.using];
    if (!mapped) throw new PlanError('NOT_SUPPORTED', `data source '${ddl.using}' is not supported yet (supported: ${Object.keys(SPARK_SOURCES).join(', ')})`, { position: ddl.pos });
    for (const [k, v] of Object.entries(mapped)) if (!options.has(k)) options.set(k, v);
  }
  if (!options.has('connector')) {
    if (ddl.asQuery || dialect === 'spark') options.set('connector', 'memory');
    else throw new PlanError('CONFIG_INVALID', `table '${ddl.name.join('.')}' needs a 'connector' option, e.g. WITH ('connector' = 'filesystem', 'path' = '...', 'format' = 'json')`, { position: ddl.pos });
  }
  const columns: ColumnDefinition[] = ddl.columns.map((c) => {
    if (c.metadata) return { name: c.name, type: typeFromName(c.type!, dialect), metadataKey: c.metadata.key ?? c.name, isVirtual: c.metadata.virtual, pos: c.pos };
    if (c.computed) return { name: c.name, type: { kind: 'NULL', nullable: true }, computed: c.computed, pos: c.pos };
    return { name: c.name, type: typeFromName(c.type!, dialect), pos: c.pos };
  });
  const names = new Set<string>();
  for (const c of columns) {
    const key = dialect === 'spark' ? c.name.toLowerCase() : c.name;
    if (names.has(key)) throw new PlanError('PLAN_INVALID', `column '${c.name}' is declared twice`, { position: c.pos });
    names.add(key);
  }
  for (const k of ddl.primaryKey ?? []) if (!names.has(dialect === 'spark' ? k.toLowerCase() : k)) throw new PlanError('PLAN_UNKNOWN_COLUMN', `primary key column '${k}' is not a column of the table`, { position: ddl.pos });
  if (ddl.watermark && !names.has(dialect === 'spark' ? ddl.watermark.column.toLowerCase() : ddl.watermark.column))
    throw new PlanError('PLAN_UNKNOWN_COLUMN', `watermark column '${ddl.watermark.column}' is not a column of the table`, { position: ddl.watermark.pos });
  return {
    name: ddl.name[ddl.name.length - 1],
    columns,
    options,
    primaryKey: ddl.primaryKey,
    watermark: ddl.watermark ? { column: ddl.watermark.column, expr: ddl.watermark.expr, pos: ddl.watermark.pos } : undefined,
    partitionedBy: ddl.partitionedBy,
    pos: ddl.pos,
  };
}
