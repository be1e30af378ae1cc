import { ExecutionError, SluiceError } from '@sluice/contracts';
import {
  isSplittableConnector,
  type BatchJob,
  type ConnectorRegistry,
  type Row,
  type TableDefinition,
  type TableReader,
} from '@sluice/engine';
import type { RunContext } from './run-plan';

/**
 * Reads tables as the run planned them: a split of the driving table, every planned split of
 * other splittable tables (broadcast to each task), or a whole non-splittable table (files).
 */
export function plannedTableReader(
  job: BatchJob,
  registry: ConnectorRegistry,
  context: RunContext,
): TableReader {
  return async (table: TableDefinition, split) => {
    const factory = registry.get(table.options.get('connector') ?? '');
    try {
      if (split) {
        if (!isSplittableConnector(factory))
          throw new ExecutionError('INTERNAL', `table '${table.name}' was given a split but cannot be split`);
        return await factory.createSplitSource(table, job.connectorContext, split).readAll();
      }
      const planned = context.inputs[table.name.toLowerCase()];
      if (planned?.splits && isSplittableConnector(factory)) {
        const rows: Row[] = [];
        for (const s of planned.splits)
          for (const row of await factory.createSplitSource(table, job.connectorContext, s).readAll())
            rows.push(row);
        return rows;
      }
      if (!factory?.createBoundedSource)
        throw new ExecutionError(
          'CONFIG_INVALID',
          `data source '${table.options.get('connector')}' of table '${table.name}' cannot be read`,
          { position: table.pos },
        );
      return await factory.createBoundedSource(table, job.connectorContext).readAll();
    } catch (error) {
      if (error instanceof SluiceError) throw error;
      throw new SluiceError(
        'SOURCE_UNAVAILABLE',
        `reading table '${table.name}' failed: ${(error as Error).message}`,
        { cause: error, position: table.pos },
      );
    }
  };
}
