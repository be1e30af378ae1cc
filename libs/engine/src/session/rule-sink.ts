import { PlanError, type SourcePosition } from '@sluice/contracts';
import type { ColumnDefinition, TableDefinition } from '../catalog/table-definition';
import { T } from '../types/sql-type';

/** Connector names a rule may write to. */
export const JDBC_CONNECTOR = 'jdbc';
export const ALERTS_CONNECTOR = 'alerts';

/** Which columns of an alerts table fill the standard columns of `sluice_alerts` (indexes, -1 = none). */
export interface AlertColumns {
  readonly key: number;
  readonly eventTime: number;
  readonly windowStart: number;
  readonly windowEnd: number;
}

/** A table a rule writes, with how its rows must be applied. */
export interface RuleSink {
  readonly table: TableDefinition;
  readonly connector: typeof JDBC_CONNECTOR | typeof ALERTS_CONNECTOR;
  /** Physical columns, in the order of the rows the sink receives. */
  readonly columns: readonly ColumnDefinition[];
  /** Indexes of the primary key columns; empty for an append-only (insert) sink. */
  readonly primaryKey: readonly number[];
  /** For alerts sinks: where the standard alert fields come from. */
  readonly alert?: AlertColumns;
}

/**
 * The table every rule can write without declaring it: `INSERT INTO alerts SELECT key, time,
 * message FROM ...`. Rules wanting more columns declare their own table WITH ('connector' =
 * 'alerts'); every column then lands in the alert's JSON payload.
 */
export function standardAlertsTable(): TableDefinition {
  return {
    name: 'alerts',
    columns: [
      { name: 'alert_key', type: T.string() },
      { name: 'event_time', type: T.timestamp(3) },
      { name: 'message', type: T.string() },
    ],
    options: new Map([['connector', ALERTS_CONNECTOR]]),
    partitionedBy: [],
  };
}

/** Checks a sink table's connector options and resolves its key and alert columns. */
export function describeSink(table: TableDefinition, pos: SourcePosition | undefined): RuleSink {
  const connector = table.options.get('connector');
  const columns = table.columns.filter((c) => !c.computed && !c.metadataKey);
  const primaryKey = (table.primaryKey ?? []).map((k) => columns.findIndex((c) => c.name === k));
  if (connector === JDBC_CONNECTOR) {
    for (const option of ['url', 'table-name']) {
      if (!table.options.get(option)) throw new PlanError('CONFIG_INVALID', `jdbc table '${table.name}' needs the option '${option}'`, { position: table.pos ?? pos });
    }
    return { table, connector, columns, primaryKey };
  }
  if (connector === ALERTS_CONNECTOR && columns.length === 0) throw new PlanError('PLAN_INVALID', `alerts table '${table.name}' declares no columns`, { position: table.pos ?? pos });
  if (connector === ALERTS_CONNECTOR) return { table, connector, columns, primaryKey: [], alert: alertColumns(table, columns, pos) };
  throw new PlanError('CONFIG_INVALID', `rules write to 'jdbc' tables or to 'alerts' tables; '${table.name}' has connector '${connector}'`, { position: table.pos ?? pos });
}

function alertColumns(table: TableDefinition, columns: readonly ColumnDefinition[], pos: SourcePosition | undefined): AlertColumns {
  const named = (option: string, fallbacks: readonly string[], required: boolean): number => {
    const name = table.options.get(option);
    if (name !== undefined) {
      const index = columns.findIndex((c) => c.name === name);
      if (index < 0) throw new PlanError('PLAN_UNKNOWN_COLUMN', `'${option}' of alerts table '${table.name}' names '${name}', which is not one of its columns`, { position: table.pos ?? pos });
      return index;
    }
    for (const fallback of fallbacks) {
      const index = columns.findIndex((c) => c.name === fallback);
      if (index >= 0) return index;
    }
    return required ? 0 : -1;
  };
  const isTime = (i: number) => i < 0 || ['TIMESTAMP', 'TIMESTAMP_LTZ'].includes(columns[i].type.kind);
  const result = {
    key: named('alert.key-column', ['alert_key'], true),
    eventTime: named('alert.time-column', ['event_time', 'window_end', 'window_time', 'match_time'], false),
    windowStart: named('alert.window-start-column', ['window_start'], false),
    windowEnd: named('alert.window-end-column', ['window_end'], false),
  };
  for (const [what, index] of [['time', result.eventTime], ['window start', result.windowStart], ['window end', result.windowEnd]] as const) {
    if (!isTime(index)) throw new PlanError('PLAN_TYPE_MISMATCH', `the alert ${what} column '${columns[index].name}' of '${table.name}' must be a TIMESTAMP`, { position: table.pos ?? pos });
  }
  return result;
}
