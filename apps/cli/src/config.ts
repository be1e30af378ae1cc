import { z } from 'zod';

const schema = z.object({
  MYSQL_URL: z.string().regex(/^mysql:\/\/[^:]+(:[^@]*)?@[^:/]+:\d+\/\w+/, 'expected mysql://user:pass@host:port/db'),
  KAFKA_BROKERS: z.string().regex(/^[^,\s]+:\d+(,[^,\s]+:\d+)*$/, 'expected host:port[,host:port...]'),
});

export interface CliServiceConfig {
  readonly mysqlUrl: string;
  readonly kafkaBrokers: readonly string[];
}

/** MYSQL_URL alone, for commands that only touch the database (sluice keys). */
export function loadDatabaseConfig(env: NodeJS.ProcessEnv = process.env): { readonly mysqlUrl: string } {
  const parsed = schema.pick({ MYSQL_URL: true }).safeParse(env);
  if (!parsed.success) throw new Error(`invalid environment:\n${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('\n')}`);
  return Object.freeze({ mysqlUrl: parsed.data.MYSQL_URL });
}

/** Validates the variables the CLI's service-backed commands need, naming every bad one. */
export function loadServiceConfig(env: NodeJS.ProcessEnv = process.env): CliServiceConfig {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
    throw new Error(`invalid environment (run 'eval "$(sluice services env)"' after 'sluice services up'):\n${lines.join('\n')}`);
  }
  return Object.freeze({ mysqlUrl: parsed.data.MYSQL_URL, kafkaBrokers: parsed.data.KAFKA_BROKERS.split(',') });
}
