import { createHash } from 'node:crypto';
import { compileOutputFormatter, formatNdjsonRow, formatTimestamp, type Row, type RowKind, type RowSink, type RuleSink } from '@sluice/engine';
import { InternalError } from '@sluice/contracts';
import type { SqlExecutor, SqlStatement } from './jdbc-table-writer';

/** The standard alerts table (migration CepRunnerTables1734200000000). */
export const ALERTS_TABLE = 'sluice_alerts';

/** One row of sluice_alerts, as mysql2 parameters. */
export interface AlertRecord {
  readonly id: string;
  readonly ruleId: string;
  readonly alertType: string;
  readonly alertKey: string | null;
  readonly eventTime: string | null;
  readonly windowStart: string | null;
  readonly windowEnd: string | null;
  readonly payload: string;
}

const COLUMNS = ['id', 'rule_id', 'alert_type', 'alert_key', 'event_time', 'window_start', 'window_end', 'payload', 'created_at'];
const MAX_ROWS_PER_STATEMENT = 1_000;

/**
 * Rows a rule writes to an alerts table -> sluice_alerts records. The payload is the row as a
 * JSON object, exactly as `sluice run` prints it, and the id hashes rule, table and payload: an
 * alert computed again after a crash has the same id, and the insert keeps the first copy.
 */
export function compileAlertRecord(ruleId: string, sink: RuleSink): (row: Row) => AlertRecord {
  if (!sink.alert) throw new InternalError(`'${sink.table.name}' is not an alerts table`);
  const { key, eventTime, windowStart, windowEnd } = sink.alert;
  const names = sink.columns.map((c) => c.name);
  const formatters = sink.columns.map((c) => compileOutputFormatter(c.type));
  const time = (row: Row, i: number) => (i < 0 || row[i] === null || row[i] === undefined ? null : formatTimestamp(row[i] as number, 3));
  return (row) => {
    const payload = formatNdjsonRow(names, formatters, row);
    const keyText = textOf(formatters[key], row[key]);
    return {
      id: createHash('sha1').update(`${ruleId}\u0000${sink.table.name}\u0000${payload}`).digest('hex'),
      ruleId,
      alertType: sink.table.name,
      alertKey: keyText === null ? null : keyText.slice(0, 255),
      eventTime: time(row, eventTime),
      windowStart: time(row, windowStart),
      windowEnd: time(row, windowEnd),
      payload,
    };
  };
}

/** A value as text: strings as they are, anything else as its JSON text (`sluice run` style). */
function textOf(format: (v: unknown) => unknown, value: unknown): string | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string') return value;
  const json = formatNdjsonRow(KEY, [format], [value]).slice('{"k":'.length, -1);
  return json.startsWith('"') ? (JSON.parse(json) as string) : json;
}

const KEY = ['k'];

/** Collects a rule's alerts between checkpoints; alerts are append-only (the compiler checks). */
export class AlertBuffer implements RowSink {
  private records: AlertRecord[] = [];
  private readonly toRecord: (row: Row) => AlertRecord;

  constructor(ruleId: string, sink: RuleSink) {
    this.toRecord = compileAlertRecord(ruleId, sink);
  }

  get size(): number {
    return this.records.length;
  }

  push(row: Row, kind: RowKind): void {
    if (kind !== '+I') throw new InternalError(`an alerts table received a '${kind}' row`);
    this.records.push(this.toRecord(row));
  }

  end(): void {}

  take(): AlertRecord[] {
    const taken = this.records;
    this.records = [];
    return taken;
  }

  clear(): void {
    this.records = [];
  }
}

/** INSERT statements for alerts; a record whose id exists already is left as it is. */
export function alertStatements(records: readonly AlertRecord[], createdAt: string, table = ALERTS_TABLE): SqlStatement[] {
  const out: SqlStatement[] = [];
  const tuple = `(${COLUMNS.map(() => '?').join(', ')})`;
  for (let i = 0; i < records.length; i += MAX_ROWS_PER_STATEMENT) {
    const chunk = records.slice(i, i + MAX_ROWS_PER_STATEMENT);
    out.push({
      sql: `INSERT INTO ${table} (${COLUMNS.join(', ')}) VALUES ${chunk.map(() => tuple).join(', ')} ON DUPLICATE KEY UPDATE id = id`,
      params: chunk.flatMap((r) => [r.id, r.ruleId, r.alertType, r.alertKey, r.eventTime, r.windowStart, r.windowEnd, r.payload, createdAt]),
    });
  }
  return out;
}

export async function writeAlerts(executor: SqlExecutor, records: readonly AlertRecord[], createdAt: string): Promise<number> {
  for (const statement of alertStatements(records, createdAt)) await executor.query(statement.sql, statement.params);
  return records.length;
}
