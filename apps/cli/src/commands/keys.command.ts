import type { Command } from 'commander';
import { createApiKey, createSluiceDataSource } from '@sluice/contracts/db';
import { loadDatabaseConfig } from '../config';

/** `sluice keys create --scope ingest:orders --scope admin`: prints a new API key once. */
export function registerKeysCommand(program: Command): void {
  const keys = program.command('keys').description('manage gateway API keys (stored hashed in MySQL; needs MYSQL_URL)');
  keys
    .command('create')
    .description('create an API key and print it once (only its hash is stored)')
    .requiredOption('--scope <scope...>', 'ingest:<stream>, ingest:* or admin (repeatable)')
    .option('--name <name>', 'a label for the key', '')
    .action(async (o: { scope: string[]; name: string }) => {
      const db = createSluiceDataSource({ url: loadDatabaseConfig().mysqlUrl, poolSize: 1 });
      await db.initialize();
      try {
        await db.runMigrations();
        const { token } = await createApiKey(db, { scopes: o.scope, name: o.name });
        process.stdout.write(`${token}\n`);
      } finally {
        await db.destroy();
      }
    });
}
