import { expect } from 'vitest';
import { createTestDatabase } from '../../harness/test-context';
import { SCENARIO_RULES, type ScenarioEvent, type ScenarioRule } from './cep-scenario';
import { alertRows, createDimensionTables, expectedAlertRows, jdbcOptionsOf, tableRows, withConnection, type CepTestEnv } from './cep-test-kit';
import { referenceRun } from './reference-run';

/**
 * Asserts the runner's MySQL tables equal what `sluice run` computes from the same events read
 * from files: every jdbc table row for row and every alert (id, key, times, payload). Also checks
 * the result is not vacuous: each order was counted exactly once.
 */
export async function expectTablesOfReference(env: CepTestEnv, events: readonly ScenarioEvent[], rules: readonly ScenarioRule[] = SCENARIO_RULES): Promise<void> {
  const reference = await createTestDatabase();
  try {
    await createDimensionTables(reference.url);
    const alerts = await referenceRun({ streams: env.streams, events, rules, jdbc: jdbcOptionsOf(reference.url), dir: env.dir });
    for (const rule of rules) {
      for (const table of rule.tables) expect(await tableRows(env.database.url, table), `table ${table} of rule ${rule.id}`).toEqual(await tableRows(reference.url, table));
    }
    const ruleIds = new Set(rules.map((r) => r.id));
    const actualAlerts = (await alertRows(env.database.url)).filter((row) => ruleIds.has(JSON.parse(row)[1] as string));
    expect(actualAlerts).toEqual(expectedAlertRows(alerts));
  } finally {
    await reference.drop();
  }
  if (rules.some((r) => r.tables.includes('revenue_per_minute'))) {
    const unique = events.filter((e) => e.stream === 'orders' && !e.isDuplicate && e.partition === undefined).length;
    const counted = await withConnection(env.database.url, async (c) => (await c.query(`SELECT COALESCE(SUM(orders), 0) AS n FROM revenue_per_minute WHERE product <> 'flush'`))[0] as { n: string }[]);
    expect(Number(counted[0].n), 'orders counted in revenue_per_minute').toBe(unique);
  }
}
