import type { StreamDefinition } from '@sluice/contracts';
import { compileAlertRecord, filesystemConnector, jdbcConnector, type AlertRecord } from '@sluice/connectors';
import { compileRule, connectorRegistry, formatType, ScriptRunner, streamTable, type ConnectorFactory, type Row } from '@sluice/engine';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ScenarioEvent, ScenarioRule } from './cep-scenario';

/**
 * What `sluice run` computes for the rules over the same events read from NDJSON files (the
 * embedded engine's bounded replay: each file in order, a watermark after every row, +infinity
 * at the end). jdbc tables are written to the database of the `jdbc` options by the jdbc connector; rows for
 * alerts tables are turned into sluice_alerts records exactly as the runner does.
 */
export async function referenceRun(o: {
  readonly streams: readonly StreamDefinition[];
  readonly events: readonly ScenarioEvent[];
  readonly rules: readonly ScenarioRule[];
  readonly jdbc: string;
  readonly dir: string;
}): Promise<AlertRecord[]> {
  for (const stream of o.streams) {
    const lines = o.events.filter((e) => e.stream === stream.name && !e.isDuplicate && e.partition === undefined).map((e) => JSON.stringify(e.payload));
    await writeFile(join(o.dir, `${stream.name}.ndjson`), lines.join('\n') + '\n');
  }
  const tablesDdl = o.streams.map((s) => streamDdl(s)).join(';\n');
  const alerts: AlertRecord[] = [];
  for (const rule of o.rules) {
    const sql = rule.sql(o.jdbc);
    const collected = new Map<string, Row[]>();
    const runner = new ScriptRunner({
      dialect: 'flink',
      connectors: connectorRegistry([filesystemConnector, jdbcConnector, collectingAlerts(collected)]),
      baseDirectory: o.dir,
      onResult: () => undefined,
    });
    const standardAlerts = /CREATE\s+TABLE\s+alerts\b/i.test(sql) ? '' : `CREATE TABLE alerts (alert_key STRING, event_time TIMESTAMP(3), message STRING) WITH ('connector' = 'alerts');\n`;
    await runner.run(`SET 'execution.runtime-mode' = 'streaming';\n${tablesDdl};\n${standardAlerts}${sql}`);
    for (const sink of compileRule(sql, o.streams).sinks) {
      if (sink.connector !== 'alerts') continue;
      const toRecord = compileAlertRecord(rule.id, sink);
      for (const row of collected.get(sink.table.name) ?? []) alerts.push(toRecord(row));
    }
  }
  return alerts;
}

/** The stream as a filesystem table with the same columns and watermark as the runner's. */
export function streamDdl(stream: StreamDefinition): string {
  const table = streamTable(stream);
  const columns = table.columns.map((c) => (c.computed ? `\`${c.name}\` AS PROCTIME()` : `\`${c.name}\` ${formatType(c.type)}`));
  const delay = stream.maxOutOfOrdernessMs / 1000;
  columns.push(`WATERMARK FOR \`${stream.eventTimeField}\` AS \`${stream.eventTimeField}\`${delay > 0 ? ` - INTERVAL '${delay}' SECOND` : ''}`);
  return `CREATE TABLE ${stream.name} (\n  ${columns.join(',\n  ')}\n) WITH ('connector' = 'filesystem', 'path' = '${stream.name}.ndjson', 'format' = 'json')`;
}

/** A test-only 'alerts' connector for ScriptRunner: keeps the rows per table. */
function collectingAlerts(into: Map<string, Row[]>): ConnectorFactory {
  return {
    name: 'alerts',
    createSink(table) {
      const rows = into.get(table.name) ?? [];
      into.set(table.name, rows);
      return {
        write: async (written) => void rows.push(...written),
        commit: async () => undefined,
        abort: async () => undefined,
      };
    },
  };
}
