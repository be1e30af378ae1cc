import { ConfigError } from '@sluice/contracts';
import { z } from 'zod';

/**
 * The batch runner's whole configuration, read from the environment once (STYLE.md 2.5): every
 * variable validated at once, each bad one named (`REDIS_URL: expected redis://host:port[/db]`).
 */
export interface BatchRunnerConfig {
  readonly http: { readonly host: string; readonly port: number };
  readonly mysql: { readonly url: string; readonly runMigrations: boolean };
  readonly redis: { readonly url: string };
  /** Default brokers of `USING kafka` tables without 'kafka.bootstrap.servers'. */
  readonly kafka: { readonly brokers: readonly string[] };
  readonly queues: {
    /** Queue names are `<prefix>-schedules`, `<prefix>-runs`, `<prefix>-tasks`. */
    readonly prefix: string;
    /** Map tasks this process runs at once (they are CPU-bound: about one per core). */
    readonly taskConcurrency: number;
    /** Runs (planning, waiting for tasks, merging and writing) this process handles at once. */
    readonly runConcurrency: number;
    /** BullMQ lock: a worker that stops renewing it (killed) loses its job after this long. */
    readonly lockDurationMs: number;
    readonly stalledIntervalMs: number;
  };
  readonly runs: {
    /** Runs of one job at once, unless its script sets sluice.batch.max-concurrent-runs. */
    readonly maxConcurrentPerJob: number;
    /** Attempts of a run and of each task (BullMQ `attempts`), unless set by sluice.batch.attempts. */
    readonly attempts: number;
    /** First retry delay; doubles each time (BullMQ exponential backoff). */
    readonly backoffMs: number;
    /** A run not finished by then fails, unless set by sluice.batch.timeout. */
    readonly timeoutMs: number;
    readonly dispatchIntervalMs: number;
    readonly scheduleSyncIntervalMs: number;
    /** Directory relative file paths in job scripts resolve against. */
    readonly filesDirectory: string;
  };
  readonly board: { readonly path: string; readonly authCacheTtlMs: number };
  readonly logLevel: 'error' | 'warn' | 'log' | 'debug' | 'verbose';
}

function wholeNumber(fallback: number, min: number, max = Number.MAX_SAFE_INTEGER) {
  return z
    .string()
    .regex(/^\d*$/, 'expected a whole number')
    .optional()
    .transform((v) => (v === undefined || v === '' ? fallback : Number(v)))
    .pipe(z.number().min(min, `must be at least ${min}`).max(max, `must be at most ${max}`));
}

const MYSQL_URL = z
  .string({ required_error: 'required, e.g. mysql://user:pass@host:3306/sluice' })
  .regex(/^mysql:\/\/[^:@/]+(:[^@]*)?@[^:/]+:\d+\/\w+/, 'expected mysql://user:pass@host:port/db');

const schema = z.object({
  MYSQL_URL,
  REDIS_URL: z
    .string({ required_error: 'required, e.g. redis://localhost:6379' })
    .regex(/^rediss?:\/\/([^@/]*@)?[^:/]+(:\d+)?(\/\d+)?$/, 'expected redis://host:port[/db]'),
  KAFKA_BROKERS: z
    .string()
    .regex(/^([^,\s]+:\d+(,[^,\s]+:\d+)*)?$/, 'expected host:port[,host:port...]')
    .optional()
    .default(''),
  PORT: wholeNumber(8082, 0, 65535),
  HOST: z.string().min(1).optional().default('0.0.0.0'),
  BATCH_RUN_MIGRATIONS: z.enum(['true', 'false']).optional().default('true'),
  BATCH_QUEUE_PREFIX: z
    .string()
    .regex(/^[A-Za-z0-9_.-]{1,80}$/, 'letters, digits, . _ - only (no ":")')
    .optional()
    .default('sluice-batch'),
  BATCH_TASK_CONCURRENCY: wholeNumber(1, 1, 64),
  BATCH_RUN_CONCURRENCY: wholeNumber(4, 1, 256),
  BATCH_LOCK_DURATION_MS: wholeNumber(30_000, 1_000, 600_000),
  BATCH_STALLED_INTERVAL_MS: wholeNumber(15_000, 500, 600_000),
  BATCH_MAX_RUNS_PER_JOB: wholeNumber(1, 1, 1_000),
  BATCH_ATTEMPTS: wholeNumber(3, 1, 100),
  BATCH_BACKOFF_MS: wholeNumber(5_000, 0, 3_600_000),
  BATCH_RUN_TIMEOUT_MS: wholeNumber(3_600_000, 1_000, 7 * 86_400_000),
  BATCH_DISPATCH_INTERVAL_MS: wholeNumber(1_000, 50, 600_000),
  BATCH_SCHEDULE_SYNC_INTERVAL_MS: wholeNumber(5_000, 100, 3_600_000),
  BATCH_FILES_DIR: z.string().min(1).optional().default('.'),
  BATCH_BOARD_PATH: z
    .string()
    .regex(/^\/[A-Za-z0-9/_-]*$/, 'expected a path such as /board')
    .optional()
    .default('/board'),
  BATCH_AUTH_CACHE_TTL_MS: wholeNumber(10_000, 0, 3_600_000),
  LOG_LEVEL: z.enum(['error', 'warn', 'info', 'log', 'debug', 'verbose']).optional().default('info'),
});

