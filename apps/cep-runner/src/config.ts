import { ConfigError, parseDurationMs } from '@sluice/contracts';
import { z } from 'zod';

/**
 * The CEP runner's whole configuration, read from the environment once (STYLE.md 2.5). Every
 * variable is validated at once and each bad one is named, e.g.
 * `CEP_CHECKPOINT_INTERVAL_MS: must be at least 50`.
 */
export interface CepRunnerConfig {
  readonly http: { readonly host: string; readonly port: number };
  readonly mysql: { readonly url: string; readonly runMigrations: boolean; readonly poolSize: number };
  readonly kafka: {
    readonly brokers: readonly string[];
    readonly clientId: string;
    /** Consumer group of the runners; checkpoints are kept per group. */
    readonly groupId: string;
    readonly sessionTimeoutMs: number;
    readonly heartbeatIntervalMs: number;
    /** Longest a fetch waits for data (low values suit brokers that do not wake up fetches). */
    readonly maxWaitTimeMs: number;
    /** Delay of the group leader before it hands out assignments (see single-owner-assigner.ts). */
    readonly assignDelayMs: number;
  };
  /** Path of the stream definitions file (YAML). */
  readonly streamsFile: string;
  readonly checkpoint: {
    readonly intervalMs: number;
    /** A checkpoint is taken early once this many sink rows wait, bounding memory. */
    readonly maxBufferedRows: number;
  };
  /** A caught-up partition silent for this long stops holding watermarks back (0 = never). */
  readonly idleTimeoutMs: number;
  /** Event ids are remembered per partition for this much gateway ingest time (0 = no dedup)... */
  readonly dedupHorizonMs: number;
  /** ...and at most this many per partition. */
  readonly dedupMaxEventsPerPartition: number;
  readonly rulePollIntervalMs: number;
  /** Backoff bounds when MySQL or Kafka fail. */
  readonly retry: { readonly initialMs: number; readonly maxMs: number };
  readonly logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  readonly shutdownTimeoutMs: number;
}

function wholeNumber(fallback: number, min: number, max = Number.MAX_SAFE_INTEGER) {
  return z
    .string()
    .regex(/^\d*$/, 'expected a whole number')
    .optional()
    .transform((v) => (v === undefined || v === '' ? fallback : Number(v)))
    .pipe(z.number().min(min, `must be at least ${min}`).max(max, `must be at most ${max}`));
}

function duration(fallback: string) {
  return z
    .string()
    .optional()
    .transform((v, ctx) => {
      const ms = parseDurationMs(v === undefined || v === '' ? fallback : /^\d+$/.test(v) ? Number(v) : v);
      if (ms === undefined) {
        ctx.addIssue({ code: z.ZodIssueCode.custom, message: "expected a duration such as '10m', '30s', '250ms' or a number of ms" });
        return z.NEVER;
      }
      return ms;
    });
}

function flag(fallback: boolean) {
  return z
    .enum(['true', 'false', '1', '0', ''])
    .optional()
    .transform((v) => (v === undefined || v === '' ? fallback : v === 'true' || v === '1'));
}

const schema = z.object({
  MYSQL_URL: z
    .string({ required_error: 'required, e.g. mysql://user:pass@host:3306/sluice' })
    .regex(/^mysql:\/\/[^:@/]+(:[^@]*)?@[^:/]+:\d+\/\w+/, 'expected mysql://user:pass@host:port/db'),
  KAFKA_BROKERS: z
    .string({ required_error: 'required, e.g. localhost:9092' })
    .regex(/^[^,\s]+:\d+(,[^,\s]+:\d+)*$/, 'expected host:port[,host:port...]'),
  SLUICE_STREAMS: z.string({ required_error: 'required: path of the stream definitions file' }).min(1, 'must not be empty'),
  PORT: wholeNumber(8081, 0, 65535),
  HOST: z.string().min(1).optional().default('0.0.0.0'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).optional().default('info'),
  KAFKA_CLIENT_ID: z.string().regex(/^[\w.-]+$/, 'letters, digits, . _ - only').optional().default('sluice-cep-runner'),
  CEP_GROUP_ID: z.string().regex(/^[\w.-]{1,200}$/, '1 to 200 letters, digits, . _ -').optional().default('sluice-cep-runner'),
  CEP_RUN_MIGRATIONS: flag(true),
  CEP_MYSQL_POOL_SIZE: wholeNumber(4, 2, 64),
  CEP_CHECKPOINT_INTERVAL_MS: wholeNumber(1_000, 50, 600_000),
  CEP_MAX_BUFFERED_ROWS: wholeNumber(100_000, 100, 10_000_000),
  CEP_IDLE_TIMEOUT_MS: wholeNumber(5_000, 0, 3_600_000),
  CEP_DEDUP_HORIZON: duration('10m'),
  CEP_DEDUP_MAX_EVENTS: wholeNumber(50_000, 0, 50_000_000),
  CEP_RULE_POLL_INTERVAL_MS: wholeNumber(2_000, 100, 600_000),
  CEP_RETRY_INITIAL_MS: wholeNumber(200, 10, 60_000),
  CEP_RETRY_MAX_MS: wholeNumber(5_000, 10, 600_000),
  CEP_SHUTDOWN_TIMEOUT_MS: wholeNumber(15_000, 0, 600_000),
  KAFKA_SESSION_TIMEOUT_MS: wholeNumber(10_000, 1_000, 600_000),
  KAFKA_HEARTBEAT_INTERVAL_MS: wholeNumber(500, 100, 60_000),
  KAFKA_MAX_WAIT_MS: wholeNumber(100, 0, 30_000),
  CEP_ASSIGN_DELAY_MS: wholeNumber(300, 0, 10_000),
});

/** Validates `env` and returns a frozen config; throws ConfigError with one detail per bad variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): CepRunnerConfig {
  const parsed = schema.safeParse(env);
  if (!parsed.success) throw invalid(parsed.error.issues.map((issue) => ({ pointer: issue.path.join('.'), message: issue.message })));
  const e = parsed.data;
  const problems: { pointer: string; message: string }[] = [];
  if (e.KAFKA_HEARTBEAT_INTERVAL_MS * 3 > e.KAFKA_SESSION_TIMEOUT_MS) problems.push({ pointer: 'KAFKA_HEARTBEAT_INTERVAL_MS', message: `must be at most a third of KAFKA_SESSION_TIMEOUT_MS (${e.KAFKA_SESSION_TIMEOUT_MS})` });
  if (e.CEP_RETRY_MAX_MS < e.CEP_RETRY_INITIAL_MS) problems.push({ pointer: 'CEP_RETRY_MAX_MS', message: `must be at least CEP_RETRY_INITIAL_MS (${e.CEP_RETRY_INITIAL_MS})` });
  if (problems.length > 0) throw invalid(problems);
  return deepFreeze({
    http: { host: e.HOST, port: e.PORT },
    mysql: { url: e.MYSQL_URL, runMigrations: e.CEP_RUN_MIGRATIONS, poolSize: e.CEP_MYSQL_POOL_SIZE },
    kafka: {
      brokers: e.KAFKA_BROKERS.split(','),
      clientId: e.KAFKA_CLIENT_ID,
      groupId: e.CEP_GROUP_ID,
      sessionTimeoutMs: e.KAFKA_SESSION_TIMEOUT_MS,
      heartbeatIntervalMs: e.KAFKA_HEARTBEAT_INTERVAL_MS,
      maxWaitTimeMs: e.KAFKA_MAX_WAIT_MS,
      assignDelayMs: e.CEP_ASSIGN_DELAY_MS,
    },
    streamsFile: e.SLUICE_STREAMS,
    checkpoint: { intervalMs: e.CEP_CHECKPOINT_INTERVAL_MS, maxBufferedRows: e.CEP_MAX_BUFFERED_ROWS },
    idleTimeoutMs: e.CEP_IDLE_TIMEOUT_MS,
    dedupHorizonMs: e.CEP_DEDUP_HORIZON,
    dedupMaxEventsPerPartition: e.CEP_DEDUP_MAX_EVENTS,
    rulePollIntervalMs: e.CEP_RULE_POLL_INTERVAL_MS,
    retry: { initialMs: e.CEP_RETRY_INITIAL_MS, maxMs: e.CEP_RETRY_MAX_MS },
    logLevel: e.LOG_LEVEL,
    shutdownTimeoutMs: e.CEP_SHUTDOWN_TIMEOUT_MS,
  });
}

function invalid(details: { pointer: string; message: string }[]): ConfigError {
  return new ConfigError(`invalid environment:\n${details.map((d) => `${d.pointer}: ${d.message}`).join('\n')}`, { details });
}

/** The config with secrets masked, for the start-up log line. */
export function redactedConfig(config: CepRunnerConfig): CepRunnerConfig {
  const url = new URL(config.mysql.url);
  if (url.password) url.password = '***';
  return { ...config, mysql: { ...config.mysql, url: url.toString() } };
}

function deepFreeze<T extends object>(value: T): T {
  for (const child of Object.values(value)) if (typeof child === 'object' && child !== null) deepFreeze(child);
  return Object.freeze(value);
}