/** Validates `env` and returns a frozen config; throws ConfigError with one detail per bad variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): BatchRunnerConfig {
  const e = parse(schema, env);
  return deepFreeze({
    http: { host: e.HOST, port: e.PORT },
    mysql: { url: e.MYSQL_URL, runMigrations: e.BATCH_RUN_MIGRATIONS === 'true' },
    redis: { url: e.REDIS_URL },
    kafka: { brokers: e.KAFKA_BROKERS === '' ? [] : e.KAFKA_BROKERS.split(',') },
    queues: {
      prefix: e.BATCH_QUEUE_PREFIX,
      taskConcurrency: e.BATCH_TASK_CONCURRENCY,
      runConcurrency: e.BATCH_RUN_CONCURRENCY,
      lockDurationMs: e.BATCH_LOCK_DURATION_MS,
      stalledIntervalMs: e.BATCH_STALLED_INTERVAL_MS,
    },
    runs: {
      maxConcurrentPerJob: e.BATCH_MAX_RUNS_PER_JOB,
      attempts: e.BATCH_ATTEMPTS,
      backoffMs: e.BATCH_BACKOFF_MS,
      timeoutMs: e.BATCH_RUN_TIMEOUT_MS,
      dispatchIntervalMs: e.BATCH_DISPATCH_INTERVAL_MS,
      scheduleSyncIntervalMs: e.BATCH_SCHEDULE_SYNC_INTERVAL_MS,
      filesDirectory: e.BATCH_FILES_DIR,
    },
    board: {
      path: e.BATCH_BOARD_PATH.replace(/\/$/, '') || '/board',
      authCacheTtlMs: e.BATCH_AUTH_CACHE_TTL_MS,
    },
    logLevel: e.LOG_LEVEL === 'info' ? 'log' : e.LOG_LEVEL,
  });
}

/** What the `deploy` / `trigger` / `runs` commands need: MySQL only (KAFKA_BROKERS for checking Kafka tables). */
export interface BatchCliConfig {
  readonly mysqlUrl: string;
  readonly kafkaBrokers: readonly string[];
}

export function loadCliConfig(env: NodeJS.ProcessEnv = process.env): BatchCliConfig {
  const e = parse(z.object({ MYSQL_URL, KAFKA_BROKERS: schema.shape.KAFKA_BROKERS }), env);
  return deepFreeze({
    mysqlUrl: e.MYSQL_URL,
    kafkaBrokers: e.KAFKA_BROKERS === '' ? [] : e.KAFKA_BROKERS.split(','),
  });
}

/** The config for logs: passwords in URLs masked. */
export function redactedConfig(config: BatchRunnerConfig): unknown {
  const mask = (url: string) => url.replace(/:\/\/([^:@/]*):[^@/]*@/, '://$1:***@');
  return {
    ...config,
    mysql: { ...config.mysql, url: mask(config.mysql.url) },
    redis: { url: mask(config.redis.url) },
  };
}

function parse<T extends z.ZodTypeAny>(schema: T, env: NodeJS.ProcessEnv): z.infer<T> {
  const parsed = schema.safeParse(env);
  if (parsed.success) return parsed.data;
  const details = parsed.error.issues.map((issue) => ({
    pointer: issue.path.join('.'),
    message: issue.message,
  }));
  throw new ConfigError(
    `invalid environment:\n${details.map((d) => `${d.pointer}: ${d.message}`).join('\n')}`,
    { details },
  );
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}
